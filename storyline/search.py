"""Full-text search over stored sentences: accent- and case-blind, filtered, ranked, hits marked by offsets."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from storyline import kb
from storyline.store.db import Store

WORD = re.compile(r"\w+")
QUOTED = re.compile(r'"([^"]*)"')
SNIPPET_CHARS = 240
MAX_LIMIT = 200


class SearchError(ValueError):
    """A query or filter that cannot run; the message says why."""


def fold(text: str) -> str:
    """Lowercase, no diacritics, barred d as d: the form queries and indexed words are compared in."""
    return kb.strip_marks(text)


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
        """The FTS5 MATCH expression."""
        def tok(w: str) -> str:
            return f'"{w}"' + ("*" if w in self.prefixes else "")

        def phrase(p: tuple[str, ...]) -> str:
            return "(" + " + ".join(f'"{w}"' for w in p) + ")"

        quoted = [phrase(p) for p in self.phrases if p != self.loose]
        must = " AND ".join(quoted + [tok(w) for w in self.loose])
        if len(self.loose) < 2:
            return must
        return f"({must}) OR ({' AND '.join(quoted + [phrase(self.loose)])})"

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
    toks = [(m.start(), m.end(), fold(m.group(0))) for m in WORD.finditer(sentence)]
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


def _filters(store: Store, entity: str | None, start: str | None, end: str | None,
             etype: str | None) -> tuple[list[str], list[Any]]:
    """SQL conditions on r (search_rows) and d (documents) for the filters given."""
    where = ["(d.duplicate_kind IS NULL OR d.duplicate_kind <> 'exact')"]
    params: list[Any] = []
    if entity:
        where.append("r.doc_id IN (SELECT doc_id FROM entity_mentions WHERE entity_id = ?)")
        params.append(entity_ids(store, entity)[0])
    if start:
        where.append("d.published >= ?")
        params.append(start)
    if end:
        where.append("SUBSTR(d.published, 1, ?) <= ?")
        params.extend([len(end), end])
    if etype:
        where.append("r.doc_id IN (SELECT m.doc_id FROM event_mentions m JOIN events e ON e.id = m.event_id "
                     "WHERE e.type = ?)")
        params.append(etype.upper())
    return where, params


def check_ready(store: Store) -> None:
    """SearchError with the fix when the store has no full-text index for its documents."""
    if store.dialect != "sqlite":
        raise SearchError(f"full-text search on {store.dialect} is not built yet; use a SQLite store")
    tables = {n for (n,) in store.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    docs = store.scalar("SELECT 1 FROM documents LIMIT 1") if "documents" in tables else None
    indexed = store.scalar("SELECT 1 FROM search_rows LIMIT 1") if "search_rows" in tables else None
    if docs and not indexed:
        raise SearchError(f"{store.location} has no search index yet (built by an older storyline); "
                          f"run 'storyline search --reindex --db {store.location}' once")


def search(store: Store, text: str, *, entity: str | None = None, start: str | None = None,
           end: str | None = None, etype: str | None = None, limit: int = 20,
           offset: int = 0) -> dict[str, Any]:
    """One page of sentences matching a query, best first, each with its hits as offsets."""
    query = parse(text)
    check_ready(store)
    limit = max(1, min(limit, MAX_LIMIT))
    where, params = _filters(store, entity, start, end, etype)
    rows = store.query(
        "SELECT r.doc_id, r.sentence, r.start_char, r.end_char, d.title, d.published, "
        "SUBSTR(d.text, r.start_char + 1, r.end_char - r.start_char), f.rank "
        "FROM search_fts f JOIN search_rows r ON r.id = f.rowid JOIN documents d ON d.id = r.doc_id "
        f"WHERE search_fts MATCH ? AND {' AND '.join(where)} "
        "ORDER BY f.rank, d.published DESC, r.doc_id, r.sentence LIMIT ? OFFSET ?",
        (query.fts(), *params, limit + 1, max(0, offset)))
    items = []
    for doc_id, sent, s, e, title, published, sentence, rank in rows[:limit]:
        marks = highlights(sentence, s, query)
        lo, hi = snippet(sentence, s, marks)
        items.append({"doc": doc_id, "title": title, "published": published, "sentence": sent,
                      "start": s, "end": e, "text": sentence, "highlights": marks,
                      "snippet": {"start": lo, "end": hi, "text": sentence[lo - s:hi - s]},
                      "score": round(-rank, 4)})
    return {"query": text, "terms": list(query.words), "items": items, "limit": limit,
            "offset": max(0, offset), "has_more": len(rows) > limit}


def sentence_hits(store: Store, words: list[str], limit: int = 50) -> list[tuple[str, int, int, int, str]]:
    """(doc, sentence, start, end, text) of sentences holding any of the folded words, best first."""
    if not words:
        return []
    expr = " OR ".join(f'"{w}"' for w in dict.fromkeys(words))
    return store.query(
        "SELECT r.doc_id, r.sentence, r.start_char, r.end_char, "
        "SUBSTR(d.text, r.start_char + 1, r.end_char - r.start_char) "
        "FROM search_fts f JOIN search_rows r ON r.id = f.rowid JOIN documents d ON d.id = r.doc_id "
        "WHERE search_fts MATCH ? AND (d.duplicate_kind IS NULL OR d.duplicate_kind <> 'exact') "
        "ORDER BY f.rank LIMIT ?", (expr, limit))
