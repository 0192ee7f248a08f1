"""Exports: schema-valid annotation files, exact given dates, null unknown dates, full JSON dumps."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from storyline.cli import app
from storyline.schema import validate_annotation

from .conftest import CORPUS, GOLD


def test_annotation_export_is_schema_valid_with_exact_dates(corpus_db, tmp_path):
    out = tmp_path / "ann"
    res = CliRunner().invoke(app, ["export", "--db", str(corpus_db), "--format", "annotations", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "all schema-valid" in " ".join(res.output.split())
    articles = sorted(CORPUS.glob("*.txt"))
    assert len(list(out.glob("*.json"))) == len(articles)
    for src in articles:
        ann = json.loads((out / f"{src.stem}.json").read_text(encoding="utf-8"))
        assert validate_annotation(ann) == []
        first = src.read_text(encoding="utf-8").lstrip("\ufeff").split("\n", 1)[0]
        if first.startswith(" date "):
            assert ann["published"] == {"value": first.split()[1], "given": True, "why": "date line"}
        else:
            assert ann["published"]["given"] is False


def test_json_export_round_trips_offsets(corpus_db, tmp_path):
    out = tmp_path / "all.jsonl"
    res = CliRunner().invoke(app, ["export", "--db", str(corpus_db), "--format", "json", "--out", str(out)])
    assert res.exit_code == 0, res.output
    records = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(list(CORPUS.glob("*.txt")))
    for rec in records:
        for span in rec["layers"]["sentences"]:
            assert rec["text"][span["start"]:span["end"]].strip()
    arr = tmp_path / "all.json"
    CliRunner().invoke(app, ["export", "--db", str(corpus_db), "--format", "json", "--out", str(arr)])
    assert len(json.loads(arr.read_text(encoding="utf-8"))) == len(records)


def test_gold_files_are_schema_valid_and_match_articles():
    golds = sorted(GOLD.glob("*.json"))
    assert len(golds) >= 20
    for path in golds:
        gold = json.loads(path.read_text(encoding="utf-8"))
        assert validate_annotation(gold) == [], path.name
        assert (CORPUS / f"{path.stem}.txt").exists()
        assert gold["id"] == path.stem


def test_eval_runs_on_the_dev_set(corpus_db, tmp_path):
    out = tmp_path / "pred"
    CliRunner().invoke(app, ["export", "--db", str(corpus_db), "--out", str(out)])
    res = CliRunner().invoke(app, ["eval", "--gold", str(GOLD), "--pred", str(out), "--json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.output)
    assert report["documents"] == len(list(GOLD.glob("*.json")))
    assert report["missing"] == []
    # given dates are exact; undated files stay unknown until the time stage lands
    assert report["published"]["given_accuracy"] == 1.0


def test_export_refuses_missing_store(tmp_path):
    res = CliRunner().invoke(app, ["export", "--db", str(tmp_path / "none.db"), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2
    assert "no store at" in res.output
