"""The in-memory LSH band rows of a first build answer what the lsh_bands table answers."""
from __future__ import annotations

import random
import sqlite3

import pytest

from storyline.app import Storyline
from storyline.settings import Settings
from storyline.store import bands as bandmod
from storyline.store.bands import BandIndex
from storyline.store.db import open_store

from .test_workers import _generator


def _sql_shared(conn: sqlite3.Connection, keys: list[int], exclude: str, need: int) -> list[str]:
    marks = ",".join("?" * len(keys))
    return sorted(r[0] for r in conn.execute(
        f"SELECT doc_id FROM lsh_bands WHERE band_key IN ({marks}) AND doc_id <> ? "
        f"GROUP BY doc_id HAVING COUNT(*) >= ?", (*keys, exclude, need)))


@pytest.mark.parametrize("merge_min", [1, 7, 50, 10**9])  # merged after every document … never merged
def test_shared_equals_the_tables_group_by(monkeypatch, merge_min):
    monkeypatch.setattr(bandmod, "MERGE_MIN_ROWS", merge_min)
    rng = random.Random(merge_min)
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE lsh_bands (band_key INTEGER NOT NULL, doc_id TEXT NOT NULL)")
    index = BandIndex()
    pool = [rng.randrange(2**63) for _ in range(40)] + [0, 2**63 - 1]  # few keys: crowded buckets
    checked = hits = added = 0
    for i in range(400):
        doc = f"d{i:04d}"
        keys = [rng.choice(pool) for _ in range(rng.randrange(0, 6))]
        if keys and rng.random() < 0.2:
            keys.append(keys[0])  # a key repeated in one document counts twice, as its two rows do
        conn.executemany("INSERT INTO lsh_bands VALUES (?, ?)", [(k, doc) for k in keys])
        added += len(keys)
        index.add(doc, keys)
        if i % 97 == 50:
            gone = f"d{rng.randrange(i):04d}"
            conn.execute("DELETE FROM lsh_bands WHERE doc_id = ?", (gone,))
            index.discard(gone)
        probe = list(dict.fromkeys(rng.choice(pool) for _ in range(rng.randrange(1, 8))))
        exclude = f"d{rng.randrange(i + 1):04d}"
        for need in (1, 2, 3):
            want = _sql_shared(conn, probe, exclude, need)
            assert sorted(index.shared(probe, exclude, need)) == want
            checked += 1
            hits += bool(want)
    assert checked == 1200 and hits > 600
    assert len(index) == added  # a deleted document's rows are skipped by shared(), not removed
    assert index.shared([12345], "x", 1) == []


def test_merges_stay_few_as_rows_grow(monkeypatch):
    """Merging waits for an eighth of the merged rows, so 200k rows sort a handful of times, not 3,000."""
    monkeypatch.setattr(bandmod, "MERGE_MIN_ROWS", 64)
    merges = []
    real = BandIndex._merge
    monkeypatch.setattr(BandIndex, "_merge", lambda self: merges.append(len(self)) or real(self))
    index = BandIndex()
    for i in range(12500):
        index.add(f"d{i}", range(i * 16, i * 16 + 16))
    assert len(index) == 200000
    assert 10 <= len(merges) <= 60
    assert index.shared([5 * 16 + 3, 9 * 16, 9 * 16 + 1], "none", 1) == ["d5", "d9"]
    assert index.shared([199999], "d12499", 1) == []


def test_a_first_build_keeps_band_rows_in_memory_and_a_later_build_reads_the_index(tmp_path, monkeypatch):
    """During a first build near-duplicate lookups go to store.bands (the table's key index is deferred);
    after it the index is back, and a store built in two builds, the second looking up through SQL,
    links the same near-duplicates as one build."""
    from storyline.store import db as dbmod

    gen = _generator()
    gen.generate(240, tmp_path / "g", seed=11, processes=1)
    files = sorted(p for p in (tmp_path / "g").rglob("*") if p.is_file())
    halves = [tmp_path / "p1", tmp_path / "p2"]
    for i, f in enumerate(files):
        dest = halves[i * 2 >= len(files)]
        dest.mkdir(exist_ok=True)
        f.rename(dest / f.name)
    seen: list[int | None] = []
    real = dbmod.Store.commit_batch
    monkeypatch.setattr(dbmod.Store, "commit_batch",
                        lambda self, n: seen.append(None if self.bands is None else len(self.bands))
                        or real(self, n))
    cols = "SELECT id, hash, duplicate_of, duplicate_kind, similarity FROM documents ORDER BY id"
    one = str(tmp_path / "one.db")
    Storyline(Settings(db=one, batch_size=16)).build([str(h) for h in halves])
    assert seen and None not in seen and seen[-1] == 16 * 240
    with open_store(one, readonly=True) as st:
        assert st.bands is None
        assert "lsh_bands_key_doc" in {n for (n,) in st.query("SELECT name FROM sqlite_master")}
        want = st.query(cols)
    assert sum(r[3] == "near" for r in want) >= 3
    two = str(tmp_path / "two.db")
    seen.clear()
    Storyline(Settings(db=two, batch_size=16)).build([str(halves[0])])
    assert None not in seen
    seen.clear()
    Storyline(Settings(db=two, batch_size=16)).build([str(halves[1])])
    assert seen and set(seen) == {None}
    with open_store(two, readonly=True) as st:
        assert st.query(cols) == want
