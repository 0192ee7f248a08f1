"""Timex scoring: lenient span overlap for detection, separate value/type checks on matched pairs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from .docs import DocPair, items
from .matching import count_equal, greedy_match
from .metrics import detection, prf, ratio
from .normalize import norm_text

Timex = dict[str, Any]

_SPAN_MATCH = 0
_TEXT_MATCH = 1


def _offset(value: Any) -> int | None:
    """A usable character offset: a non-negative int (bools excluded)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def span(timex: Timex) -> tuple[int, int] | None:
    """(start, end) when both offsets are present and ordered, else None."""
    start, end = _offset(timex.get("start")), _offset(timex.get("end"))
    if start is None or end is None or end < start:
        return None
    return start, end


def _occurrence_ranks(texts: Sequence[str]) -> list[int]:
    """For each item, how many earlier items carry the same normalized text (0 for the first)."""
    seen: Counter[str] = Counter()
    ranks: list[int] = []
    for text in texts:
        ranks.append(seen[text])
        seen[text] += 1
    return ranks


def _contains(a: str, b: str) -> bool:
    """Non-empty texts where one contains the other."""
    return bool(a) and bool(b) and (a in b or b in a)


def match_timexes(gold: Sequence[Timex], pred: Sequence[Timex]) -> list[tuple[int, int]]:
    """One-to-one matching by span overlap, or by text containment when a side lacks offsets.

    With offsets on both sides, the pair needs a positive overlap; larger overlaps win. Otherwise
    one normalized text must contain the other, and the nearest occurrence wins (closest start when
    both have one, else the same n-th occurrence of that text), then an identical text, then the
    closest list position.
    Span pairs are preferred to text pairs.
    """
    gold_spans, pred_spans = [span(t) for t in gold], [span(t) for t in pred]
    gold_texts = [norm_text(t.get("text")) for t in gold]
    pred_texts = [norm_text(t.get("text")) for t in pred]
    gold_ranks, pred_ranks = _occurrence_ranks(gold_texts), _occurrence_ranks(pred_texts)

    def scorer(gi: int, pi: int) -> tuple[int, ...] | None:
        gs, ps = gold_spans[gi], pred_spans[pi]
        if gs is not None and ps is not None:
            overlap = min(gs[1], ps[1]) - max(gs[0], ps[0])
            if overlap <= 0:
                return None
            return (_SPAN_MATCH, -overlap, abs(gs[0] - ps[0]))
        if not _contains(gold_texts[gi], pred_texts[pi]):
            return None
        g_start, p_start = _offset(gold[gi].get("start")), _offset(pred[pi].get("start"))
        if g_start is not None and p_start is not None:
            distance = abs(g_start - p_start)
        else:
            distance = abs(gold_ranks[gi] - pred_ranks[pi])
        different = int(gold_texts[gi] != pred_texts[pi])
        return (_TEXT_MATCH, distance, different, abs(gi - pi))

    return greedy_match(len(gold), len(pred), scorer)


def _same_value(g: Timex, p: Timex) -> bool:
    """Exact string equality of TIMEX3 values (null equals null)."""
    return g.get("value") == p.get("value")


def _same_type(g: Timex, p: Timex) -> bool:
    """TIMEX3 types compare case-insensitively."""
    return norm_text(g.get("type")) == norm_text(p.get("type"))


def score_timexes(docs: Sequence[DocPair]) -> tuple[dict[str, Any], dict[str, dict[str, int]]]:
    """Report section for timexes (lenient, strict, value and type accuracy) and per-doc counts."""
    n_gold = n_pred = n_matched = n_value = n_type = 0
    per_doc: dict[str, dict[str, int]] = {}
    for doc in docs:
        gold, pred = items(doc.gold, "timexes"), items(doc.pred, "timexes")
        pairs = match_timexes(gold, pred)
        values_ok = count_equal(pairs, gold, pred, _same_value)
        n_gold, n_pred, n_matched = n_gold + len(gold), n_pred + len(pred), n_matched + len(pairs)
        n_value += values_ok
        n_type += count_equal(pairs, gold, pred, _same_type)
        per_doc[doc.doc_id] = {
            "gold": len(gold), "pred": len(pred), "matched": len(pairs), "value_ok": values_ok,
        }
    section = detection(n_matched, n_gold, n_pred)
    section["type_accuracy"] = ratio(n_type, n_matched)
    section["value_accuracy"] = ratio(n_value, n_matched)
    section["strict"] = {"matched": n_value, **prf(n_value, n_gold, n_pred)}
    return section, per_doc
