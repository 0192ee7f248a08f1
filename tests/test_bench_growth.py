"""bench/growth.py: build growth between two bench runs, corrected by the per-document analysis's drift."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("bench_growth", ROOT / "bench" / "growth.py")
growth_mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(growth_mod)


def _run(docs: int, build: float, analysis: float, writing: float) -> dict:
    return {"docs": docs, "build_seconds": build,
            "stages_seconds": {"mentions": analysis * 0.6, "read+clean+dedup keys": analysis * 0.4,
                               "link events": writing * 0.5, "write document": writing * 0.5}}


def test_growth_is_corrected_by_the_analysis_drift():
    # the large run's machine was 1.2x slower per document: analysis grew 12x for 10x the documents
    out = growth_mod.growth(_run(10, 10.0, 10.0, 5.0), _run(100, 130.0, 120.0, 66.0))
    assert out["build_growth"] == 13.0 and out["machine_drift"] == 1.2
    assert out["build_growth_corrected"] == pytest.approx(10.83, abs=0.01)
    assert out["writing_growth_corrected"] == pytest.approx(11.0)


def test_cli_prints_json_and_refuses_a_missing_file(tmp_path, capsys):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(_run(10, 10.0, 10.0, 5.0)))
    b.write_text(json.dumps(_run(100, 100.0, 100.0, 50.0)))
    assert growth_mod.main([str(a), str(b), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["build_growth_corrected"] == 10.0
    assert growth_mod.main([str(a), str(tmp_path / "none.json")]) == 2
    assert "cannot read" in capsys.readouterr().err
