"""A first build's in-memory event index returns what the SQL lookups return, LIMIT included."""
from __future__ import annotations

import pytest

from storyline.app import Storyline
from storyline.resolve import event_index
from storyline.resolve import events as E
from storyline.resolve.event_index import EventIndex
from storyline.settings import Settings
from storyline.store.db import open_store

from .conftest import CORPUS
from .test_workers import _generator


def _checked_build(monkeypatch, paths: list[str], db: str, limit: int) -> dict[str, int]:
    """Build with every in-memory lookup compared to the SQL lookup on the same store state (with the
    events' lookup indexes kept through the build: a LIMIT keeps the first rows in their scan order)."""
    from storyline.store import db as dbmod

    monkeypatch.setattr(dbmod, "BULK_DEFERRED", tuple(n for n in dbmod.BULK_DEFERRED
                                                      if n not in ("events_type_date", "events_actor_type_date")))
    monkeypatch.setattr(E, "MAX_CANDIDATES", limit)
    real = E._candidates_in
    stat = {"lookups": 0, "rows": 0, "cut": 0}

    def check(idx, store, ev, same_dyad):
        mem = real(idx, store, ev, same_dyad)
        store.bulk = False  # index_of then answers None: the SQL path
        try:
            sql = E._candidates(store, ev, same_dyad)
        finally:
            store.bulk = True
        cols = [sorted((r[0], r[1], r[2], r[3], r[6]) for r in rows) for rows in (mem, sql)]
        assert cols[0] == cols[1], (ev, same_dyad)
        stat["lookups"] += 1
        stat["rows"] += len(mem)
        stat["cut"] += len(mem) >= limit
        return mem

    monkeypatch.setattr(E, "_candidates_in", check)
    Storyline(Settings(db=db)).build(paths)
    return stat


@pytest.mark.parametrize("limit", [1, 3, 64])
def test_in_memory_lookups_equal_sql_on_a_generated_corpus(tmp_path, monkeypatch, limit):
    gen = _generator()
    gen.generate(500, tmp_path / "g", seed=5, processes=1)
    stat = _checked_build(monkeypatch, [str(tmp_path / "g")], str(tmp_path / "s.db"), limit)
    assert stat["lookups"] > 2000 and stat["rows"] > 500
    if limit < 64:
        assert stat["cut"] > 20  # the LIMIT decided which rows came back, many times


def test_in_memory_lookups_equal_sql_on_the_bundled_corpus(tmp_path, monkeypatch):
    stat = _checked_build(monkeypatch, [str(CORPUS)], str(tmp_path / "s.db"), 2)
    assert stat["lookups"] > 500 and stat["cut"] > 50


def test_rows_keep_rowid_order_across_a_redate():
    idx = EventIndex()
    idx.add(1, "a", "MEET", "talks", "2025", "RUS|USA", "[]", "[]")
    idx.add(2, "b", "MEET", "talks", "2025-02-18", "RUS|USA", "[]", "[]")
    idx.add(3, "c", "MEET", "talks", "2025", "", "[]", "[]")
    assert idx.on_dates("MEET", None, ["2025"], 64) == ["a", "c"]
    idx.redate("a", "2025-02-18")  # an older row moves into a later date: still first by rowid
    assert idx.on_dates("MEET", "RUS|USA", ["2025-02-18"], 64) == ["a", "b"]
    assert idx.on_dates("MEET", None, ["2025", "2025-02-18"], 2) == ["c", "a"]  # dates ascending first
    assert idx.between("MEET", None, "2025-", "2025-~", 64) == ["a", "b"]
    assert idx.between("MEET", "RUS|USA", "2025-", "2025-~", 1) == ["a"]
    assert idx.on_dates("MEET", None, ["2025"], 64, lambda e: "|" in e[7]) == []
    assert idx.on_dates("ACCUSE", None, ["2025"], 64) == [] and idx.between("ACCUSE", "x", "a", "b", 9) == []
    tallies = {"c": [7, 4, {}, "Riyadh"], "a": [1, 1, {}, None]}
    assert idx.rows(["c", "a"], tallies) == [("c", "2025", "[]", "[]", "Riyadh", 4, "talks"),
                                             ("a", "2025-02-18", "[]", "[]", None, 1, "talks")]


