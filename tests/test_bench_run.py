"""bench/run.py: a real small bench run, and its yardstick sampled during a one-worker build."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("underthesea")
ROOT = Path(__file__).resolve().parent.parent


def _bench(*args: str) -> dict:
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--docs", "60", "--json", *args],
                         capture_output=True, text=True, timeout=600,
                         env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout)


def test_one_worker_run_samples_the_yardstick_during_the_build_and_leaves_it_out_of_the_build_time():
    r = _bench("--workers", "1", "--probe-every", "0.001", "--probe-words", "150")
    uts = r["underthesea_ner"]
    assert r["stored"] == 60 and r["errors"] == 0 and r["rerun_unchanged"] == 60
    # a probe after nearly every document: the build waited for them, and that wait is not build time
    assert uts["probes_during"] >= 5
    assert r["yardstick_pause_seconds"] > 0
    assert r["build_seconds"] > 0
    assert r["words"] / r["words_per_s"] == pytest.approx(r["build_seconds"], abs=0.006)  # rounded to 0.01 s
    for key in ("words_per_s_before", "words_per_s_during", "words_per_s_after", "words_per_s"):
        assert uts[key] > 0
    # all words over all seconds lies between the slowest and the fastest of the three phases
    rates = [uts["words_per_s_before"], uts["words_per_s_during"], uts["words_per_s_after"]]
    assert min(rates) - 0.1 <= uts["words_per_s"] <= max(rates) + 0.1
    assert r["ratio_ours_per_core_to_underthesea"] == pytest.approx(
        r["words_per_s_per_core"] / uts["words_per_s"], abs=0.06)


def test_a_pool_is_never_paused_for_the_yardstick():
    r = _bench("--workers", "2", "--probe-every", "0.01")
    assert r["underthesea_ner"]["probes_during"] == 0 and r["yardstick_pause_seconds"] == 0
    assert r["underthesea_ner"]["words_per_s_during"] is None
    assert r["stored"] == 60 and r["peak_rss_mb"]["largest_worker"] > 0
