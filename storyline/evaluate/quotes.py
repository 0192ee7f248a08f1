"""Quote scoring: texts match when they largely overlap, since extents of quoted passages vary."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .docs import DocPair, items
from .matching import count_equal, greedy_match
from .metrics import detection, ratio
from .normalize import norm_optional, token_string, tokens

Quote = dict[str, Any]

MIN_JACCARD = 0.5


def jaccard(a: set[str], b: set[str]) -> float:
    """Token-set Jaccard similarity; 0.0 when both are empty."""
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def _contains(a: str, b: str) -> bool:
    """Non-empty token strings where one is a whole-token substring of the other."""
    if not a or not b:
        return False
    return f" {a} " in f" {b} " or f" {b} " in f" {a} "


def match_quotes(gold: Sequence[Quote], pred: Sequence[Quote]) -> list[tuple[int, int]]:
    """One-to-one matching when token Jaccard >= 0.5 or one text contains the other; best first."""
    gold_strings = [token_string(q.get("text")) for q in gold]
    pred_strings = [token_string(q.get("text")) for q in pred]
    gold_sets = [set(tokens(q.get("text"))) for q in gold]
    pred_sets = [set(tokens(q.get("text"))) for q in pred]

    def scorer(gi: int, pi: int) -> tuple[float] | None:
        similarity = jaccard(gold_sets[gi], pred_sets[pi])
        if similarity < MIN_JACCARD and not _contains(gold_strings[gi], pred_strings[pi]):
            return None
        return (-similarity,)

    return greedy_match(len(gold), len(pred), scorer)


def _same_speaker(g: Quote, p: Quote) -> bool:
    """Speaker names compare NFC-casefolded (null equals null)."""
    return norm_optional(g.get("speaker")) == norm_optional(p.get("speaker"))


def score_quotes(docs: Sequence[DocPair]) -> tuple[dict[str, Any], dict[str, dict[str, int]]]:
    """Report section for quotes and per-document counts."""
    n_gold = n_pred = n_matched = n_speaker = 0
    per_doc: dict[str, dict[str, int]] = {}
    for doc in docs:
        gold, pred = items(doc.gold, "quotes"), items(doc.pred, "quotes")
        pairs = match_quotes(gold, pred)
        n_gold, n_pred, n_matched = n_gold + len(gold), n_pred + len(pred), n_matched + len(pairs)
        n_speaker += count_equal(pairs, gold, pred, _same_speaker)
        per_doc[doc.doc_id] = {"gold": len(gold), "pred": len(pred), "matched": len(pairs)}
    section = detection(n_matched, n_gold, n_pred)
    section["speaker_accuracy"] = ratio(n_speaker, n_matched)
    return section, per_doc
