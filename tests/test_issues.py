"""Issue tracking: every example of lang/vi/issues.yaml, and the issue course on the corpus store."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from storyline import lang as langdata
from storyline.analyze.pipeline import Pipeline
from storyline.cli import app
from storyline.model import Document, Published, Span

DATA = langdata.load("vi", "issues")
EXAMPLES = [(i["id"], ex) for i in DATA["issues"] for ex in i["examples"]]


def issue_spans(text: str) -> list[Span]:
    doc = Document(id="i", text=text, published=Published("2025-04-11", True, "test"))
    doc.set_layer("blocks", [Span(0, len(text), "paragraph")])
    Pipeline()(doc)
    return doc.layer("issues")


@pytest.mark.parametrize("issue, ex", EXAMPLES, ids=[f"{i}:{e['text'][:30]}" for i, e in EXAMPLES])
def test_examples(issue, ex):
    found = {s.label: s.attrs["status"] for s in issue_spans(ex["text"])}
    assert issue in found, found
    if ex.get("status"):
        assert found[issue] == ex["status"]


def test_mentions_are_dated_and_one_per_sentence():
    spans = issue_spans("Ngày 10/4, hai bên bàn về dịch vụ ngân hàng và giao dịch ngân hàng của các phái bộ.")
    banking = [s for s in spans if s.label == "banking-for-missions"]
    assert len(banking) == 1 and banking[0].value == "2025-04-10"


def test_issue_overview_and_course_on_corpus(corpus_db):
    res = CliRunner().invoke(app, ["issues", "--db", str(corpus_db), "--json"])
    assert res.exit_code == 0, res.output
    rows = {r["id"]: r for r in json.loads(res.output)}
    for issue in ("diplomatic-property", "direct-flights", "sanctions", "ukraine-settlement"):
        assert rows[issue]["mentions"] >= 2 and rows[issue]["status"]
    res = CliRunner().invoke(app, ["issues", "--db", str(corpus_db), "--issue", "direct-flights", "--json"])
    course = json.loads(res.output)
    dated = [r["date"] for r in course if r["date"]]
    assert dated == sorted(dated) and all(r["evidence"] for r in course)
    res = CliRunner().invoke(app, ["issues", "--db", str(corpus_db), "--issue", "nope"])
    assert res.exit_code == 2 and "unknown issue" in res.output
