"""Bounded-window ranking: the same order and scores as FTS5's bm25 where it can see every match,
labelled estimates where it cannot, exact copies never indexed, and both filter paths agreeing."""
from __future__ import annotations

import sqlite3

import pytest

from storyline import search as search_mod
from storyline import search_rank
from storyline.app import Storyline
from storyline.resolve.search import index_text
from storyline.search import parse, parts, search
from storyline.search_rank import Part, ranked, scores
from storyline.settings import Settings
from storyline.store.db import open_store

QUERIES = ["dai su quan", "lavrov", "trung phat", "hoi dam riyadh", '"duong bay thang"', "ngoai truong nga",
           "Điện Kremlin", "tai san ngoai giao", "lenh ngung ban", "nga my", "lavr*"]


@pytest.fixture(scope="module")
def store(corpus_db):
    st = open_store(str(corpus_db), readonly=True)
    yield st
    st.close()


def _bm25_expr(text: str) -> str:
    """The expression the old ranking gave FTS5: all words, or the loose words as one run (ranked higher)."""
    q = parse(text)
    must = q.fts()
    if len(q.loose) < 2:
        return must
    run = "(" + " + ".join(f'"{w}"' for w in q.loose) + ")"
    quoted = ["(" + " + ".join(f'"{w}"' for w in p) + ")" for p in q.phrases if p != q.loose]
    return f"({must}) OR ({' AND '.join(quoted + [run])})"


def _fts5_top(st, text: str, n: int = 10) -> list[tuple[int, float]]:
    rows = st.query("SELECT rowid, -rank FROM search_fts WHERE search_fts MATCH ? ORDER BY rank, rowid DESC LIMIT ?",
                    (_bm25_expr(text), n))
    return [(rowid, round(score, 6)) for rowid, score in rows]


def _ours(st, text: str, n: int = 10) -> list[tuple[int, float]]:
    q = parse(text)
    return [(rowid, round(score, 6)) for score, rowid in ranked(st, q.fts(), parts(q), need=n).hits[:n]]


@pytest.mark.parametrize("text", QUERIES)
def test_scores_equal_fts5_bm25_when_every_match_is_seen(store, text):
    assert _ours(store, text) == _fts5_top(store, text)


def test_exact_run_of_the_query_words_comes_first(store):
    top = search(store, "ngoai truong nga", limit=3)["items"]
    assert top and all("ngoai truong nga" in " ".join(index_text(h["text"]).split()) for h in top)


def test_totals_are_exact_in_the_window_and_labelled_estimates_beyond(store, monkeypatch):
    count = store.scalar("SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH ?", (parse("nga").fts(),))
    res = search(store, "nga", limit=5)
    assert (res["total"], res["total_exact"]) == (count, True)
    monkeypatch.setattr(search_rank, "WINDOW", 16)
    monkeypatch.setattr(search_rank, "SAMPLE", 16)
    capped = search(store, "nga", limit=5)
    assert capped["total_exact"] is False and count / 3 < capped["total"] < count * 3
    assert capped["has_more"] and [h["score"] for h in capped["items"]] == sorted(
        (h["score"] for h in capped["items"]), reverse=True)
    deep = search(store, "nga", limit=10, offset=20)  # paging past the window widens it
    assert len(deep["items"]) == 10


def test_scores_count_repeated_words_phrases_and_prefixes():
    parts = [Part(("nga",)), Part(("nga", "va")), Part(("ng",), prefix=True), Part(("my",))]

    def one(body: str, weights: list[float]) -> float:
        return scores([body], parts, weights, avgdl=5.0)[0]

    tf1 = one("nga va my nga nga", [1, 0, 0, 0])
    assert tf1 == pytest.approx(1 * 3 * 2.2 / (3 + 1.2))  # three of "nga", at the mean length
    assert one("nga va my nga nga", [0, 1, 0, 0]) == pytest.approx(2.2 / (1 + 1.2))
    assert one("nga va my nga nga", [0, 0, 1, 0]) == tf1  # "ng*": the same three words
    assert one("nga va my nga nga", [0, 0, 0, 1]) == pytest.approx(2.2 / (1 + 1.2))
    assert one("", [1, 1, 1, 1]) == 0


def test_the_few_documents_path_agrees_with_the_scan(store, monkeypatch):
    args = dict(start="2025-03", end="2025-04", limit=50)
    monkeypatch.setattr(search_mod, "NARROW", 0)
    scanned = search(store, "nga", **args)
    monkeypatch.setattr(search_mod, "NARROW", 10_000)
    assert search_mod._narrow(store, parse("nga").fts(), None, "2025-03", "2025-04") is not None
    narrowed = search(store, "nga", **args)
    assert scanned["total_exact"] and scanned["items"] and narrowed["items"] == scanned["items"]
    assert all("2025-03" <= h["published"][:7] <= "2025-04" for h in narrowed["items"])


def test_an_index_of_sentences_as_written_still_ranks_alike(corpus_db, tmp_path):
    db = tmp_path / "legacy.db"
    src, dst = sqlite3.connect(str(corpus_db)), sqlite3.connect(str(db))
    src.backup(dst)
    src.close()
    rows = dst.execute("SELECT r.id, SUBSTR(d.text, r.start_char + 1, r.end_char - r.start_char) "
                       "FROM search_rows r JOIN documents d ON d.id = r.doc_id").fetchall()
    dst.execute("DELETE FROM search_fts")
    as_written = [(i, t.replace("đ", "d").replace("Đ", "D")) for i, t in rows]  # the old index form
    dst.executemany("INSERT INTO search_fts (rowid, body) VALUES (?, ?)", as_written)
    dst.commit()
    dst.close()
    with open_store(str(db), readonly=True) as st, open_store(str(corpus_db), readonly=True) as new:
        assert _ours(st, "dai su quan") == _ours(new, "dai su quan")


def test_exact_copies_are_not_indexed_and_not_shown(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    text = " date 2025-05-01 Ông Lavrov tới Ankara để bàn về đường bay thẳng.\n"
    (src / "a.txt").write_text(text, encoding="utf-8")
    (src / "b.txt").write_text(text, encoding="utf-8")
    sl = Storyline(Settings(db=str(tmp_path / "s.db")))
    sl.build([str(src)])
    with sl.store(readonly=True) as st:
        assert st.scalar("SELECT COUNT(DISTINCT doc_id) FROM search_rows") == 1
        res = search(st, "ankara")
        assert [h["doc"] for h in res["items"]] == ["a"] and res["total"] == 1
