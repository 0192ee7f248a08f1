"""Defensive access to annotation dicts, so a sloppy prediction file scores low instead of crashing."""

from __future__ import annotations

from typing import Any, NamedTuple

FIELDS = ("entities", "timexes", "events", "quotes")


class DocPair(NamedTuple):
    """One document's gold annotation next to its prediction (empty when the prediction is missing)."""

    doc_id: str
    gold: dict[str, Any]
    pred: dict[str, Any]


def items(doc: dict[str, Any], field: str) -> list[dict[str, Any]]:
    """The dict items of a list field; missing, null or malformed fields read as an empty list."""
    value = doc.get(field) if isinstance(doc, dict) else None
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, dict)]


def published(doc: dict[str, Any]) -> dict[str, Any]:
    """The published object, or an empty dict when absent or malformed."""
    value = doc.get("published") if isinstance(doc, dict) else None
    return value if isinstance(value, dict) else {}


def empty_prediction(doc_id: str) -> dict[str, Any]:
    """What a missing prediction file stands for: no date and no annotations."""
    empty: dict[str, Any] = {"id": doc_id, "published": {"value": None, "given": False, "why": None}}
    empty.update({field: [] for field in FIELDS})
    return empty
