"""Events: trigger table examples, modality, cross-document merging, timeline, flat exports."""
from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from storyline import lang as langdata
from storyline.analyze.pipeline import Pipeline
from storyline.cli import app
from storyline.model import Document, Published, Span

GROUPS = langdata.load("vi", "events")["triggers"]
EXAMPLES = [(g["type"], g["mode"], ex) for g in GROUPS for ex in g["examples"]]


def events(text: str, published: str = "2025-10-25") -> list[Span]:
    doc = Document(id="e", text=text, published=Published(published, True, "test"))
    doc.set_layer("blocks", [Span(0, len(text), "paragraph")])
    Pipeline()(doc)
    return doc.layer("events")


@pytest.mark.parametrize("etype, mode, text", EXAMPLES, ids=[e[2][:40] for e in EXAMPLES])
def test_trigger_examples(etype, mode, text):
    found = [(e.label, e.attrs["mode"]) for e in events(text)]
    assert (etype, mode) in found, found


def test_negated_and_planned_meetings_are_not_completed_meetings():
    assert not [e for e in events("Hai bên chưa thể gặp nhau ngày 20/10.") if e.label == "CONSULT"]
    planned = events("Hai nhà lãnh đạo sẽ gặp nhau tại Budapest ngày 30/10.")
    assert [(e.label, e.attrs["mode"]) for e in planned] == [("AGREE", "plan")]


def test_arguments_come_from_mentions():
    ev = events("Ngoại trưởng Nga Sergey Lavrov hội đàm với Ngoại trưởng Mỹ Marco Rubio tại Riyadh ngày 18/2.",
                "2025-02-19")[0]
    assert ev.value == "2025-02-18" and ev.attrs["location"] == "Riyadh"
    assert set(ev.attrs["actors"]) == {"Russia", "United States"}
    assert set(ev.attrs["participants"]) == {"Sergey Lavrov", "Marco Rubio"}


def _timeline(db, *args):
    res = CliRunner().invoke(app, ["timeline", "--db", str(db), "--json", *args])
    assert res.exit_code == 0, res.output
    return json.loads(res.output)


def test_dyad_timeline_shows_each_landmark_once_with_sources(corpus_db):
    evs = _timeline(corpus_db, "--dyad", "RU-US", "--type", "CONSULT")
    for date, place in (("2025-02-18", "Riyadh"), ("2025-02-27", "Istanbul"), ("2025-04-10", "Istanbul"),
                        ("2025-08-15", None)):
        same = [e for e in evs if e["date"] == date]
        assert len(same) == 1, (date, same)
        assert same[0]["num_sources"] >= 2 and len(same[0]["sources"]) == same[0]["num_sources"]
        if place:
            assert same[0]["location"] == place
    dates = [e["date"] for e in evs]
    assert dates == sorted(dates)


def test_timeline_rejects_unknown_states(corpus_db):
    res = CliRunner().invoke(app, ["timeline", "--db", str(corpus_db), "--dyad", "RU-XX"])
    assert res.exit_code == 2 and "unknown state" in res.output


def test_gdelt_and_csv_exports(corpus_db, tmp_path):
    runner = CliRunner()
    for fmt in ("gdelt", "csv"):
        res = runner.invoke(app, ["export", "--db", str(corpus_db), "--format", fmt, "--out", str(tmp_path / fmt)])
        assert res.exit_code == 0, res.output
    with open(tmp_path / "gdelt", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    ids = [r["GlobalEventID"] for r in rows]
    assert len(ids) == len(set(ids)) > 20
    assert all(int(r["NumSources"]) <= int(r["NumMentions"]) for r in rows)
    with open(tmp_path / "csv", encoding="utf-8") as fh:
        reports = list(csv.DictReader(fh))
    assert sum(int(r["NumMentions"]) for r in rows) == len(reports)
    assert all(r["evidence"] for r in reports)
