"""A first build writes through a rollback journal and leaves the store in WAL mode (store/db.py)."""
from __future__ import annotations

import sqlite3

from storyline.app import Storyline
from storyline.settings import Settings
from storyline.store import db as dbmod
from storyline.store.db import open_store


def _modes_at_commits(monkeypatch) -> list[str]:
    """The journal mode the build's own connection is in at each batch it ends."""
    seen: list[str] = []
    real = dbmod.Store.commit_batch
    monkeypatch.setattr(dbmod.Store, "commit_batch", lambda self, n: seen.append(
        self.scalar("PRAGMA journal_mode")) or real(self, n))
    return seen


def _file_mode(db: str) -> str:
    """The mode a new connection finds: WAL is kept in the file, a rollback journal is not ('delete')."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        conn.close()


def test_a_first_build_commits_through_a_rollback_journal_and_ends_in_wal(workdir, tmp_path, monkeypatch):
    seen = _modes_at_commits(monkeypatch)
    db = str(tmp_path / "s.db")
    Storyline(Settings(db=db, batch_size=1)).build([str(workdir / "in")])
    assert seen and set(seen) == {"truncate"}  # a rollback journal, not the WAL
    assert _file_mode(db) == "wal"
    assert not (tmp_path / "s.db-journal").exists()
    (workdir / "in" / "zz.txt").write_text(" date 2025-03-02\nÔng Lavrov gặp ông Rubio.\n", encoding="utf-8")
    seen.clear()
    Storyline(Settings(db=db, batch_size=1)).build([str(workdir / "in")])  # a store with documents: WAL
    assert seen and set(seen) == {"wal"}
    with open_store(db, readonly=True) as st:
        assert st.scalar("SELECT COUNT(*) FROM documents") == 7


def test_a_store_another_connection_reads_keeps_its_wal_and_builds_the_same(workdir, tmp_path, monkeypatch):
    clean = str(tmp_path / "clean.db")
    Storyline(Settings(db=clean)).build([str(workdir / "in")])
    db = str(tmp_path / "held.db")
    open_store(db).close()  # an empty store, made by an earlier open
    reader = sqlite3.connect(db, isolation_level=None)
    reader.execute("BEGIN")
    assert reader.execute("SELECT COUNT(*) FROM documents").fetchone() == (0,)  # a read held open
    seen = _modes_at_commits(monkeypatch)
    try:
        Storyline(Settings(db=db)).build([str(workdir / "in")])
    finally:
        reader.execute("COMMIT")
        reader.close()
    assert seen and set(seen) == {"wal"}
    assert _file_mode(db) == "wal"
    query = "SELECT id, hash, published FROM documents ORDER BY id"
    with open_store(db, readonly=True) as a, open_store(clean, readonly=True) as b:
        assert a.query(query) == b.query(query) and len(a.query(query)) == 6
        assert a.scalar("SELECT COUNT(*) FROM spans") == b.scalar("SELECT COUNT(*) FROM spans") > 0


def _page(db: str) -> tuple[int, int]:
    """(page size, WAL auto-checkpoint pages) as a new connection of ours finds them."""
    store = open_store(db)
    try:
        return store.scalar("PRAGMA page_size"), store.scalar("PRAGMA wal_autocheckpoint")
    finally:
        store.close()


def test_a_new_store_has_large_pages_and_an_old_one_keeps_its_own(workdir, tmp_path):
    db = str(tmp_path / "new.db")
    Storyline(Settings(db=db)).build([str(workdir / "in")])
    assert _page(db) == (dbmod.PAGE_BYTES, dbmod.WAL_CHECKPOINT_BYTES // dbmod.PAGE_BYTES) == (16384, 2560)
    old = str(tmp_path / "old.db")  # a store made with SQLite's default pages, as earlier versions did
    conn = sqlite3.connect(old)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    assert _page(old) == (4096, 10240)  # the WAL still holds about 40 MB before it is copied back
    Storyline(Settings(db=old)).build([str(workdir / "in")])
    assert _page(old)[0] == 4096
    rows = "SELECT id, text FROM documents ORDER BY id"
    with open_store(db, readonly=True) as a, open_store(old, readonly=True) as b:
        assert a.query(rows) == b.query(rows) != []
