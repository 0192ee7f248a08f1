"""Keeps the full-text index in step with the store: one row per sentence, written with the document."""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable

from storyline.memo import WordMemo
from storyline.model import Document
from storyline.store import fulltext
from storyline.store.db import Store

# Combining marks (what NFKD splits diacritics into) and the words FTS5's unicode61 tokenizer sees.
MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
TOKEN = re.compile(r"[^\W_]+")


def _fold(text: str) -> str:
    """index_text's work on any text: NFKD, marks dropped, lower case, words one space apart."""
    text = text.replace("\u0111", "d").replace("\u0110", "D")
    return " ".join(TOKEN.findall(MARKS.sub("", unicodedata.normalize("NFKD", text)).lower()))


_FOLDED = WordMemo(_fold, 200_000)  # a word (a run without white space) → its folded words


def index_text(text: str) -> str:
    """A sentence as the index stores it: its words folded as queries are (no diacritics, lowercase, the
    barred d as d, which has no decomposition) and one space apart, so ranking can read them with
    str.split; offsets and display come from the document text, not from this. Folding never joins
    what white space parts, so each run between spaces is folded once per process and looked up after
    (news repeats its vocabulary: a lookup is several times cheaper than folding a sentence)."""
    return " ".join(filter(None, _FOLDED.map(text.split())))


def _units(doc_id: str, text: str, sentences: Iterable[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """(sentence idx, start, end) to index; a document without sentences is one unit."""
    units = [(i, s, e) for i, s, e in sentences if e > s]
    if not units and text.strip():
        units = [(-1, 0, len(text))]
    return units


def _drop(store: Store, doc_id: str) -> None:
    """Remove a document's index rows (left over when a changed document was rewritten)."""
    if store.scalar("SELECT 1 FROM search_rows WHERE doc_id = ? LIMIT 1", (doc_id,)) is None:
        return  # a new document: nothing to drop (and FTS5 deletes are not cheap)
    fulltext.delete_document(store, doc_id)
    store.execute("DELETE FROM search_rows WHERE doc_id = ?", (doc_id,))


def _add(store: Store, doc_id: str, text: str, units: list[tuple[int, int, int]]) -> None:
    """Insert index rows for the given sentences of one document (the document has none yet, so
    its new rows, in id order, are these units in order: three statements, not two per sentence)."""
    if not units:
        return
    store.executemany("INSERT INTO search_rows (doc_id, sentence, start_char, end_char) VALUES (?, ?, ?, ?)",
                      [(doc_id, idx, s, e) for idx, s, e in units])
    ids = store.query("SELECT id FROM search_rows WHERE doc_id = ? ORDER BY id", (doc_id,))
    fulltext.insert(store, [(rid, index_text(text[s:e])) for (rid,), (_i, s, e) in zip(ids, units)])


def _exact_copy(store: Store, doc_id: str) -> bool:
    """True for a stored exact duplicate: its text is searchable through the first copy."""
    return store.scalar("SELECT duplicate_kind FROM documents WHERE id = ?", (doc_id,)) == "exact"


def link(store: Store, doc: Document) -> None:
    """Index every sentence of a just-stored document (the linker hook of storyline.resolve); an exact
    copy of a stored document adds nothing, so a hundred copies do not crowd every result page."""
    _drop(store, doc.id)
    if _exact_copy(store, doc.id):
        return
    sents = [(i, s.start, s.end) for i, s in enumerate(doc.layer("sentences"))]
    _add(store, doc.id, doc.text, _units(doc.id, doc.text, sents))


def reindex(store: Store, batch: int = 500) -> int:
    """Rebuild the whole index from stored sentences (stores built by older versions); returns rows. Rows
    go in publication order, so the newest matches that ranking looks at first are the newest articles."""
    store.begin()
    fulltext.clear(store)
    store.execute("DELETE FROM search_rows")
    ids = [d for (d,) in store.query("SELECT id FROM documents WHERE duplicate_kind IS NULL "
                                     "OR duplicate_kind <> 'exact' ORDER BY published, id")]
    rows = 0
    for n, doc_id in enumerate(ids, start=1):
        text = store.scalar("SELECT text FROM documents WHERE id = ?", (doc_id,)) or ""
        sents = store.query("SELECT idx, start_char, end_char FROM sentences WHERE doc_id = ? ORDER BY idx",
                            (doc_id,))
        units = _units(doc_id, text, sents)
        _add(store, doc_id, text, units)
        rows += len(units)
        if n % batch == 0:
            store.commit()
            store.begin()
    store.commit()
    return rows


def index_state(store: Store) -> tuple[int, int]:
    """(documents, indexed documents): equal when the index is complete (exact copies are not indexed)."""
    docs = store.scalar("SELECT COUNT(*) FROM documents WHERE duplicate_kind IS NULL "
                        "OR duplicate_kind <> 'exact'") or 0
    indexed = store.scalar("SELECT COUNT(DISTINCT doc_id) FROM search_rows") or 0
    return int(docs), int(indexed)
