"""Full-text search over stored sentences: accent- and case-blind, filtered, ranked, hits marked by offsets."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from storyline import kb
from storyline.search_rank import FILTERED_WINDOW, WINDOW, Part, Ranking, ranked, stats
from storyline.store import fulltext
from storyline.store.db import Store

WORD = re.compile(r"\w+")
QUOTED = re.compile(r'"([^"]*)"')
SNIPPET_CHARS = 240
MAX_LIMIT = 200
NARROW = 2000  # documents: filters letting fewer through may be searched document by document


class SearchError(ValueError):
    """A query or filter that cannot run; the message says why."""


def fold(text: str) -> str:
    """Lowercase, no diacritics, barred d as d: the form queries and indexed words are compared in."""
    return kb.strip_marks(text)


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """fold() of one word, remembered: result pages fold the same few thousand words again and again."""
    return fold(word)


def terms(text: str) -> list[str]:
    """Folded words of a text, in order."""
    return WORD.findall(fold(text))


@dataclass(frozen=True)
class Query:
    """A parsed query: quoted phrases (required as written), loose words (all required), and the run
    of loose words as a phrase that ranks exact runs first."""

    phrases: tuple[tuple[str, ...], ...]
    words: tuple[str, ...]
    prefixes: tuple[str, ...] = field(default=())
    loose: tuple[str, ...] = field(default=())

    def fts(self) -> str:
        """The FTS5 MATCH expression: every phrase and word (exact runs are ranked first by search_rank)."""
        def tok(w: str) -> str:
            return f'"{w}"' + ("*" if w in self.prefixes else "")

        quoted = ["(" + " + ".join(f'"{w}"' for w in p) + ")" for p in self.phrases if p != self.loose]
        return " AND ".join(quoted + [tok(w) for w in self.loose])

    def matches(self, word: str) -> bool:
        """A folded word of a text is a hit for this query."""
        return word in self.words or any(word.startswith(p) for p in self.prefixes)


def parse(text: str) -> Query:
    """Quoted runs are phrases that must appear as written; a trailing '*' makes a word a prefix."""
    phrases: list[tuple[str, ...]] = []
    for run in QUOTED.findall(text):
        if terms(run):
            phrases.append(tuple(terms(run)))
    rest = QUOTED.sub(" ", text)
    prefixes = tuple(fold(m.group(1)) for m in re.finditer(r"(\w+)\*", rest))
    loose = tuple(terms(rest))
    if len(loose) > 1:
        phrases.append(loose)
    words = tuple(dict.fromkeys([w for p in phrases for w in p] + list(loose)))
    if not words:
        raise SearchError(f"nothing to search for in {text!r} (give at least one word)")
    return Query(tuple(phrases), words, prefixes, loose)


def highlights(sentence: str, offset: int, query: Query) -> list[list[int]]:
    """[start, end] document offsets of what the query hits in a sentence: whole phrase runs where
    a phrase occurs, else the single words."""
    toks = [(m.start(), m.end(), fold_word(m.group(0))) for m in WORD.finditer(sentence)]
    marks: list[list[int]] = []
    covered: set[int] = set()
    phrased: set[str] = set()
    for phrase in sorted((p for p in query.phrases if len(p) > 1), key=len, reverse=True):
        n = len(phrase)
        for i in range(len(toks) - n + 1):
            run = set(range(i, i + n))
            if not covered & run and all(toks[i + k][2] == phrase[k] for k in range(n)):
                marks.append([offset + toks[i][0], offset + toks[i + n - 1][1]])
                covered |= run
                phrased |= set(phrase)
    for i, (s, e, w) in enumerate(toks):
        if i not in covered and w not in phrased and query.matches(w):
            marks.append([offset + s, offset + e])
    return sorted(marks)


def snippet(sentence: str, offset: int, marks: list[list[int]], width: int = SNIPPET_CHARS) -> tuple[int, int]:
    """[start, end) document offsets of a window of the sentence around its first hit."""
    end = offset + len(sentence)
    if len(sentence) <= width:
        return offset, end
    first = marks[0][0] if marks else offset
    lo = max(offset, first - width // 3)
    hi = min(end, lo + width)
    return max(offset, hi - width), hi


def entity_ids(store: Store, name: str) -> list[str]:
    """Ids an entity filter names (an id, a name or an alias); SearchError when none."""
    from storyline.entity_view import find

    hits = find(store, name)
    if not hits:
        raise SearchError(f"no entity matches {name!r}")
    return [hits[0][0]]


def _filters(eid: str | None, start: str | None, end: str | None,
             etype: str | None) -> tuple[list[str], list[Any], bool]:
    """SQL conditions on r (search_rows) and d (documents) for the filters given, and whether d is used.
    Each is checked per candidate sentence (an index lookup), never by listing every passing document."""
    where: list[str] = []
    params: list[Any] = []
    doc = "d.id" if start or end else "r.doc_id"  # naming d puts the costly lookups after the date check
    if start:
        where.append("d.published >= ?")
        params.append(start)
    if end:
        where.append("SUBSTR(d.published, 1, ?) <= ?")
        params.extend([len(end), end])
    if eid:
        where.append(f"EXISTS (SELECT 1 FROM entity_mentions em WHERE em.doc_id = {doc} AND em.entity_id = ?)")
        params.append(eid)
    if etype:
        where.append("EXISTS (SELECT 1 FROM event_mentions m JOIN events e ON e.id = m.event_id "
                     f"WHERE m.doc_id = {doc} AND e.type = ?)")
        params.append(etype.upper())
    return where, params, bool(start or end)


def _narrow(store: Store, match: str, eid: str | None, start: str | None,
            end: str | None) -> list[tuple[int, int]] | None:
    """Row id ranges of the documents the date or entity filter lets through, when searching those few
    documents one by one (about 4 times the cost per document as per match passed over) is cheaper than
    passing over the query's newest matches until enough pass; else None."""
    probes: list[tuple[int, str, tuple]] = []
    if start or end:
        bounds = (start or "", (end or "\U0010ffff") + "\U0010ffff")
        cond = "FROM documents WHERE published >= ? AND published <= ?"
        n = store.scalar(f"SELECT COUNT(*) FROM (SELECT 1 {cond} LIMIT ?) w", (*bounds, NARROW + 1))
        probes.append((n, f"SELECT id {cond}", bounds))
    if eid:
        cond = "FROM entity_mentions WHERE entity_id = ?"  # mentions: at least as many as documents
        n = store.scalar(f"SELECT COUNT(*) FROM (SELECT 1 {cond} LIMIT ?) w", (eid, NARROW + 1))
        probes.append((n, f"SELECT DISTINCT doc_id {cond}", (eid,)))
    if not probes or min(probes)[0] > NARROW:
        return None
    n, sql, args = min(probes)
    found, lowest = store.query("SELECT COUNT(*), MIN(w.rowid) FROM (SELECT f.rowid FROM search_fts f WHERE "
                                f"{fulltext.match(store)} ORDER BY f.rowid DESC LIMIT ?) w",
                                (fulltext.arg(store, match), WINDOW))[0]
    docs = fulltext.document_count(store)
    matches = found if found < WINDOW else stats(store).scaled(found, lowest)
    if 4 * n >= min(matches, FILTERED_WINDOW * docs / max(n, 1)):
        return None
    spans = sorted(store.query("SELECT MIN(id), MAX(id) FROM search_rows WHERE doc_id IN "
                               f"({sql}) GROUP BY doc_id", args))
    merged: list[tuple[int, int]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


def check_ready(store: Store) -> None:
    """SearchError with the fix when the store has no full-text index for its documents."""
    if fulltext.missing(store):
        from storyline.store.postgres import redact

        where = redact(store.location)
        raise SearchError(f"{where} has no search index yet (built by an older storyline); "
                          f"run 'storyline search --reindex --db {where}' once")


def parts(query: Query) -> list[Part]:
    """The weighed pieces of a query, as FTS5's bm25 sees its expression: each word, each phrase."""
    out = [Part(p) for p in query.phrases if p != query.loose]
    out += [Part((w,), w in query.prefixes) for w in dict.fromkeys(query.loose)]
    if len(query.loose) > 1:
        out.append(Part(query.loose, within=len(query.phrases) == 1))
    return out


def _rows(store: Store, ranking: Ranking, need: int) -> list[tuple]:
    """Display rows for the first `need` ranked hits, skipping exact duplicates (indexed by older versions)."""
    ids = [rowid for _score, rowid in ranking.hits]
    scores = {rowid: sc for sc, rowid in ranking.hits}
    out: list[tuple] = []
    at = 0
    while len(out) < need and at < len(ids):
        chunk = ids[at:at + min(500, need - len(out))]
        at += len(chunk)
        marks = ",".join("?" * len(chunk))
        got = {row[0]: row for row in store.query(
            "SELECT r.id, r.doc_id, r.sentence, r.start_char, r.end_char, d.title, d.published, "
            "SUBSTR(d.text, r.start_char + 1, r.end_char - r.start_char), d.duplicate_kind "
            f"FROM search_rows r JOIN documents d ON d.id = r.doc_id WHERE r.id IN ({marks})", chunk)}
        out += [(*got[i][1:8], scores[i]) for i in chunk if i in got and got[i][8] != "exact"]
    return out


def search(store: Store, text: str, *, entity: str | None = None, start: str | None = None,
           end: str | None = None, etype: str | None = None, limit: int = 20,
           offset: int = 0) -> dict[str, Any]:
    """One page of sentences matching a query, best first, each with its hits as offsets; the total is
    exact when the query's matches fit the ranking window, else an estimate (total_exact false)."""
    query = parse(text)
    check_ready(store)
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    eid = entity_ids(store, entity)[0] if entity else None
    where, params, documents = _filters(eid, start, end, etype)
    ranking = ranked(store, query.fts(), parts(query), where, params, offset + limit + 1, documents,
                     _narrow(store, query.fts(), eid, start, end))
    rows = _rows(store, ranking, offset + limit + 1)
    items = []
    for doc_id, sent, s, e, title, published, sentence, score in rows[offset:offset + limit]:
        marks = highlights(sentence, s, query)
        lo, hi = snippet(sentence, s, marks)
        items.append({"doc": doc_id, "title": title, "published": published, "sentence": sent,
                      "start": s, "end": e, "text": sentence, "highlights": marks,
                      "snippet": {"start": lo, "end": hi, "text": sentence[lo - s:hi - s]},
                      "score": round(score, 4)})
    return {"query": text, "terms": list(query.words), "items": items, "limit": limit, "offset": offset,
            "has_more": len(rows) > offset + limit, "total": ranking.total, "total_exact": ranking.exact}


def sentence_hits(store: Store, words: list[str], limit: int = 50) -> list[tuple[str, int, int, int, str]]:
    """(doc, sentence, start, end, text) of sentences holding any of the folded words, best first."""
    if not words:
        return []
    unique = list(dict.fromkeys(words))
    expr = " OR ".join(f'"{w}"' for w in unique)
    ranking = ranked(store, expr, [Part((w,)) for w in unique], need=limit)
    return [(doc, sent, s, e, text) for doc, sent, s, e, _t, _p, text, _sc in _rows(store, ranking, limit)]
