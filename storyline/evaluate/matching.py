"""Greedy one-to-one alignment of gold and predicted items, shared so every field pairs items alike."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")

# A candidate scorer returns a sortable key (smaller = better pair) or None when the pair cannot match.
Scorer = Callable[[int, int], tuple[Any, ...] | None]


def greedy_match(n_gold: int, n_pred: int, scorer: Scorer) -> list[tuple[int, int]]:
    """Pair gold index with pred index, best key first, each index used at most once.

    Ties are broken by gold index then pred index, so the result is deterministic.
    """
    candidates: list[tuple[tuple[Any, ...], int, int]] = []
    for gi in range(n_gold):
        for pi in range(n_pred):
            key = scorer(gi, pi)
            if key is not None:
                candidates.append((key, gi, pi))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _key, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        pairs.append((gi, pi))
    pairs.sort()
    return pairs


def count_equal(
    pairs: Sequence[tuple[int, int]],
    gold: Sequence[T],
    pred: Sequence[T],
    same: Callable[[T, T], bool],
) -> int:
    """How many matched pairs agree on an attribute, as judged by `same`."""
    return sum(1 for gi, pi in pairs if same(gold[gi], pred[pi]))
