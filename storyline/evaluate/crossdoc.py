"""Cross-document id consistency: the same gold id in two documents must get the same predicted id."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any


def _pairs(n: int) -> int:
    """Number of unordered pairs among n items."""
    return n * (n - 1) // 2


def _valid_id(value: Any) -> str | None:
    """Usable ids are non-empty strings; anything else never counts as consistent."""
    return value if isinstance(value, str) and value else None


def id_consistency(records: Iterable[tuple[str, Any, Any]]) -> dict[str, Any]:
    """Score (doc_id, gold_id, pred_id) records of matched items.

    Over all pairs of records with the same gold id in two different documents, the fraction whose
    predicted ids are equal (and present). Counted in linear time from group sizes, not all-pairs.
    Returns cross_doc_pairs, cross_doc_consistent, cross_doc_id_consistency (None without pairs) and
    cross_doc_inconsistent (sorted gold ids with at least one inconsistent pair).
    """
    by_gold: Counter[str] = Counter()
    by_gold_doc: Counter[tuple[str, str]] = Counter()
    by_gold_pred: Counter[tuple[str, str]] = Counter()
    by_gold_doc_pred: Counter[tuple[str, str, str]] = Counter()
    for doc_id, gold_id, pred_id in records:
        gid = _valid_id(gold_id)
        if gid is None:
            continue
        by_gold[gid] += 1
        by_gold_doc[(gid, doc_id)] += 1
        pid = _valid_id(pred_id)
        if pid is not None:
            by_gold_pred[(gid, pid)] += 1
            by_gold_doc_pred[(gid, doc_id, pid)] += 1
    total: Counter[str] = Counter()
    consistent: Counter[str] = Counter()
    for gid, n in by_gold.items():
        total[gid] += _pairs(n)
    for (gid, _doc), n in by_gold_doc.items():
        total[gid] -= _pairs(n)
    for (gid, _pid), n in by_gold_pred.items():
        consistent[gid] += _pairs(n)
    for (gid, _doc, _pid), n in by_gold_doc_pred.items():
        consistent[gid] -= _pairs(n)
    n_pairs = sum(total.values())
    n_consistent = sum(consistent.values())
    bad = sorted(gid for gid in total if consistent[gid] < total[gid])
    return {
        "cross_doc_pairs": n_pairs,
        "cross_doc_consistent": n_consistent,
        "cross_doc_id_consistency": n_consistent / n_pairs if n_pairs else None,
        "cross_doc_inconsistent": bad,
    }
