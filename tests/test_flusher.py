"""A first build hands its pages to the disk while it runs (store/flusher.py)."""
from __future__ import annotations

import os
import threading
import time

from storyline.app import Storyline
from storyline.settings import Settings
from storyline.store import db as dbmod
from storyline.store import flusher
from storyline.store.db import open_store


def test_flusher_syncs_until_its_block_ends(tmp_path, monkeypatch):
    calls: list[str] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: calls.append(os.readlink(f"/proc/self/fd/{fd}")) or real(fd))
    (tmp_path / "a.db").write_bytes(b"x" * 4096)
    with flusher.Flusher([str(tmp_path / "a.db"), str(tmp_path / "missing")], every=0.01) as f:
        deadline = time.time() + 5
        while f.syncs < 3 and time.time() < deadline:
            time.sleep(0.01)
        assert f._thread.is_alive()
    assert f.syncs >= 3 and not f._thread.is_alive()
    assert set(calls) == {str(tmp_path / "a.db")}  # the missing file is skipped, not an error
    after = len(calls)
    time.sleep(0.05)
    assert len(calls) == after  # no sync once the block has ended
    assert flusher.fsync_path(str(tmp_path / "missing")) is False


def test_a_first_build_runs_a_flusher_and_a_later_build_does_not(workdir, tmp_path, monkeypatch):
    monkeypatch.setattr(flusher, "FLUSH_SECONDS", 0.01)
    seen: list[bool] = []
    real = dbmod.Store.commit_batch
    monkeypatch.setattr(dbmod.Store, "commit_batch", lambda self, n: seen.append(
        any(t.name == "storyline-flusher" for t in threading.enumerate())) or real(self, n))
    db = str(tmp_path / "s.db")
    Storyline(Settings(db=db, batch_size=1)).build([str(workdir / "in")])
    assert seen and all(seen)
    assert not any(t.name == "storyline-flusher" for t in threading.enumerate())
    (workdir / "in" / "zz.txt").write_text(" date 2025-03-02\nÔng Lavrov gặp ông Rubio.\n", encoding="utf-8")
    seen.clear()
    Storyline(Settings(db=db, batch_size=1)).build([str(workdir / "in")])
    assert seen and not any(seen)
    with open_store(db, readonly=True) as st:
        assert st.scalar("SELECT COUNT(*) FROM documents") == 7
