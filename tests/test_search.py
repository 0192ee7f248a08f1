"""Full-text search against the corpus store: accent/case/đ folding, filters, ranking, offsets, index upkeep."""
from __future__ import annotations

import json
import sqlite3

import pytest
from typer.testing import CliRunner

from storyline.app import Storyline
from storyline.cli import app
from storyline.resolve.search import index_text, reindex
from storyline.store.fulltext import tsquery
from storyline.search import SearchError, fold, parse, search
from storyline.settings import Settings
from storyline.store.db import open_store
from storyline.store.schema import ddl

runner = CliRunner()


@pytest.fixture(scope="module")
def store(corpus_db):
    st = open_store(str(corpus_db), readonly=True)
    yield st
    st.close()


def _doc_text(store, doc_id: str) -> str:
    return store.scalar("SELECT text FROM documents WHERE id = ?", (doc_id,))


@pytest.mark.parametrize("text", [
    "Đại sứ quán đã được mở lại, ngày 19/2.", "a\u0301 b", " \u0301x \u00a8y",  # a lone mark, a spacing diaeresis
    "İstanbul ĐÀ NẴNG", "\ufb01re \u00b23", "x\u00a0y\u2009z", "tie\u0301ng", "_a_b", "", "   ",
])
def test_index_text_folded_word_by_word_is_the_sentence_folded_whole(text):
    from storyline.resolve.search import _fold

    assert index_text(text) == _fold(text)
    assert index_text(text) == _fold(text)  # the second time from the memo


def test_index_holds_folded_words_and_folds_barred_d():
    text = "Đại sứ quán đã được mở lại, ngày 19/2."
    assert index_text(text) == "dai su quan da duoc mo lai ngay 19 2"
    assert index_text(index_text(text)) == index_text(text)
    assert index_text("Ngoại trưởng Lavrov") == " ".join(fold("Ngoại trưởng Lavrov").split())
    assert fold("Đại sứ quán") == "dai su quan"
    assert fold("Ường Ấy Ỗ ỹ") == "uong ay o y"


def test_accentless_query_finds_accented_phrase(store):
    res = search(store, "dai su quan", limit=10)
    assert res["items"], "no hit for 'dai su quan'"
    for hit in res["items"]:
        text = _doc_text(store, hit["doc"])
        assert text[hit["start"]:hit["end"]] == hit["text"]
        marked = [fold(text[s:e]) for s, e in hit["highlights"]]
        assert marked and all(m in ("dai su quan", "dai", "su", "quan") for m in marked), marked
    top = res["items"][0]
    assert "dai su quan" in [fold(_doc_text(store, top["doc"])[s:e]) for s, e in top["highlights"]]


def test_accented_and_accentless_queries_agree(store):
    plain = search(store, "dai su quan", limit=20)["items"]
    accented = search(store, "Đại sứ quán", limit=20)["items"]
    assert [(h["doc"], h["sentence"]) for h in plain] == [(h["doc"], h["sentence"]) for h in accented]


def test_lowercase_name_finds_capitalized(store):
    hits = search(store, "lavrov", limit=50)["items"]
    assert hits
    for hit in hits:
        words = [_doc_text(store, hit["doc"])[s:e] for s, e in hit["highlights"]]
        assert "Lavrov" in words
    assert [h["doc"] for h in search(store, "LAVROV", limit=50)["items"]] == [h["doc"] for h in hits]


def test_ranked_best_first_and_paged(store):
    first = search(store, "nga my", limit=5)
    assert first["has_more"] and len(first["items"]) == 5
    scores = [h["score"] for h in first["items"]]
    assert scores == sorted(scores, reverse=True)
    second = search(store, "nga my", limit=5, offset=5)
    keys = {(h["doc"], h["sentence"]) for h in first["items"]}
    assert keys.isdisjoint({(h["doc"], h["sentence"]) for h in second["items"]})
    assert second["items"][0]["score"] <= scores[-1]


def test_quoted_phrase_and_prefix(store):
    phrase = search(store, '"hoi dam"', limit=50)["items"]
    assert phrase
    for hit in phrase:
        assert "hoi dam" in fold(hit["text"])
    prefix = search(store, "lavr*", limit=5)["items"]
    assert prefix and all(fold(_doc_text(store, h["doc"])[s:e]).startswith("lavr")
                          for h in prefix for s, e in h["highlights"])


def test_snippet_holds_the_first_hit(store):
    for hit in search(store, "trung phat", limit=20)["items"]:
        sn = hit["snippet"]
        assert hit["start"] <= sn["start"] < sn["end"] <= hit["end"]
        assert sn["text"] == hit["text"][sn["start"] - hit["start"]:sn["end"] - hit["start"]]
        assert sn["start"] <= hit["highlights"][0][0] and hit["highlights"][0][1] <= sn["end"]


def test_entity_date_and_type_filters(store):
    hits = search(store, "hoi dam", entity="Rubio", limit=50)["items"]
    assert hits
    for hit in hits:
        assert store.scalar("SELECT 1 FROM entity_mentions WHERE doc_id = ? AND entity_id = 'marco-rubio'",
                            (hit["doc"],))
    dated = search(store, "hoi dam", start="2025-03", end="2025-06", limit=50)["items"]
    assert dated and all("2025-03" <= h["published"][:7] <= "2025-06" for h in dated)
    typed = search(store, "nga", etype="sanction", limit=50)["items"]
    assert typed
    for hit in typed:
        assert store.scalar("SELECT 1 FROM event_mentions m JOIN events e ON e.id = m.event_id "
                            "WHERE m.doc_id = ? AND e.type = 'SANCTION'", (hit["doc"],))
    with pytest.raises(SearchError, match="no entity"):
        search(store, "nga", entity="Nobody At All")


