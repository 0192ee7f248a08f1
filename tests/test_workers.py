"""A generated corpus (bench/generate.py) built with one worker and with a pool gives the same store."""
from __future__ import annotations

import copy
import importlib.util
import sqlite3

from storyline.app import Storyline
from storyline.export.annotations import export_annotations
from storyline.settings import Settings
from storyline.store.db import open_store

from .conftest import ROOT

# tables whose rows must agree (row ids and build ids aside)
TABLES = {"entities": "id, name, type, state, in_kb, first_doc", "entity_aliases": "entity_id, alias, alias_key",
          "events": "id, type, mode, date, location, num_mentions, num_sources, first_doc, actors",
          "event_mentions": "event_id, doc_id, sentence, location", "quotes": "doc_id, idx, speaker_entity",
          "documents": "id, hash, published, duplicate_of, duplicate_kind, similarity"}


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _rows(db):
    con = sqlite3.connect(db)
    try:
        return {t: sorted(con.execute(f"SELECT {cols} FROM {t}").fetchall(), key=repr) for t, cols in TABLES.items()}
    finally:
        con.close()


def test_generator_is_deterministic_and_makes_copies(tmp_path):
    gen = _generator()
    a, b = tmp_path / "a", tmp_path / "b"
    gen.generate(120, a, seed=3, processes=1)
    gen.generate(60, b, seed=3, processes=2)
    files = sorted(p.relative_to(a) for p in a.rglob("*.txt"))
    assert len(files) == 120
    for rel in sorted(p.relative_to(b) for p in b.rglob("*.txt")):
        assert (a / rel).read_bytes() == (b / rel).read_bytes()  # any N is a prefix of a larger N
    texts = [(a / rel).read_text(encoding="utf-8") for rel in files]
    assert len(set(texts)) < len(texts)  # exact copies
    assert sum(t.startswith(" date 20") for t in texts) > 60


def test_two_workers_give_the_same_store_as_one(tmp_path):
    folder = tmp_path / "gen"
    _generator().generate(160, folder, seed=11, processes=1)
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    r1 = Storyline(Settings(db=str(one), workers=1, batch_size=16)).build([str(folder)])
    r2 = Storyline(Settings(db=str(two), workers=2, batch_size=16)).build([str(folder)])
    assert (r1.new, r1.exact_duplicates, r1.near_duplicates) == (r2.new, r2.exact_duplicates, r2.near_duplicates)
    assert r1.new == 160 and r1.exact_duplicates > 0
    assert _rows(one) == _rows(two)
    outs = []
    for db in (one, two):
        out = tmp_path / f"ann-{db.stem}"
        with open_store(str(db), readonly=True) as st:
            export_annotations(st, out)
        outs.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert outs[0] == outs[1]


def _gc_state_then_process(tasks):
    """worker.process_many, with whether automatic garbage collection was on (checked in the pool too)."""
    import gc

    from storyline import worker

    results = worker.process_many(tasks)
    for result in results:
        result["warnings"] = [*result.get("warnings", []), f"gc enabled: {gc.isenabled()}"]
    return results


def test_a_build_pauses_automatic_gc_and_restores_it(tmp_path, monkeypatch):
    import gc

    from storyline import build

    folder = tmp_path / "gen"
    _generator().generate(24, folder, seed=5, processes=1)
    monkeypatch.setattr(build, "process_many", _gc_state_then_process)
    for workers in (1, 2):
        report = Storyline(Settings(db=str(tmp_path / f"w{workers}.db"), workers=workers, batch_size=8)).build([str(folder)])
        seen = {w.rsplit("gc enabled: ", 1)[-1] for w in report.warnings if "gc enabled" in w}
        assert seen == {"False"}, (workers, seen)
        assert gc.isenabled()  # the caller's collector is on again after the build
    gc.disable()
    try:
        Storyline(Settings(db=str(tmp_path / "off.db"), workers=1)).build([str(folder)])
        assert not gc.isenabled()  # and a caller that had it off keeps it off
    finally:
        gc.enable()


def test_process_many_gives_what_process_gives_one_by_one(tmp_path, monkeypatch):
    """The batched step (component by component over the documents) returns, in task order, what the
    one-document step returns: same documents and layers, span rows, keys; a record that cannot be read, an
    unchanged one and one whose analysis raises become their own results without stopping the others."""
    from storyline import worker
    from storyline.analyze import events
    from storyline.ingest.readers import iter_files, read_source

    folder = tmp_path / "gen"
    _generator().generate(12, folder, seed=11, processes=1)
    (folder / "zz-binary.txt").write_bytes(b"\x00\x01\x02 binary")
    settings = Settings(db=str(tmp_path / "x.db"))
    worker.init_worker(settings)
    raws = [r for src in iter_files([str(folder)], settings) for r in read_source(src, settings)]
    assert len(raws) == 13 and raws[0].doc_id == "zz-binary"  # (files in sorted path order)
    unchanged = worker.process((copy.deepcopy(raws[3]), None))["hash"]
    tasks = [(r, unchanged if i == 3 else None) for i, r in enumerate(raws)]
    real = events.find_events

    def fails_on_fifth(doc, lang="vi"):
        if doc.id == raws[5].doc_id:
            raise RuntimeError("broken on purpose")
        return real(doc, lang)

    monkeypatch.setattr(events, "find_events", fails_on_fifth)
    fresh = lambda: [(copy.deepcopy(r), h) for r, h in tasks]  # noqa: E731 (results drop the input bytes)
    one = [worker.process(t) for t in fresh()]
    many = worker.process_many(fresh())
    assert [r["status"] for r in many] == [r["status"] for r in one]
    assert [r["status"] for r in many].count("ok") == 10
    assert many[3]["status"] == "unchanged" and many[0]["status"] == "error"
    assert many[5]["status"] == "error" and "RuntimeError: broken on purpose" in many[5]["reason"]
    for a, b in zip(one, many):
        assert a.get("reason") == b.get("reason") and a["raw"].doc_id == b["raw"].doc_id
        if a["status"] == "ok":
            assert a["doc"] == b["doc"] and a["span_rows"] == b["span_rows"]
            assert (a["hash"], a["bands"], a["n_words"], a["warnings"]) == (b["hash"], b["bands"], b["n_words"],
                                                                            b["warnings"])
            assert list(a["sig"]) == list(b["sig"])
