"""Time on the dev set: every figure the time issue promises, measured on a real store."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from storyline.cli import app
from storyline.store.db import open_store
from storyline.store.reader import doc_ids, load_document

from .conftest import GOLD


def _eval(corpus_db, tmp_path, *extra):
    out = tmp_path / "pred"
    CliRunner().invoke(app, ["export", "--db", str(corpus_db), "--out", str(out)])
    res = CliRunner().invoke(app, ["eval", "--gold", str(GOLD), "--pred", str(out), "--json",
                                   "--db", str(corpus_db), *extra])
    assert res.exit_code == 0, res.output
    return json.loads(res.output)


def test_dev_set_time_figures(corpus_db, tmp_path):
    report = _eval(corpus_db, tmp_path)
    assert report["published"]["accuracy"] == 1.0
    assert report["timexes"]["f1"] >= 0.95
    assert report["timexes"]["value_accuracy"] >= 0.95


def test_dateparser_baseline_is_scored_on_the_same_texts(corpus_db, tmp_path):
    report = _eval(corpus_db, tmp_path, "--baseline", "dateparser")
    base = report["baseline"]
    assert base["name"] == "dateparser" and base["fields"] == ["timexes"]
    assert base["timexes"]["gold"] == report["timexes"]["gold"]
    assert base["timexes"]["value_accuracy"] < report["timexes"]["value_accuracy"]
    # fields the baseline does not predict are scored from storyline's own prediction
    assert base["published"]["accuracy"] == report["published"]["accuracy"]


def test_inferred_dates_say_why_and_timex_offsets_hold(corpus_db):
    with open_store(str(corpus_db), readonly=True) as st:
        for doc_id in doc_ids(st):
            doc, _ = load_document(st, doc_id)
            if not doc.published.given:
                assert doc.published.value and doc.published.why.startswith("no date line")
            for span in doc.layer("timexes"):
                assert doc.text[span.start:span.end].strip() == doc.text[span.start:span.end]
                assert span.label in ("DATE", "TIME", "DURATION", "SET")
                assert span.sentence >= 0
