"""Publication-date scoring, split by given vs inferred dates because inference is the hard part."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .docs import DocPair, published
from .metrics import ratio


def _value(doc: dict[str, Any]) -> str | None:
    """published.value as a stripped string, or None."""
    value = published(doc).get("value")
    return value.strip() if isinstance(value, str) else None


def score_published(docs: Sequence[DocPair]) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """Exact-match accuracy of published.value over docs whose gold value is not null."""
    counts = {"all": [0, 0], "given": [0, 0], "inferred": [0, 0]}
    per_doc: dict[str, dict[str, Any]] = {}
    for doc in docs:
        gold, pred = _value(doc.gold), _value(doc.pred)
        correct = gold is not None and gold == pred
        per_doc[doc.doc_id] = {"gold": gold, "pred": pred, "correct": correct}
        if gold is None:
            continue
        group = "given" if published(doc.gold).get("given") is True else "inferred"
        for name in ("all", group):
            counts[name][0] += 1
            counts[name][1] += int(correct)
    section = {
        "n": counts["all"][0],
        "correct": counts["all"][1],
        "accuracy": ratio(counts["all"][1], counts["all"][0]),
        "given_n": counts["given"][0],
        "given_accuracy": ratio(counts["given"][1], counts["given"][0]),
        "inferred_n": counts["inferred"][0],
        "inferred_accuracy": ratio(counts["inferred"][1], counts["inferred"][0]),
    }
    return section, per_doc
