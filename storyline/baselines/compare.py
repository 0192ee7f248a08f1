"""Runs a baseline over the stored texts of the gold documents and lays its figures beside ours."""
from __future__ import annotations

import copy
from typing import Any, Callable

from rich.table import Table

from storyline.store.db import Store

# (report section, key, label) of the figures compared side by side
FIGURES = (
    ("published", "accuracy", "published date accuracy"),
    ("entities", "f1", "entity F1"),
    ("entities", "type_accuracy", "entity type accuracy"),
    ("entities", "alias_merge_accuracy", "alias-merge accuracy"),
    ("entities", "cross_doc_id_consistency", "entity cross-doc id consistency"),
    ("timexes", "f1", "timex F1"),
    ("timexes", "value_accuracy", "timex value accuracy"),
    ("timexes", "strict.f1", "timex F1 with the right value"),
    ("events", "f1", "event F1 (date + type)"),
    ("quotes", "f1", "quote F1"),
    ("quotes", "speaker_accuracy", "speaker accuracy"),
)


def baseline_predictions(store: Store, preds: dict[str, dict[str, Any]],
                         annotate: Callable[[str, str | None], dict[str, Any]],
                         on_doc: Callable[[str], None] | None = None) -> dict[str, dict[str, Any]]:
    """Our predictions with the fields the baseline predicts replaced by the baseline's output."""
    out: dict[str, dict[str, Any]] = {}
    for doc_id, pred in preds.items():
        row = store.query("SELECT text, published FROM documents WHERE id = ?", (doc_id,))
        new = copy.deepcopy(pred)
        if row:
            new.update(annotate(row[0][0], row[0][1]))
        out[doc_id] = new
        if on_doc:
            on_doc(doc_id)
    return out


def _get(section: dict[str, Any], key: str) -> Any:
    """A figure by dotted path ('strict.f1')."""
    value: Any = section
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def comparison_table(ours: dict[str, Any], theirs: dict[str, Any], name: str,
                     fields: set[str]) -> Table:
    """One row per figure the baseline predicts: storyline's value, the baseline's, the gap."""
    table = Table(title=f"storyline vs {name} (same texts, same gold)", title_justify="left")
    for col in ("figure", "storyline", name, "difference"):
        table.add_column(col, justify="left" if col == "figure" else "right")
    for section, key, label in FIGURES:
        if section not in fields:
            continue
        a, b = _get(ours.get(section, {}), key), _get(theirs.get(section, {}), key)
        diff = f"{a - b:+.3f}" if isinstance(a, float) and isinstance(b, float) else "—"
        table.add_row(label, "—" if a is None else f"{a:.3f}", "—" if b is None else f"{b:.3f}", diff)
    return table
