"""LSH band keys of a first build held in memory: near-duplicate lookups without the growing SQL index."""
from __future__ import annotations

from typing import Iterable

import numpy as np

# Rows gathered in a dict before they join the sorted arrays; a merge also waits until the dict holds an
# eighth of the merged rows, so a build of N rows merges O(log N) times (sorting is the merge's cost)
MERGE_MIN_ROWS = 65536
MERGE_FRACTION = 8


class BandIndex:
    """The (band key, document) rows a first build wrote to lsh_bands, as sorted numpy arrays plus the
    newest rows in a dict. Store.bulk_load keeps one while the table's (band_key, doc_id) index is
    deferred: at 100k documents that index's random-order inserts dirtied most of its pages between two
    commits, and its lookups were the near-duplicate check's cost growing with the store. 12 bytes a row
    (16 rows a document) plus each document's id."""

    def __init__(self) -> None:
        self.ids: list[str] = []  # ordinal → document id
        self.keys = np.empty(0, dtype=np.int64)  # sorted
        self.docs = np.empty(0, dtype=np.int32)  # ordinals, in keys' order
        self.recent: dict[int, list[int]] = {}
        self.recent_rows = 0
        self.dead: set[int] = set()  # ordinals of deleted documents

    def __len__(self) -> int:
        """Rows held (a document's repeated key counts twice, as in the table)."""
        return len(self.keys) + self.recent_rows

    def add(self, doc_id: str, keys: Iterable[int]) -> None:
        """One document's band keys, as write_document inserts them."""
        n = len(self.ids)
        self.ids.append(doc_id)
        for k in keys:
            self.recent.setdefault(k, []).append(n)
            self.recent_rows += 1
        if self.recent_rows >= max(MERGE_MIN_ROWS, len(self.keys) // MERGE_FRACTION):
            self._merge()

    def discard(self, doc_id: str) -> None:
        """Forget a deleted document's rows."""
        self.dead.update(i for i, d in enumerate(self.ids) if d == doc_id)

    def shared(self, keys: list[int], exclude: str, need: int) -> list[str]:
        """Documents other than `exclude` with at least `need` rows among these (distinct) keys:
        what `SELECT doc_id … WHERE band_key IN (keys) AND doc_id <> ? GROUP BY doc_id HAVING
        COUNT(*) >= need` returns, in ordinal order."""
        probe = np.asarray(keys, dtype=np.int64)
        lo = np.searchsorted(self.keys, probe, "left")
        hi = np.searchsorted(self.keys, probe, "right")
        parts = [self.docs[a:b] for a, b in zip(lo.tolist(), hi.tolist()) if b > a]
        parts += [np.asarray(r, dtype=np.int32) for k in keys if (r := self.recent.get(k))]
        if not parts:
            return []
        rows = np.concatenate(parts)
        rows.sort()
        # sorted, an ordinal has `need` rows or more where the row need - 1 places on holds it too: no
        # counting pass over every candidate (np.unique's), and most documents have no such ordinal
        last = rows[need - 1:]
        hits = last[last == rows[:len(last)]]
        return [d for i in dict.fromkeys(hits.tolist()) if i not in self.dead and (d := self.ids[i]) != exclude]

    def _merge(self) -> None:
        """Move the dict's rows into the sorted arrays."""
        if not self.recent_rows:
            return
        new_keys = np.fromiter((k for k, r in self.recent.items() for _ in r), dtype=np.int64,
                               count=self.recent_rows)
        new_docs = np.fromiter((d for r in self.recent.values() for d in r), dtype=np.int32,
                               count=self.recent_rows)
        keys = np.concatenate([self.keys, new_keys])
        order = np.argsort(keys, kind="stable")
        self.keys, self.docs = keys[order], np.concatenate([self.docs, new_docs])[order]
        self.recent, self.recent_rows = {}, 0
