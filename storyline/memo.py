"""A bounded per-process memo for mapping a function over words: news repeats its vocabulary."""
from __future__ import annotations

from typing import Callable, Generic, TypeVar

V = TypeVar("V")


class WordMemo(Generic[V]):
    """fn over a list of words through a dict looked up in C (map over dict.get); the dict is emptied
    when it passes `limit` entries, so memory stays bounded however many documents pass. fn must not
    return None (None marks a word not seen yet)."""

    def __init__(self, fn: Callable[[str], V], limit: int) -> None:
        self.fn, self.limit = fn, limit
        self.cache: dict[str, V] = {}

    def map(self, words: list[str]) -> list[V]:
        """[fn(w) for w in words], computing each word once per process."""
        cache = self.cache
        out = list(map(cache.get, words))
        if None in out:
            if len(cache) > self.limit:
                cache.clear()
            for i, value in enumerate(out):
                if value is None:
                    out[i] = cache[words[i]] = self.fn(words[i])
        return out
