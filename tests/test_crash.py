"""Crash safety: a build killed with SIGKILL at random points, then re-run, equals a clean build."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storyline.app import Storyline
from storyline.export.annotations import export_annotations
from storyline.settings import Settings

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from replicate import replicate  # noqa: E402

pytestmark = pytest.mark.slow


def _export(db: Path, out: Path) -> dict[str, dict]:
    with Storyline(Settings(db=str(db))).store(readonly=True) as st:
        export_annotations(st, out)
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(out.glob("*.json"))}


def _build_cmd(folder: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "storyline.cli", "build", str(folder), "--db", str(db), "--quiet",
            "--batch-size", "10"]


def test_killed_builds_resume_to_the_clean_result(tmp_path):
    folder = tmp_path / "articles"
    replicate(ROOT / "corpus" / "articles", folder, 240, seed=11)
    for p in sorted((ROOT / "corpus" / "articles").glob("*.txt"))[:20]:
        (folder / p.name).write_bytes(p.read_bytes())
    clean_db, crash_db = tmp_path / "clean.db", tmp_path / "crash.db"
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    t = time.perf_counter()
    subprocess.run(_build_cmd(folder, clean_db), check=True, env=env, capture_output=True)
    clean_secs = time.perf_counter() - t  # kills land inside a build as long as this machine takes
    rng = random.Random(7)
    kills = 0
    for _ in range(4):
        proc = subprocess.Popen(_build_cmd(folder, crash_db), env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.4, 0.9) * clean_secs)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
    assert kills >= 1, "the build finished before any kill: make the corpus larger"
    done = subprocess.run(_build_cmd(folder, crash_db), env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    clean = _export(clean_db, tmp_path / "out-clean")
    crashed = _export(crash_db, tmp_path / "out-crash")
    assert len(clean) == 260
    assert crashed.keys() == clean.keys()
    for name in clean:
        assert crashed[name] == clean[name], name
    check = subprocess.run([sys.executable, "-m", "storyline.cli", "check", "--db", str(crash_db)],
                           env=env, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
