"""Writes documents, their spans and dedup keys; replaces a changed document whole."""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from storyline import jsontext
from storyline.ingest.dedup import from_blob, similarity, to_blob
from storyline.model import Document
from storyline.store.db import Store
from storyline.store.schema import DOC_TABLES

_JSON = jsontext.encoder(separators=(",", ":"))  # compact

_DOC_COLUMNS = ("id", "hash", "source", "source_line", "title", "url", "published",
                "published_given", "published_why", "lang", "lang_score", "text", "n_chars",
                "n_words", "duplicate_of", "duplicate_kind", "similarity", "build_id")


def stored_state(store: Store, doc_id: str) -> tuple[str, str] | None:
    """(content hash, source path) stored for a document id, if any."""
    rows = store.query("SELECT hash, source FROM documents WHERE id = ?", (doc_id,))
    return (rows[0][0], rows[0][1]) if rows else None


def first_with_hash(store: Store, content_hash: str, exclude: str) -> str | None:
    """The earliest stored original with the same cleaned text (for exact-duplicate links)."""
    return store.scalar("SELECT id FROM documents WHERE hash = ? AND id <> ? AND duplicate_of IS NULL "
                        "ORDER BY build_id, id LIMIT 1", (content_hash, exclude))


def root_of(store: Store, doc_id: str) -> str:
    """Follow duplicate links to the first copy."""
    seen = {doc_id}
    while True:
        nxt = store.scalar("SELECT duplicate_of FROM documents WHERE id = ?", (doc_id,))
        if not nxt or nxt in seen:
            return doc_id
        seen.add(nxt)
        doc_id = nxt


def min_shared_bands(n: int, bands: int, threshold: float) -> int:
    """The fewest LSH bands a stored signature must share with a new one of n values for the two to
    reach the threshold: a similarity >= threshold leaves at most n - ceil(threshold * n) positions
    differing, and each spoils at most one band (so a 0.8 match of 64 values in 16 bands shares 4)."""
    if n <= 0 or bands <= 0:
        return 1
    differing = n - math.ceil(threshold * n - 1e-9)
    return max(1, bands - differing)


def near_duplicate(store: Store, doc_id: str, sig: np.ndarray, bands: list[int],
                   threshold: float) -> tuple[str, float] | None:
    """The most similar stored document sharing an LSH band, if similar enough. Only documents
    sharing enough bands to possibly reach the threshold are compared (popular buckets of
    boilerplate-heavy texts hold thousands of documents; fetching every signature grew with the
    store), and the covering (band_key, doc_id) index answers the count without the table."""
    if not bands:
        return None
    keys = list(dict.fromkeys(bands))
    need = min_shared_bands(len(sig), len(bands), threshold)
    if store.bands is not None:  # a first build: its rows are in memory (Store.bulk_load)
        ids = store.bands.shared(keys, doc_id, need)
    else:
        marks = ",".join("?" * len(keys))
        ids = [r[0] for r in store.query(f"SELECT doc_id FROM lsh_bands WHERE band_key IN ({marks}) "
                                         f"AND doc_id <> ? GROUP BY doc_id HAVING COUNT(*) >= ?",
                                         (*keys, doc_id, need))]
    if not ids:
        return None
    rows = store.query(f"SELECT doc_id, sig FROM minhashes WHERE doc_id IN ({','.join('?' * len(ids))})",
                       ids)
    best: tuple[str, float] | None = None
    for (other, _blob), sim in zip(rows, _similarities(sig, [b for _o, b in rows])):
        if sim >= threshold and (best is None or sim > best[1] or (sim == best[1] and other < best[0])):
            best = (other, sim)
    if best is None:
        return None
    return root_of(store, best[0]), best[1]


def _similarities(sig: np.ndarray, blobs: list[bytes]) -> list[float]:
    """similarity(sig, each stored signature), compared in one array operation."""
    sigs = [from_blob(b) for b in blobs]
    if not sigs or not len(sig) or any(len(s) != len(sig) for s in sigs):
        return [similarity(sig, s) for s in sigs]
    return (np.vstack(sigs) == sig).mean(axis=1).tolist()


def delete_document(store: Store, doc_id: str) -> None:
    """Remove a document and every per-document row (before rewriting a changed one); events it
    alone reported go too, the others are recounted."""
    store.flush()
    store.memo.clear()  # linkers' running counts no longer hold
    events = [r[0] for r in store.query("SELECT DISTINCT event_id FROM event_mentions WHERE doc_id = ?",
                                        (doc_id,))]
    if store.bands is not None:
        store.bands.discard(doc_id)
    for table in DOC_TABLES:
        store.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
    store.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
    refresh_event_counts(store, events)


