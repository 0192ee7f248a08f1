"""Ranks full-text hits within a bounded window of the newest matches, because FTS5's own bm25 reads every
match of every query word on each query (hundreds of milliseconds for common syllables on 1 M sentences).

The score is bm25 as FTS5 computes it (k1 1.2, b 0.75, one term per word and per phrase of the query),
over the newest WINDOW matches (FILTERED_WINDOW of those passing filters; index order: build order,
publication order after a reindex), with each word's document frequency counted when it has fewer
than SAMPLE matches and otherwise estimated from the span of index rows its newest SAMPLE matches
cover. On a store where a query has fewer matches
than the window the ranking is exhaustive; the total is then exact, otherwise estimated the same way.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any, Sequence

from storyline.resolve.search import index_text
from storyline.store import fulltext
from storyline.store.db import Store

WINDOW = 1000  # newest matches ranked per query; deeper pages double it as needed
FILTERED_WINDOW = 250  # the same under filters, each passed-over match costing a lookup or more
SAMPLE = 1000  # newest matches read to estimate how common one word or phrase is
K1, B = 1.2, 0.75  # the bm25 constants of FTS5


@dataclass(frozen=True)
class Part:
    """One weighed piece of a query: a word, a word prefix, or a run of words counted as a phrase."""

    words: tuple[str, ...]
    prefix: bool = False
    within: bool = False  # every sentence holding it matches the query: its frequency shows in the hits

    def fts(self) -> str:
        """The part alone as an FTS5 expression (to count its matches)."""
        body = " + ".join(f'"{w}"' for w in self.words)
        return body + ("*" if self.prefix else "")

    def key(self) -> tuple[bool, str]:
        """(is a prefix, what to count) for tally(): a prefix, or the words as they sit in a spaced body."""
        if self.prefix:
            return True, self.words[0]
        return False, " " + "  ".join(self.words) + " "


@dataclass(frozen=True)
class Stats:
    """What bm25 needs to know of the whole index: rows, mean length, and the span of row ids."""

    rows: int
    avgdl: float
    lo: int
    hi: int

    def scaled(self, found: int, lowest: int) -> int:
        """Matches in the whole index, from `found` matches among the rows from `lowest` to the newest."""
        return min(self.rows, round(found * (self.hi - self.lo + 1) / max(1, self.hi - lowest + 1)))


@dataclass(frozen=True)
class Ranking:
    """Row ids best first with their scores, and how many rows match in all (estimated when not exact)."""

    hits: list[tuple[float, int]]
    total: int
    exact: bool


def stats(store: Store) -> Stats:
    """Row count and total tokens from the index's totals (FTS5's averages record), ids from search_rows."""
    rows, tokens = fulltext.totals(store)
    lo = store.scalar("SELECT MIN(id) FROM search_rows")  # two queries: MIN and MAX together scan the table
    hi = store.scalar("SELECT MAX(id) FROM search_rows")
    return Stats(rows, tokens / rows if rows else 1.0, lo or 0, hi or 0)


def frequency(store: Store, part: Part, st: Stats) -> int:
    """Sentences holding a part: counted up to SAMPLE, beyond that scaled from where its SAMPLE-th newest is."""
    found, lowest = store.query(
        f"SELECT COUNT(*), MIN(w.rowid) FROM (SELECT f.rowid FROM search_fts f WHERE {fulltext.match(store)} "
        "ORDER BY f.rowid DESC LIMIT ?) w", (fulltext.arg(store, part.fts()), SAMPLE))[0]
    return found if found < SAMPLE else st.scaled(found, lowest)


def idf(matches: int, rows: int) -> float:
    """FTS5's bm25 idf, floored at a tiny positive weight as FTS5 does."""
    value = math.log((rows - matches + 0.5) / (matches + 0.5)) if rows else 0.0
    return value if value > 0 else 1e-6


