"""Reads gold and prediction directories of annotation files and scores them with evaluate_documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .report import evaluate_documents


def _read(path: Path) -> dict[str, Any]:
    """Parse one annotation file; a root that is not an object is an error."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a JSON object, got {type(data).__name__}")  # noqa: TRY004
    return data


def load_annotations(directory: Path, strict: bool = True) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Load every *.json in a directory, keyed by file stem (the doc id).

    With strict=True an unreadable file raises ValueError naming it; otherwise it is skipped and its
    doc id returned in the second list.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise FileNotFoundError(f"not a directory: {directory}")
    docs: dict[str, dict[str, Any]] = {}
    unreadable: list[str] = []
    for path in sorted(directory.glob("*.json")):
        try:
            docs[path.stem] = _read(path)
        except (ValueError, UnicodeDecodeError) as err:
            if strict:
                raise ValueError(f"cannot read annotation file {path}: {err}") from err
            unreadable.append(path.stem)
    return docs, unreadable


def evaluate_dirs(gold_dir: Path, pred_dir: Path) -> dict[str, Any]:
    """Score pred_dir/<id>.json against every gold_dir/<id>.json.

    A missing prediction counts as empty and is listed under "missing"; an unreadable prediction
    also counts as empty and is listed under both "missing" and "unreadable". Gold files must parse.
    """
    gold, _ = load_annotations(Path(gold_dir), strict=True)
    pred, unreadable = load_annotations(Path(pred_dir), strict=False)
    report = evaluate_documents(gold, pred)
    report["unreadable"] = sorted(doc_id for doc_id in unreadable if doc_id in gold)
    return report