def refresh_event_counts(store: Store, event_ids: list[str]) -> None:
    """Recount mentions and sources of events and take the place most reports give; drop events
    no document reports any more."""
    for eid in event_ids:
        n, sources = store.query("SELECT COUNT(*), COUNT(DISTINCT doc_id) FROM event_mentions "
                                 "WHERE event_id = ?", (eid,))[0]
        if n == 0:
            store.execute("DELETE FROM events WHERE id = ?", (eid,))
            continue
        place = store.query("SELECT location FROM event_mentions WHERE event_id = ? AND location IS NOT NULL "
                            "GROUP BY location ORDER BY COUNT(*) DESC, MIN(doc_id) LIMIT 1", (eid,))
        store.execute("UPDATE events SET num_mentions = ?, num_sources = ?, location = ? WHERE id = ?",
                      (n, sources, place[0][0] if place else None, eid))


def span_rows(doc: Document) -> list[tuple]:
    """Rows of the spans table for every layer but blocks and sentences (values and attrs as JSON)."""
    rows = []
    for layer, spans in doc.layers.items():
        if layer in ("blocks", "sentences"):
            continue
        for i, s in enumerate(spans):
            rows.append((doc.id, layer, i, s.start, s.end, s.sentence, s.label,
                         None if s.value is None else _JSON(s.value),
                         _JSON(s.attrs) if s.attrs else None))
    return rows


def write_document(store: Store, doc: Document, *, content_hash: str, sig: np.ndarray,
                   bands: list[int], duplicate: tuple[str, str, float] | None,
                   build_id: int, n_words: int | None = None, spans: list[tuple] | None = None) -> None:
    """Insert one document with its blocks, sentences, spans, teasers and dedup keys (`spans`: the
    rows of span_rows(doc) when a worker process already made them)."""
    dup_of, dup_kind, sim = duplicate if duplicate else (None, None, None)
    if n_words is None:
        n_words = len(doc.text.split())
    row: tuple[Any, ...] = (
        doc.id, content_hash, doc.source, doc.source_line, doc.title, doc.url,
        doc.published.value, int(doc.published.given), doc.published.why, doc.lang,
        doc.lang_score, doc.text, len(doc.text), n_words, dup_of, dup_kind, sim,
        build_id)
    store.execute(f"INSERT INTO documents ({', '.join(_DOC_COLUMNS)}) VALUES "
                  f"({', '.join('?' * len(_DOC_COLUMNS))})", row)
    if doc.teasers:
        store.executemany("INSERT INTO teasers (doc_id, idx, text) VALUES (?, ?, ?)",
                          [(doc.id, i, t) for i, t in enumerate(doc.teasers)])
    store.executemany("INSERT INTO blocks (doc_id, idx, kind, start_char, end_char) VALUES (?, ?, ?, ?, ?)",
                      [(doc.id, i, b.label, b.start, b.end) for i, b in enumerate(doc.layer("blocks"))])
    store.executemany("INSERT INTO sentences (doc_id, idx, start_char, end_char, block) VALUES (?, ?, ?, ?, ?)",
                      [(doc.id, i, s.start, s.end, s.attrs.get("block", "paragraph"))
                       for i, s in enumerate(doc.layer("sentences"))])
    rows = span_rows(doc) if spans is None else spans
    if rows:
        store.executemany("INSERT INTO spans (doc_id, layer, idx, start_char, end_char, sentence, "
                          "label, value, attrs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    store.execute("INSERT INTO minhashes (doc_id, sig) VALUES (?, ?)", (doc.id, to_blob(sig)))
    store.executemany("INSERT INTO lsh_bands (band_key, doc_id) VALUES (?, ?)",
                      [(k, doc.id) for k in bands])
    if store.bands is not None:
        store.bands.add(doc.id, bands)


def record_error(store: Store, build_id: int, source: str, reason: str, *, line: int = 0,
                 doc_id: str | None = None, level: str = "error") -> None:
    """Keep a bad input's reason in the errors table."""
    store.execute("INSERT INTO errors (build_id, source, line, doc_id, level, reason) "
                  "VALUES (?, ?, ?, ?, ?, ?)", (build_id, source, line, doc_id, level, reason))


def source_unchanged(store: Store, path: str, size: int, mtime_ns: int) -> tuple[int, int] | None:
    """(documents, errors) of a fully read, unchanged file; None if it must be read."""
    row = store.query("SELECT size, mtime_ns, docs, errors FROM sources WHERE path = ?", (path,))
    if row and row[0][0] == size and row[0][1] == mtime_ns:
        return int(row[0][2]), int(row[0][3])
    return None


def mark_source(store: Store, path: str, size: int, mtime_ns: int, docs: int, errors: int,
                build_id: int) -> None:
    """Record that a file was read completely (in the same transaction as its last document)."""
    store.execute("DELETE FROM sources WHERE path = ?", (path,))
    store.execute("INSERT INTO sources (path, size, mtime_ns, docs, errors, build_id) "
                  "VALUES (?, ?, ?, ?, ?, ?)", (path, size, mtime_ns, docs, errors, build_id))
