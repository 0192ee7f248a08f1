"""Turns a report dict into rich tables, so `storyline eval` prints figures people can read."""

from __future__ import annotations

from typing import Any

from rich.table import Table

FIELDS = ("entities", "timexes", "events", "quotes")
MAX_LISTED = 8


def fmt(value: Any) -> str:
    """Three decimals for figures, an em dash for undefined ones (nothing to measure)."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _section(report: dict[str, Any], field: str) -> dict[str, Any]:
    """A report section, tolerating partial reports."""
    value = report.get(field)
    return value if isinstance(value, dict) else {}


def _detection_row(label: str, section: dict[str, Any]) -> list[str]:
    """Gold / pred / matched counts and P / R / F1 of one field."""
    keys = ("gold", "pred", "matched", "precision", "recall", "f1")
    return [label, *(fmt(section.get(key)) for key in keys)]


def detection_table(report: dict[str, Any]) -> Table:
    """Per-field detection figures: how many items were found."""
    table = Table(title="Detection (P / R / F1)")
    table.add_column("Field")
    for name in ("Gold", "Pred", "Matched", "P", "R", "F1"):
        table.add_column(name, justify="right")
    for field in FIELDS:
        section = _section(report, field)
        table.add_row(*_detection_row(field, section))
        if field == "timexes" and isinstance(section.get("strict"), dict):
            strict = {**section["strict"], "gold": section.get("gold"), "pred": section.get("pred")}
            table.add_row(*_detection_row("timexes (strict value)", strict))
    return table


def _attribute_rows(report: dict[str, Any]) -> list[tuple[str, str, Any, Any]]:
    """(field, measure, n, value) rows for every accuracy-like figure."""
    pub = _section(report, "published")
    ent, tmx = _section(report, "entities"), _section(report, "timexes")
    evt, quo = _section(report, "events"), _section(report, "quotes")
    return [
        ("published", "value accuracy", pub.get("n"), pub.get("accuracy")),
        ("published", "given: accuracy", pub.get("given_n"), pub.get("given_accuracy")),
        ("published", "inferred: accuracy", pub.get("inferred_n"), pub.get("inferred_accuracy")),
        ("entities", "type accuracy", ent.get("matched"), ent.get("type_accuracy")),
        ("entities", "alias merge accuracy", ent.get("matched"), ent.get("alias_merge_accuracy")),
        ("entities", "cross-doc id consistency", ent.get("cross_doc_pairs"),
         ent.get("cross_doc_id_consistency")),
        ("timexes", "type accuracy", tmx.get("matched"), tmx.get("type_accuracy")),
        ("timexes", "value accuracy", tmx.get("matched"), tmx.get("value_accuracy")),
        ("events", "mode accuracy", evt.get("matched"), evt.get("mode_accuracy")),
        ("events", "location accuracy", evt.get("matched"), evt.get("location_accuracy")),
        ("events", "actors F1 (states)", evt.get("matched"), evt.get("actors_f1")),
        ("events", "day-dated recall", evt.get("day_dated_gold"), evt.get("day_dated_recall")),
        ("events", "cross-doc id consistency", evt.get("cross_doc_pairs"),
         evt.get("cross_doc_id_consistency")),
        ("quotes", "speaker accuracy", quo.get("matched"), quo.get("speaker_accuracy")),
    ]


def attribute_table(report: dict[str, Any]) -> Table:
    """Accuracy of attributes on matched items, and id consistency across documents."""
    table = Table(title="Attributes (accuracy on matched items)")
    table.add_column("Field")
    table.add_column("Measure")
    table.add_column("N", justify="right")
    table.add_column("Value", justify="right")
    for field, measure, n, value in _attribute_rows(report):
        table.add_row(field, measure, fmt(n), fmt(value))
    return table


def _listed(ids: Any) -> str:
    """A short comma-separated list of ids, truncated after MAX_LISTED."""
    ids = list(ids) if isinstance(ids, list) else []
    shown = ", ".join(str(i) for i in ids[:MAX_LISTED])
    more = len(ids) - MAX_LISTED
    return f"{shown}, … (+{more})" if more > 0 else shown


def documents_table(report: dict[str, Any]) -> Table:
    """How many documents were scored and which predictions were missing or unreadable."""
    table = Table(title="Documents")
    table.add_column("Item")
    table.add_column("Count", justify="right")
    table.add_column("Ids")
    table.add_row("scored", fmt(report.get("documents")), "")
    for key in ("missing", "unreadable"):
        ids = report.get(key)
        if isinstance(ids, list):
            table.add_row(key, str(len(ids)), _listed(ids))
    return table


def per_document_table(report: dict[str, Any]) -> Table:
    """One row per document: matched/gold/pred counts per field and the published verdict."""
    table = Table(title="Per document (matched/gold/pred)")
    table.add_column("Doc")
    table.add_column("Published")
    for field in FIELDS:
        table.add_column(field, justify="right")
    per_doc = report.get("per_document")
    for doc_id, counts in sorted(per_doc.items() if isinstance(per_doc, dict) else []):
        pub = counts.get("published", {})
        verdict = "—" if pub.get("gold") is None else ("ok" if pub.get("correct") else "wrong")
        cells = [
            f"{c.get('matched', 0)}/{c.get('gold', 0)}/{c.get('pred', 0)}"
            for c in (counts.get(field, {}) for field in FIELDS)
        ]
        table.add_row(str(doc_id), verdict, *cells)
    return table


def render_report(report: dict[str, Any], per_document: bool = False) -> list[Table]:
    """Tables for a terminal: detection, attributes, documents (and per-document rows on request)."""
    tables = [detection_table(report), attribute_table(report), documents_table(report)]
    if per_document:
        tables.append(per_document_table(report))
    return tables
