"""Assembles the per-field scores into one JSON-serializable report; pure, no file access."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .docs import DocPair, empty_prediction
from .entities import score_entities
from .events import score_events
from .published import score_published
from .quotes import score_quotes
from .timexes import score_timexes

SCORERS = {
    "published": score_published,
    "entities": score_entities,
    "timexes": score_timexes,
    "events": score_events,
    "quotes": score_quotes,
}


def pair_documents(
    gold_docs: Mapping[str, dict[str, Any]], pred_docs: Mapping[str, dict[str, Any]]
) -> tuple[list[DocPair], list[str]]:
    """Pair every gold doc with its prediction (empty when absent); also return the missing ids."""
    pairs: list[DocPair] = []
    missing: list[str] = []
    for doc_id in sorted(gold_docs):
        pred = pred_docs.get(doc_id)
        if not isinstance(pred, dict):
            missing.append(doc_id)
            pred = empty_prediction(doc_id)
        pairs.append(DocPair(doc_id, gold_docs[doc_id], pred))
    return pairs, missing


def evaluate_documents(
    gold_docs: Mapping[str, dict[str, Any]], pred_docs: Mapping[str, dict[str, Any]]
) -> dict[str, Any]:
    """Score predictions against gold, both keyed by doc id; predictions without gold are ignored."""
    pairs, missing = pair_documents(gold_docs, pred_docs)
    report: dict[str, Any] = {"documents": len(pairs)}
    per_document: dict[str, dict[str, Any]] = {doc.doc_id: {} for doc in pairs}
    for field, scorer in SCORERS.items():
        section, per_doc = scorer(pairs)
        report[field] = section
        for doc_id, counts in per_doc.items():
            per_document[doc_id][field] = counts
    report["missing"] = missing
    report["per_document"] = per_document
    return report
