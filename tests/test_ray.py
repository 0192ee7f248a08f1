"""The Ray engine on a local Ray instance: the same store as the local engine, and clear errors."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from storyline.app import Storyline
from storyline.cli import app
from storyline.export.annotations import export_annotations, export_json
from storyline.settings import Settings
from storyline.store.db import open_store

from .conftest import CORPUS


def _exports(db, out):
    with open_store(str(db), readonly=True) as st:
        export_annotations(st, out / "ann")
        export_json(st, out / "all.jsonl")
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_ray_build_equals_local_build(corpus_db, tmp_path):
    pytest.importorskip("ray", reason="pip install '.[ray]' (make install-test does)")
    db = tmp_path / "ray.db"
    rep = Storyline(Settings(db=str(db), engine="ray", workers=2, batch_size=10, ray_window=2)).build([str(CORPUS)])
    assert rep.new == len(list(CORPUS.glob("*.txt"))) and not rep.errors
    mine, local = _exports(db, tmp_path / "ray"), _exports(corpus_db, tmp_path / "local")
    assert sorted(mine) == sorted(local)
    assert [k for k in mine if mine[k] != local[k]] == []


def test_ray_engine_errors_are_one_line(tmp_path):
    runner = CliRunner()
    res = runner.invoke(app, ["build", str(CORPUS), "--db", str(tmp_path / "x.db"), "--engine", "ray",
                              "--ray-address", "127.0.0.1:1", "--quiet"])
    assert res.exit_code == 2 and "cannot reach the Ray cluster at 127.0.0.1:1" in res.output
    res = runner.invoke(app, ["build", str(CORPUS), "--db", str(tmp_path / "x.db"), "--engine", "spark"])
    assert res.exit_code == 2 and "unknown engine 'spark'" in res.output
