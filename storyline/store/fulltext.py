"""The full-text index's engine-specific SQL, so search and ranking read one way on SQLite and PostgreSQL.

Both engines keep a table search_fts(rowid = search_rows.id, body = the sentence's folded words one
space apart). SQLite's is an FTS5 table that keeps its own totals; PostgreSQL's is a plain table
with a generated tsvector ('simple' configuration: no stemming, no stop words, as FTS5's unicode61
on already folded words), a GIN index, the word count per row and a one-row table of totals. Query
expressions are written once, in the small FTS5 subset the search code builds ("w", "w"*, " + " for
adjacency, AND, OR, parentheses), and translated to a tsquery for PostgreSQL.
"""
from __future__ import annotations

import re
from typing import Sequence

from storyline.store.db import Store

_TOKEN = re.compile(r'"([^"]*)"(\*?)|( \+ )|( AND )|( OR )|([()])|(\s+)')


def tsquery(expr: str) -> str:
    """An FTS5 expression of the subset above as PostgreSQL to_tsquery text; ValueError on anything else."""
    out: list[str] = []
    pos = 0
    while pos < len(expr):
        m = _TOKEN.match(expr, pos)
        if not m:
            raise ValueError(f"not a search expression: {expr!r} (at {pos})")
        word, star, adj, conj, disj, paren, _space = m.groups()
        if word is not None:
            words = re.findall(r"[^\W_]+", word)
            if not words:
                raise ValueError(f"empty word in search expression {expr!r}")
            out.append(" <-> ".join(words) + (":*" if star else ""))
        elif adj:
            out.append(" <-> ")
        elif conj:
            out.append(" & ")
        elif disj:
            out.append(" | ")
        elif paren:
            out.append(paren)
        pos = m.end()
    return "".join(out)


def varints(blob: bytes) -> list[int]:
    """The SQLite varints of an FTS5 record, in order."""
    out, i = [], 0
    while i < len(blob):
        value = 0
        for k in range(9):
            byte = blob[i]
            i += 1
            if k == 8:
                value = (value << 8) | byte
                break
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80:
                break
        out.append(value)
    return out


def match(store: Store, alias: str = "f") -> str:
    """The condition that a row of search_fts (named `alias`) matches the expression in the next '?'."""
    if store.dialect == "sqlite":
        return "search_fts MATCH ?"
    return f"{alias}.tsv @@ to_tsquery('simple', ?)"


def arg(store: Store, expr: str) -> str:
    """The expression as the engine's query parameter."""
    return expr if store.dialect == "sqlite" else tsquery(expr)


def ranges_source(store: Store) -> str:
    """A FROM item `g(lo, hi)` of row id ranges given as a JSON list of [low, high] pairs in one '?'."""
    if store.dialect == "sqlite":
        return "(SELECT value ->> 0 AS lo, value ->> 1 AS hi FROM json_each(?)) g"
    return ("(SELECT (j.value ->> 0)::bigint AS lo, (j.value ->> 1)::bigint AS hi "
            "FROM jsonb_array_elements(CAST(? AS jsonb)) AS j(value)) g")


def totals(store: Store) -> tuple[int, int]:
    """(indexed rows, indexed words): bm25's row count and mean length."""
    if store.dialect == "sqlite":
        blob = store.scalar("SELECT block FROM search_fts_data WHERE id = 1")
        nums = varints(blob) if blob else []
        return (nums[0], nums[1]) if len(nums) > 1 else (0, 0)
    row = store.query("SELECT n_rows, n_words FROM search_totals WHERE id = 1")
    return (int(row[0][0]), int(row[0][1])) if row else (0, 0)


def _count(store: Store, rows: int, words: int) -> None:
    """Add to PostgreSQL's totals (the row is made on first use)."""
    if rows or words:
        store.execute("INSERT INTO search_totals (id, n_rows, n_words) VALUES (1, ?, ?) ON CONFLICT (id) DO "
                      "UPDATE SET n_rows = search_totals.n_rows + EXCLUDED.n_rows, "
                      "n_words = search_totals.n_words + EXCLUDED.n_words", (rows, words))


def insert(store: Store, rows: Sequence[tuple[int, str]]) -> None:
    """Index (rowid, folded body) rows."""
    if not rows:
        return
    if store.dialect == "sqlite":
        store.executemany("INSERT INTO search_fts (rowid, body) VALUES (?, ?)", rows)
        return
    counted = [(rid, body, len(body.split())) for rid, body in rows]
    store.executemany("INSERT INTO search_fts (rowid, body, words) VALUES (?, ?, ?)", counted)
    _count(store, len(counted), sum(n for _r, _b, n in counted))


def delete_document(store: Store, doc_id: str) -> None:
    """Drop the index rows of one document's search_rows (call before deleting those)."""
    ids = "SELECT id FROM search_rows WHERE doc_id = ?"
    if store.dialect != "sqlite":
        rows, words = store.query(f"SELECT COUNT(*), COALESCE(SUM(words), 0) FROM search_fts WHERE rowid IN ({ids})",
                                  (doc_id,))[0]
        _count(store, -int(rows), -int(words))
    store.execute(f"DELETE FROM search_fts WHERE rowid IN ({ids})", (doc_id,))


def clear(store: Store) -> None:
    """Empty the index (a full rebuild follows)."""
    store.execute("DELETE FROM search_fts")
    if store.dialect != "sqlite":
        store.execute("DELETE FROM search_totals")


def missing(store: Store) -> bool:
    """True when the store has documents but its index lacks them (built before the index existed on
    this engine): no index table, or the oldest indexed sentence has no index row."""
    from storyline.store.upgrade import has_column

    if not has_column(store, "documents", "id") or store.scalar("SELECT 1 FROM documents LIMIT 1") is None:
        return False  # nothing to index
    if store.dialect == "sqlite":
        indexed = store.scalar("SELECT 1 FROM sqlite_master WHERE name = 'search_fts'") is not None
    else:
        indexed = has_column(store, "search_fts", "tsv") and has_column(store, "search_totals", "n_rows")
    if not indexed or not has_column(store, "search_rows", "id"):
        return True
    first = store.scalar("SELECT MIN(id) FROM search_rows")
    return first is None or store.scalar("SELECT 1 FROM search_fts WHERE rowid = ?", (first,)) is None


def document_count(store: Store) -> int:
    """About how many documents the store holds (SQLite: the highest rowid, which is free)."""
    if store.dialect == "sqlite":
        return int(store.scalar("SELECT MAX(rowid) FROM documents") or 1)
    return int(store.scalar("SELECT COUNT(*) FROM documents") or 1)
