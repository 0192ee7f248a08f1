"""Hostile and broken input, a damaged store, and arbitrary bytes through the reader."""
from __future__ import annotations

import json
import os
import sqlite3

from hypothesis import given, settings, strategies as st
from typer.testing import CliRunner

from storyline.app import Storyline
from storyline.cli import app
from storyline.ingest.prepare import RecordError, prepare
from storyline.model import RawRecord
from storyline.settings import Settings
from storyline.store.db import open_store

GOOD = "Hai phái đoàn đã hội đàm tại Riyadh hôm thứ Ba (18/2) trong hơn 4,5 giờ."


def _build(folder, db, **kw):
    lines: list[str] = []
    rep = Storyline(Settings(db=str(db), **kw)).build([str(folder)], on_error=lines.append)
    return rep, lines


def test_big_jsonl_with_broken_lines(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    with open(folder / "big.jsonl", "w", encoding="utf-8") as fh:
        for i in range(100_000):
            if i % 25_000 == 7:
                fh.write("{broken\n")
            elif i % 1000 == 0:
                fh.write(json.dumps({"id": f"r{i}", "text": f"{GOOD} Bản tin số {i}."}, ensure_ascii=False) + "\n")
            else:
                fh.write("\n")
    rep, lines = _build(folder, tmp_path / "s.db")
    assert rep.new == 100 and len(rep.errors) == 4
    assert all("big.jsonl:" in l and "not valid JSON" in l for l in lines if l.startswith("error"))


def test_whitespace_nested_html_symlink_loop_and_vanishing_file(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "blank.txt").write_text(" \n\t\n   ", encoding="utf-8")
    depth = 3000
    (folder / "deep.html").write_text("<html><body>" + "<div>" * depth + GOOD * 3 + "</div>" * depth
                                      + "</body></html>", encoding="utf-8")
    os.symlink(folder / "loop-b.txt", folder / "loop-a.txt")
    os.symlink(folder / "loop-a.txt", folder / "loop-b.txt")
    (folder / "vanish.txt").write_text(GOOD + " Bản sẽ biến mất.", encoding="utf-8")
    import storyline.ingest.readers as readers

    real_read = readers.read_source

    def vanishing(src, settings):
        if src.path.endswith("vanish.txt"):
            os.remove(src.path)
        return real_read(src, settings)

    monkeypatch.setattr("storyline.build.read_source", vanishing)
    rep, lines = _build(folder, tmp_path / "s.db")
    errors = [l for l in lines if l.startswith("error")]
    assert any("blank.txt" in l and "empty" in l for l in errors)
    assert any("loop-a.txt" in l for l in errors) and any("loop-b.txt" in l for l in errors)
    assert any("vanish.txt" in l and "cannot read" in l for l in errors)
    assert rep.new >= 1  # good.txt at least; the deep page is either read or refused with a reason
    assert all(("deep.html" not in l) or ("HTML" in l) for l in errors)


def test_check_finds_damage(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(" date 2025-02-19 Ngoại trưởng Nga Sergey Lavrov gặp Ngoại trưởng Mỹ "
                                  "Marco Rubio tại Riyadh ngày 18/2.", encoding="utf-8")
    db = tmp_path / "s.db"
    _build(folder, db)
    ok = CliRunner().invoke(app, ["check", "--db", str(db)])
    assert ok.exit_code == 0 and "sound" in ok.output
    con = sqlite3.connect(db)
    con.execute("UPDATE sentences SET end_char = end_char + 10000 WHERE idx = 0")
    con.execute("DELETE FROM entities WHERE id = 'sergey-lavrov'")
    con.commit()
    con.close()
    bad = CliRunner().invoke(app, ["check", "--db", str(db)])
    assert bad.exit_code == 1
    assert "offsets outside" in bad.output and "unknown entities" in bad.output


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_reader_never_raises_on_arbitrary_bytes(data):
    try:
        doc, _ = prepare(RawRecord("x", "x.txt", data=data), Settings())
    except RecordError:
        return
    assert doc.text and doc.text == doc.text.strip()
    for spans in doc.layers.values():
        for s in spans:
            assert 0 <= s.start <= s.end <= len(doc.text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_full_pipeline_offsets_hold_on_arbitrary_text(text):
    try:
        doc, _ = prepare(RawRecord("x", "x.txt", text=text), Settings())
    except RecordError:
        return
    from storyline.analyze.pipeline import Pipeline

    Pipeline()(doc)
    assert doc.check_offsets() == []


def test_only_a_first_build_skips_per_batch_syncs(workdir, tmp_path, monkeypatch):
    """An empty store is loaded without fsync per checkpoint and synced at the end, with the larger
    page cache; a store holding documents keeps every batch durable (synchronous NORMAL = 1, OFF = 0)
    and the usual cache."""
    from storyline.store.db import BULK_CACHE_KIB, CACHE_KIB, Store

    modes: list[int] = []
    caches: list[int] = []
    real_commit = Store.commit

    def spy(self):
        modes.append(self.scalar("PRAGMA synchronous"))
        caches.append(-self.scalar("PRAGMA cache_size"))
        real_commit(self)

    monkeypatch.setattr(Store, "commit", spy)
    synced: list[str] = []
    real_sync = Store.sync
    monkeypatch.setattr(Store, "sync", lambda self: (synced.append(self.location), real_sync(self)))
    db = str(tmp_path / "s.db")
    Storyline(Settings(db=db, batch_size=2)).build([str(workdir / "in")])
    first, modes[:] = list(modes), []
    assert first and set(first[1:]) == {0} and synced == [db]  # [0] is the schema, before the build
    assert BULK_CACHE_KIB > CACHE_KIB and caches[0] == CACHE_KIB and set(caches[1:-1]) == {BULK_CACHE_KIB}
    caches[:] = []
    with open_store(db) as st:
        assert st.scalar("PRAGMA synchronous") == 1 and -st.scalar("PRAGMA cache_size") == CACHE_KIB
        assert st.scalar("SELECT COUNT(*) FROM documents") == 6
    extra = workdir / "in" / "zz.txt"
    extra.write_text(" date 2025-03-01 Ông Lavrov điện đàm với ông Rubio về đường bay thẳng.\n", encoding="utf-8")
    report = Storyline(Settings(db=db, batch_size=2)).build([str(workdir / "in")])
    assert report.new == 1 and modes and set(modes) == {1} and synced == [db] and set(caches) == {CACHE_KIB}


def test_a_first_build_commits_in_groups_a_later_one_every_batch(workdir, tmp_path, monkeypatch):
    """Into an empty store, batches share a commit until BULK_COMMIT_DOCS documents have gathered
    (the rest at the end); into a store holding documents every batch commits. Both store all."""
    from storyline.store import db as dbmod

    monkeypatch.setattr(dbmod, "BULK_COMMIT_DOCS", 4)
    ends: list[bool] = []
    real = dbmod.Store.commit_batch
    docs: list[int] = []

    def spy(self, n):
        docs.append(n)
        ends.append(real(self, n))
        return ends[-1]

    monkeypatch.setattr(dbmod.Store, "commit_batch", spy)
    db = str(tmp_path / "s.db")
    Storyline(Settings(db=db, batch_size=1)).build([str(workdir / "in")])
    # 6 documents (and a batch holding only a bad file's error): one commit once 4 have gathered,
    # the last 2 at the end
    assert sum(docs) == 6 and ends.count(True) == 1
    assert sum(docs[:ends.index(True) + 1]) == 4
    with open_store(db) as st:
        assert st.scalar("SELECT COUNT(*) FROM documents") == 6
    ends.clear()
    docs.clear()
    (workdir / "in" / "zz.txt").write_text(" date 2025-03-01 Ông Lavrov điện đàm với ông Rubio.\n",
                                           encoding="utf-8")
    (workdir / "in" / "zy.txt").write_text(" date 2025-03-02 Ông Lavrov gặp ông Rubio.\n", encoding="utf-8")
    Storyline(Settings(db=db, batch_size=1)).build([str(workdir / "in")])
    assert sum(docs) == 2 and ends and all(ends)
    with open_store(db) as st:
        assert st.scalar("SELECT COUNT(*) FROM documents") == 8


def test_a_first_build_makes_read_side_indexes_at_the_end(workdir, tmp_path, monkeypatch):
    """The indexes only reads use are absent while a first build loads and present when it ends; a
    store whose first build died before its end gets them back on its next writable open."""
    from storyline.store import db as dbmod
    from storyline.store.schema import BULK_DEFERRED

    def indexes(st) -> set[str]:
        return {n for (n,) in st.query("SELECT name FROM sqlite_master WHERE type = 'index'")}

    during: list[set[str]] = []
    real = dbmod.Store.commit_batch
    monkeypatch.setattr(dbmod.Store, "commit_batch", lambda self, n: during.append(indexes(self)) or real(self, n))
    db = str(tmp_path / "s.db")
    Storyline(Settings(db=db, batch_size=2)).build([str(workdir / "in")])
    assert during and all(not set(BULK_DEFERRED) & names for names in during)
    with open_store(db, readonly=True) as st:
        assert set(BULK_DEFERRED) <= indexes(st)
        plan = " ".join(str(r) for r in st.query(
            "EXPLAIN QUERY PLAN SELECT event_id FROM event_mentions WHERE doc_id = 'x'"))
        assert "event_mentions_doc" in plan
    con = sqlite3.connect(db)
    con.execute("DROP INDEX events_date")
    con.commit()
    con.close()
    with open_store(db) as st:
        assert "events_date" in indexes(st)
