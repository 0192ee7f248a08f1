"""Precision/recall/F1 and ratios with explicit empty-case rules, so no figure ever divides by zero."""

from __future__ import annotations

from typing import Any


def ratio(numerator: int, denominator: int) -> float | None:
    """numerator / denominator, or None when there is nothing to measure (denominator 0)."""
    if denominator <= 0:
        return None
    return numerator / denominator


def prf(matched: int, n_gold: int, n_pred: int) -> dict[str, float]:
    """P/R/F1 with fixed empty cases.

    Both sides empty scores 1.0 everywhere (nothing to find, nothing wrongly found). When only one
    side is empty, the undefined figure is 0.0 (predictions without gold have precision 0.0; gold
    without predictions has recall 0.0), and F1 is 0.0.
    """
    if n_gold == 0 and n_pred == 0:
        return {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    precision = matched / n_pred if n_pred else 0.0
    recall = matched / n_gold if n_gold else 0.0
    total = precision + recall
    f1 = 2 * precision * recall / total if total else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def detection(matched: int, n_gold: int, n_pred: int) -> dict[str, Any]:
    """Counts plus P/R/F1 in one dict, the common head of every field's report section."""
    return {"gold": n_gold, "pred": n_pred, "matched": matched, **prf(matched, n_gold, n_pred)}
