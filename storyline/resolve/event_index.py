"""A first build's events in memory, answering the merge lookups without SQL (and without its growth)."""
from __future__ import annotations

import bisect
import heapq
import itertools
from typing import Any, Iterable

from storyline.store.db import Store

MEMO_KEY = "event_index"


class EventIndex:
    """Every event a first build stored, keyed as the events_type_date and events_actor_type_date indexes
    key them, each list in rowid order: a lookup returns the rows SQLite's index scan returns, LIMIT
    included (the first `limit` in scan order: dates ascending, then rowid). At 100k documents the
    lookups were 0.3 ms of each document's writing and grew with crowded (type, date) blocks, as the
    pair filter of a by-date lookup read table rows it then threw away."""

    def __init__(self) -> None:
        self.events: dict[str, list[Any]] = {}  # id → [rowid, id, date, actors, participants, mode, type, key]
        self.by_type: dict[str, dict[str | None, list[tuple[int, str]]]] = {}
        self.by_dyad: dict[tuple[str, str], dict[str | None, list[tuple[int, str]]]] = {}
        # those of fewer than two states, by type: a by-date lookup across pairs merges this with its pairs'
        # lists instead of filtering a crowded day's every event (the filter's scan grew with the store)
        self.unpaired: dict[str, dict[str | None, list[tuple[int, str]]]] = {}
        self.type_dates: dict[str, list[str]] = {}  # sorted non-null dates of each block, for ranges
        self.dyad_dates: dict[tuple[str, str], list[str]] = {}

    def add(self, rowid: int, eid: str, type_: str, mode: str | None, date: str | None, key: str,
            actors: str, participants: str) -> None:
        """A new event row (its rowid as the INSERT gave it)."""
        self.events[eid] = [rowid, eid, date, actors, participants, mode, type_, key]
        self._place(eid)

    def redate(self, eid: str, date: str) -> None:
        """An event's date refined by an UPDATE."""
        ev = self.events[eid]
        for blocks, _dates, block_key in self._blocks(ev[6], ev[7]):
            rows = blocks[block_key][ev[2]]
            rows.remove((ev[0], eid))
        ev[2] = date
        self._place(eid)

    def _blocks(self, type_: str, key: str) -> list[tuple[dict, dict | None, Any]]:
        """(blocks, their sorted dates or None, block key) for each list an event is kept in."""
        out = [(self.by_type, self.type_dates, type_), (self.by_dyad, self.dyad_dates, (type_, key))]
        return out if "|" in key else out + [(self.unpaired, None, type_)]

    def _place(self, eid: str) -> None:
        rowid, _, date, _, _, _, type_, key = self.events[eid]
        for blocks, dates, block_key in self._blocks(type_, key):
            by_date = blocks.setdefault(block_key, {})
            rows = by_date.get(date)
            if rows is None:
                rows = by_date[date] = []
                if date is not None and dates is not None:
                    bisect.insort(dates.setdefault(block_key, []), date)
            if rows and rows[-1][0] > rowid:
                bisect.insort(rows, (rowid, eid))
            else:
                rows.append((rowid, eid))

    # -- lookups (each the twin of a query in events._candidates) -------------------------
    def on_dates(self, type_: str, key: str | None, dates: list[str], limit: int,
                 keep: Any = None) -> list[str]:
        """Ids of the events of a type (and pair, unless key is None) on any of these dates."""
        by_date = (self.by_type.get(type_) if key is None else self.by_dyad.get((type_, key))) or {}
        out: list[str] = []
        for d in sorted(set(dates)):
            for _rowid, eid in by_date.get(d, ()):
                if keep is None or keep(self.events[eid]):
                    out.append(eid)
                    if len(out) >= limit:
                        return out
        return out

    def on_date_of_pairs(self, type_: str, date: str, pairs: Iterable[str], limit: int) -> list[str]:
        """Ids of the events of a type on a date that name fewer than two states or one of these pairs
        (on_dates with that filter: the same ids in the same rowid order, read from the matching lists)."""
        lists = [rows for rows in [(self.unpaired.get(type_) or {}).get(date)]
                 + [(self.by_dyad.get((type_, p)) or {}).get(date) for p in pairs] if rows]
        if not lists:
            return []
        merged = lists[0] if len(lists) == 1 else heapq.merge(*lists)
        return [eid for _rowid, eid in itertools.islice(merged, limit)]

    def between(self, type_: str, key: str | None, lo: str, hi: str, limit: int,
                keep: Any = None) -> list[str]:
        """Ids of the events of a type (and pair) dated strictly between lo and hi."""
        if key is None:
            by_date, dates = self.by_type.get(type_) or {}, self.type_dates.get(type_) or []
        else:
            by_date, dates = self.by_dyad.get((type_, key)) or {}, self.dyad_dates.get((type_, key)) or []
        inside = dates[bisect.bisect_right(dates, lo):bisect.bisect_left(dates, hi)]
        return self.on_dates(type_, key, inside, limit, keep)

    def rows(self, ids: list[str], tallies: dict[str, list]) -> list[tuple]:
        """The rows `SELECT id, date, actors, participants, location, num_sources, mode` gives for these
        ids, with the place and sources of their running tallies (resolve/events._count_report)."""
        events = self.events
        return [(eid, ev[2], ev[3], ev[4], t[3], t[1], ev[5])
                for eid in ids for ev, t in ((events[eid], tallies[eid]),)]


def index_of(store: Store) -> EventIndex | None:
    """The in-memory index of a first build (Store.bulk_load) whose events table was empty when it
    began; None otherwise. It lives in the memo, so whatever empties the memo (a rollback, a deleted
    document) ends it and lookups go back to SQL."""
    if not store.bulk:
        return None
    idx = store.memo.get(MEMO_KEY)
    if idx is None and MEMO_KEY + "?" not in store.memo:
        store.memo[MEMO_KEY + "?"] = True
        if store.scalar("SELECT 1 FROM events LIMIT 1") is None:
            idx = store.memo[MEMO_KEY] = EventIndex()
    return idx