def test_pairs_lookup_merges_lists_in_rowid_order():
    idx = EventIndex()
    rows = [(1, "a", "RUS|USA"), (2, "b", "UKR|USA"), (3, "c", "RUS"), (4, "d", "RUS|UKR"), (5, "e", ""),
            (6, "f", "RUS|USA"), (7, "g", "CHN|USA")]
    for rowid, eid, key in rows:
        idx.add(rowid, eid, "MEET", "talks", "2025-02-18", key, "[]", "[]")
    idx.add(8, "h", "MEET", "talks", "2025-02-19", "USA", "[]", "[]")
    idx.add(9, "i", "ACCUSE", "talks", "2025-02-18", "", "[]", "[]")
    pairs = {"RUS|USA", "RUS|UKR"}
    want = idx.on_dates("MEET", None, ["2025-02-18"], 64, lambda e: "|" not in e[7] or e[7] in pairs)
    assert want == ["a", "c", "d", "e", "f"]
    for limit in (1, 2, 3, 4, 64):
        assert idx.on_date_of_pairs("MEET", "2025-02-18", pairs, limit) == want[:limit]
    assert idx.on_date_of_pairs("MEET", "2025-02-18", {"UKR|USA"}, 64) == ["b", "c", "e"]
    assert idx.on_date_of_pairs("MEET", "2025-02-20", pairs, 64) == []
    idx.redate("h", "2025-02-18")  # an unpaired row moves day: listed under its new day only
    assert idx.on_date_of_pairs("MEET", "2025-02-18", set(), 64) == ["c", "e", "h"]
    assert idx.on_date_of_pairs("MEET", "2025-02-19", set(), 64) == []


def test_index_only_during_a_first_build_from_an_empty_store(workdir, tmp_path, monkeypatch):
    seen: list[bool] = []
    real = E._find
    monkeypatch.setattr(E, "_find", lambda store, *a: seen.append(event_index.index_of(store) is not None)
                        or real(store, *a))
    db = str(tmp_path / "s.db")
    Storyline(Settings(db=db)).build([str(workdir / "in")])
    assert seen and all(seen)
    (workdir / "in" / "zz.txt").write_text(" date 2025-03-02 Ngoại trưởng Nga Sergei Lavrov đã hội đàm với "
                                           "Ngoại trưởng Mỹ Marco Rubio tại Riyadh hôm 1/3.\n", encoding="utf-8")
    seen.clear()
    Storyline(Settings(db=db)).build([str(workdir / "in")])
    assert seen and not any(seen)
    with open_store(db) as st:
        st.bulk = True  # a store holding events never gets an index, even in bulk mode
        assert event_index.index_of(st) is None


def _mention_rows(db: str) -> list[tuple]:
    with open_store(db, readonly=True) as st:
        return st.query("SELECT event_id, doc_id, sentence, start_char, end_char FROM event_mentions "
                        "ORDER BY event_id, doc_id, sentence")


def test_an_event_told_twice_in_one_sentence_is_one_row_with_or_without_the_key(tmp_path, monkeypatch):
    """A first build makes event_mentions' unique key at its end, so linking keeps a document's rows unique
    itself: every event told twice gives the rows a build with the key in place gives."""
    import contextlib

    from storyline.store import db as dbmod

    real = E.group_events
    told = []
    monkeypatch.setattr(E, "group_events", lambda doc: told.extend(evs := [e for e in real(doc) for _ in (0, 1)])
                        or evs)
    bulk = str(tmp_path / "bulk.db")
    Storyline(Settings(db=bulk)).build([str(CORPUS)])  # would fail making the key on a repeated row
    with monkeypatch.context() as m:
        m.setattr(dbmod.Store, "bulk_load", contextlib.contextmanager(lambda self: (yield self)))
        keyed = str(tmp_path / "keyed.db")
        Storyline(Settings(db=keyed)).build([str(CORPUS)])
    rows = _mention_rows(bulk)
    assert rows == _mention_rows(keyed)
    assert len(told) - len(rows) > 100 and len(set(rows)) == len(rows)  # many a report told twice, one row


def test_a_store_whose_mentions_table_has_its_old_primary_key_gets_no_second_key(tmp_path):
    """Stores built before the key became an index keep their primary key and are not given a copy of it."""
    import sqlite3

    db = str(tmp_path / "old.db")
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE event_mentions (event_id TEXT NOT NULL, doc_id TEXT NOT NULL, sentence INTEGER "
                "NOT NULL, start_char INTEGER NOT NULL, end_char INTEGER NOT NULL, confidence REAL NOT NULL, "
                "doc_date TEXT, mode TEXT, location TEXT, actors TEXT, participants TEXT, published TEXT, "
                "PRIMARY KEY (event_id, doc_id, sentence))")
    con.close()
    Storyline(Settings(db=db)).build([str(CORPUS)])
    fresh = str(tmp_path / "new.db")
    Storyline(Settings(db=fresh)).build([str(CORPUS)])
    with open_store(db, readonly=True) as old, open_store(fresh, readonly=True) as new:
        names = [{n for (n,) in st.query("SELECT name FROM pragma_index_list('event_mentions') "
                                         "WHERE \"unique\" = 1")} for st in (old, new)]
    assert names == [{"sqlite_autoindex_event_mentions_1"}, {"event_mentions_key"}]
    assert _mention_rows(db) == _mention_rows(fresh) and len(_mention_rows(db)) > 400