def test_bad_queries_name_the_problem(store):
    with pytest.raises(SearchError, match="nothing to search"):
        search(store, " ?! ")
    assert parse('"đại sứ" quán*').prefixes == ("quan",)


def test_every_sentence_is_indexed(store):
    assert store.scalar("SELECT COUNT(*) FROM search_rows") == store.scalar("SELECT COUNT(*) FROM sentences")
    assert store.scalar("SELECT COUNT(*) FROM search_fts") == store.scalar("SELECT COUNT(*) FROM search_rows")


def test_fts_statements_per_engine():
    assert any("fts5" in s for s in ddl("sqlite"))
    assert not any("fts5" in s for s in ddl("postgresql"))
    assert any("search_rows" in s for s in ddl("postgresql"))
    assert any("tsvector" in s and "search_fts" in s for s in ddl("postgresql"))


@pytest.mark.parametrize("expr, want", [
    ('"lavrov"', "lavrov"),
    ('"dai" + "su" + "quan"', "dai <-> su <-> quan"),
    ('"nga"*', "nga:*"),
    ('("duong" + "bay") AND "thang" AND "my"*', "(duong <-> bay) & thang & my:*"),
    ('"peskov" OR "lavrov"', "peskov | lavrov"),
    ('"a_b"', "a <-> b"),
])
def test_search_expressions_translate_to_tsquery(expr, want):
    assert tsquery(expr) == want


@pytest.mark.parametrize("bad", ['lavrov', '"x" NEAR "y"', '""', "'; DROP TABLE x"])
def test_unknown_search_syntax_is_refused_not_passed_on(bad):
    with pytest.raises(ValueError):
        tsquery(bad)


def test_changed_document_is_reindexed(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    doc = src / "one.txt"
    doc.write_text(" date 2025-05-01 Ông Lavrov tới Ankara để bàn về đường bay thẳng.\n", encoding="utf-8")
    db = str(tmp_path / "s.db")
    sl = Storyline(Settings(db=db))
    sl.build([str(src)])
    with sl.store(readonly=True) as st:
        assert search(st, "ankara")["items"]
    doc.write_text(" date 2025-05-02 Ông Lavrov tới Geneva để bàn về đường bay thẳng.\n", encoding="utf-8")
    sl.build([str(src)])
    with sl.store(readonly=True) as st:
        assert not search(st, "ankara")["items"]
        assert [h["doc"] for h in search(st, "geneva")["items"]] == ["one"]
        assert st.scalar("SELECT COUNT(*) FROM search_fts") == st.scalar("SELECT COUNT(*) FROM search_rows")


def test_reindex_rebuilds_an_emptied_index(corpus_db, tmp_path):
    db = tmp_path / "copy.db"
    src = sqlite3.connect(str(corpus_db))
    dst = sqlite3.connect(str(db))
    src.backup(dst)
    src.close()
    dst.execute("DELETE FROM search_fts")
    dst.execute("DELETE FROM search_rows")
    dst.commit()
    dst.close()
    result = runner.invoke(app, ["search", "lavrov", "--db", str(db)])
    assert result.exit_code == 2 and "--reindex" in result.output
    result = runner.invoke(app, ["search", "lavrov", "--db", str(db), "--reindex", "--json"])
    assert result.exit_code == 0, result.output
    with open_store(str(db)) as st:
        assert st.scalar("SELECT COUNT(*) FROM search_rows") == st.scalar("SELECT COUNT(*) FROM sentences")
        assert search(st, "lavrov")["items"]
        assert reindex(st) == st.scalar("SELECT COUNT(*) FROM sentences")


def test_cli_search_table_and_json(corpus_db):
    result = runner.invoke(app, ["search", "dai su quan", "--db", str(corpus_db), "--limit", "3"])
    assert result.exit_code == 0, result.output
    assert "sentence" in result.output and "art-" in result.output
    result = runner.invoke(app, ["search", "lavrov", "--db", str(corpus_db), "--json", "--limit", "2"])
    data = json.loads(result.output)
    assert len(data["items"]) == 2 and data["has_more"]


def test_cli_search_errors_are_one_line(tmp_path, corpus_db):
    result = runner.invoke(app, ["search", "lavrov", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code == 2 and "no store at" in result.output
    result = runner.invoke(app, ["search", "lavrov", "--db", str(corpus_db), "--entity", "Nobody"])
    assert result.exit_code == 2 and "no entity matches" in result.output
    assert "Traceback" not in result.output


def test_index_text_is_used_for_every_row(store):
    rowid, doc, s, e = store.query("SELECT id, doc_id, start_char, end_char FROM search_rows "
                                   "WHERE doc_id = (SELECT doc_id FROM search_rows LIMIT 1) LIMIT 1")[0]
    body = store.scalar("SELECT body FROM search_fts WHERE rowid = ?", (rowid,))
    assert body == index_text(_doc_text(store, doc)[s:e])

