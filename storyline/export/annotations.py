"""Writes the annotation format of ANNOTATION_FORMAT.md (the export/gold contract)."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Callable, Iterator

from storyline.model import Document
from storyline.store import reader
from storyline.store.db import Store

CONTEXT_CHARS = 40


def _context(text: str, start: int, end: int) -> str:
    """A short window around a span, cut at word boundaries, for a reader of the file."""
    a = max(0, start - CONTEXT_CHARS)
    b = min(len(text), end + CONTEXT_CHARS)
    window = text[a:b]
    if a > 0 and " " in window[: start - a]:
        window = window[window.index(" ") + 1:]
    if b < len(text) and " " in window[-(b - end):]:
        window = window[: window.rindex(" ")]
    return window.replace("\n", " ").strip()


def timexes(doc: Document) -> list[dict[str, Any]]:
    """The document's temporal expressions in TIMEX3 terms."""
    out = []
    for s in doc.layer("timexes"):
        out.append({"text": s.text_in(doc.text), "start": s.start, "end": s.end, "type": s.label,
                    "value": s.value, "context": _context(doc.text, s.start, s.end)})
    return out


def annotation(store: Store, doc_id: str) -> dict[str, Any] | None:
    """One document in the annotation format, or None if the id is unknown."""
    loaded = reader.load_document(store, doc_id)
    if loaded is None:
        return None
    doc, dup = loaded
    out: dict[str, Any] = {
        "id": doc.id,
        "published": doc.published.to_dict(),
        "entities": reader.doc_entities(store, doc.id),
        "timexes": timexes(doc),
        "events": reader.doc_events(store, doc.id),
        "quotes": reader.doc_quotes(store, doc.id),
        "lang": doc.lang,
        "source": doc.source,
    }
    if dup["duplicate_of"]:
        out["duplicate_of"] = {"id": dup["duplicate_of"], "kind": dup["duplicate_kind"],
                               "similarity": dup["similarity"]}
    return out


def full_record(store: Store, doc_id: str) -> dict[str, Any] | None:
    """Everything stored about a document: text, layers with offsets, and the annotation fields."""
    loaded = reader.load_document(store, doc_id)
    if loaded is None:
        return None
    doc, dup = loaded
    record = doc.to_dict()
    record.update(annotation(store, doc_id) or {})
    record["duplicate"] = dup if dup["duplicate_of"] else None
    return record


def safe_name(doc_id: str) -> str:
    """A file name for a document id that cannot climb out of the output folder."""
    name = doc_id.replace(os.sep, "_").replace("/", "_").replace("\\", "_")
    return "_" + name if name.startswith(".") or not name else name


def export_annotations(store: Store, out_dir: Path, validate: Callable[[dict], list[str]] | None = None,
                       on_doc: Callable[[str], None] | None = None) -> tuple[int, list[str]]:
    """Write DIR/<doc id>.json for every document; returns (count, schema problems)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    n = 0
    for doc_id in reader.doc_ids(store):
        data = annotation(store, doc_id)
        if data is None:
            continue
        if validate:
            problems.extend(f"{doc_id}: {p}" for p in validate(data))
        path = out_dir / f"{safe_name(doc_id)}.json"
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        n += 1
        if on_doc:
            on_doc(doc_id)
    return n, problems


def iter_full(store: Store) -> Iterator[dict[str, Any]]:
    """Full records of every document, streamed."""
    for doc_id in reader.doc_ids(store):
        rec = full_record(store, doc_id)
        if rec is not None:
            yield rec


def export_json(store: Store, out: Path, on_doc: Callable[[str], None] | None = None) -> int:
    """One JSON array (or JSON Lines when the name ends in .jsonl) of full records, streamed."""
    lines = out.suffix == ".jsonl"
    n = 0
    with open(out, "w", encoding="utf-8") as fh:
        if not lines:
            fh.write("[\n")
        for rec in iter_full(store):
            text = json.dumps(rec, ensure_ascii=False)
            fh.write(text + "\n" if lines else ("" if n == 0 else ",\n") + text)
            n += 1
            if on_doc:
                on_doc(rec["id"])
        if not lines:
            fh.write("\n]\n")
    return n