def scores(bodies: Sequence[str], parts: Sequence[Part], weights: Sequence[float], avgdl: float) -> list[float]:
    """bm25 of each indexed sentence (folded words one space apart) for the query's parts. With the
    spaces doubled every word sits between two of its own, so str.count finds repeated words too."""
    k1p, base, slope = K1 + 1, K1 * (1 - B), K1 * B / avgdl
    spec = [(*p.key(), w) for p, w in zip(parts, weights)]
    out = []
    for body in bodies:
        spaced = "  " + body.replace(" ", "  ") + "  "
        norm = base + slope * (body.count(" ") + 1 if body else 0)
        total = 0.0
        for prefix, key, weight in spec:
            tf = sum(t.startswith(key) for t in body.split()) if prefix else spaced.count(key)
            if tf:
                total += weight * tf * k1p / (tf + norm)
        out.append(total)
    return out


def legacy(store: Store, st: Stats) -> bool:
    """True when the index holds sentences as written (stores indexed before words were stored folded)."""
    bodies = [b for (b,) in store.query("SELECT body FROM search_fts WHERE rowid IN (?, ?)", (st.lo, st.hi))]
    return any(index_text(b) != b for b in bodies)


def _window(store: Store, where: Sequence[str], documents: bool, ranges: bool) -> str:
    """The SQL of the newest matches (row id, indexed words) passing the conditions, optionally only
    within row id ranges (a JSON list of [low, high] pairs, searched one by one)."""
    sql = "SELECT f.rowid, f.body FROM "
    if ranges:
        sql += fulltext.ranges_source(store) + " CROSS JOIN search_fts f"
    else:
        sql += "search_fts f"
    if where:
        sql += " JOIN search_rows r ON r.id = f.rowid" + (" JOIN documents d ON d.id = r.doc_id" if documents else "")
    conds = (["f.rowid BETWEEN g.lo AND g.hi"] if ranges else []) + [fulltext.match(store), *where]
    # FTS5 walks a range backwards by loading it whole: within ranges every match is read anyway
    return sql + f" WHERE {' AND '.join(conds)}" + ("" if ranges else " ORDER BY f.rowid DESC LIMIT ?")


def ranked(store: Store, match: str, parts: Sequence[Part], where: Sequence[str] = (),
           params: Sequence[Any] = (), need: int = 20, documents: bool = False,
           ranges: Sequence[tuple[int, int]] | None = None) -> Ranking:
    """The best hits of an FTS5 expression among its newest matches that pass the SQL conditions (on
    search_rows r, and documents d when `documents`), at least `need` of them when there are. Given
    row id ranges (the sentences of a few documents), every match in them is ranked."""
    st = stats(store)
    size = FILTERED_WINDOW if where else WINDOW
    while size < need:
        size *= 2
    head = (json.dumps([list(r) for r in ranges]),) if ranges is not None else ()
    rows = store.query(_window(store, where, documents, ranges is not None),
                       (*head, fulltext.arg(store, match), *params) + (() if ranges is not None else (size,)))
    if not rows:
        return Ranking([], 0, True)
    exact = ranges is not None or len(rows) < size
    total = len(rows) if exact else st.scaled(len(rows), rows[-1][0])
    fold = legacy(store, st)
    bodies = [index_text(body) for _r, body in rows] if fold else [body for _r, body in rows]
    weights = []
    for part in parts:
        if part.within and not where:  # the hits are all of its matches, or a sample of them
            run = " " + " ".join(part.words) + " "
            held = sum(1 for body in bodies if run in f" {body} ")
            matches = held if exact else round(total * held / len(rows))
        else:
            matches = frequency(store, part, st)
        weights.append(idf(matches, st.rows))
    hits = list(zip(scores(bodies, parts, weights, st.avgdl), (rowid for rowid, _b in rows)))
    hits.sort(reverse=True)  # best first, then the newest
    return Ranking(hits, total, exact)
