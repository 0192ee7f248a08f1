"""Questions against the corpus store: every ask.yaml example is read as its kind; answers cite real offsets."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from storyline import lang as langdata
from storyline.ask import NO_ANSWER, AskError, ask, read
from storyline.cli import app
from storyline.store.db import open_store

runner = CliRunner()
ASK = langdata.load("vi", "ask")


@pytest.fixture(scope="module")
def store(corpus_db):
    st = open_store(str(corpus_db), readonly=True)
    yield st
    st.close()


def _examples():
    for entry in ASK["kinds"]:
        for ex in entry["examples"]:
            yield entry["kind"], ex


def test_every_kind_has_examples():
    kinds = {e["kind"] for e in ASK["kinds"]}
    assert kinds == {"date", "place", "people", "quotes", "events"}
    assert all(e["examples"] for e in ASK["kinds"])


@pytest.mark.parametrize("kind, example", list(_examples()), ids=lambda x: x if isinstance(x, str) else x["question"])
def test_examples_are_read_as_their_kind(store, kind, example):
    r = read(store, example["question"])
    assert r.kind == kind
    assert set(example["entities"]) <= {e["id"] for e in r.entities}, r.entities


def _check_citations(store, result):
    """Every citation points at real text: its offsets lie in its sentence and in the document."""
    for answer in result["answers"]:
        assert answer["citations"], answer
        for c in answer["citations"]:
            text = store.scalar("SELECT text FROM documents WHERE id = ?", (c["doc"],))
            assert text[c["sentence_start"]:c["sentence_end"]] == c["text"]
            assert c["sentence_start"] <= c["start"] < c["end"] <= c["sentence_end"]
            if c["sentence"] >= 0:
                s, e = store.query("SELECT start_char, end_char FROM sentences WHERE doc_id = ? AND idx = ?",
                                   (c["doc"], c["sentence"]))[0]
                assert s <= c["start"] < e


@pytest.mark.parametrize("kind, example", list(_examples()), ids=lambda x: x if isinstance(x, str) else x["question"])
def test_example_answers_cite_their_sentences(store, kind, example):
    result = ask(store, example["question"])
    assert result["kind"] == kind
    _check_citations(store, result)


def test_when_did_they_meet(store):
    result = ask(store, "Khi nào Lavrov gặp Rubio?")
    assert result["answers"][0]["answer"] == "2025-02-18"
    assert result["answers"][0]["event"].startswith("ev-2025-02-18-consult")


def test_where_did_they_talk(store):
    result = ask(store, "Ngoại trưởng Nga và Mỹ hội đàm ở đâu?")
    places = [a["answer"] for a in result["answers"]]
    assert places[0] == "Riyadh"
    c = result["answers"][0]["citations"][0]
    assert c["text"][c["start"] - c["sentence_start"]:c["end"] - c["sentence_start"]] == "Riyadh"


def test_who_holds_a_role(store):
    result = ask(store, "Ai là Ngoại trưởng Nga?")
    assert result["answers"][0]["answer"] == "Sergey Lavrov"
    c = result["answers"][0]["citations"][0]
    assert "Lavrov" in c["text"][c["start"] - c["sentence_start"]:c["end"] - c["sentence_start"]]


def test_what_someone_said_comes_from_their_quotes(store):
    result = ask(store, "Lavrov nói gì về cuộc gặp?")
    assert result["answers"]
    for a in result["answers"]:
        c = a["citations"][0]
        assert store.scalar("SELECT speaker_entity FROM quotes WHERE doc_id = ? AND start_char = ? AND end_char = ?",
                            (c["doc"], c["start"], c["end"])) == "sergey-lavrov"


def test_whom_someone_met_names_events(store):
    result = ask(store, "Witkoff đã gặp ai?")
    assert result["answers"]
    for a in result["answers"]:
        assert a["event"] and store.scalar("SELECT type FROM events WHERE id = ?", (a["event"],)) == "CONSULT"


@pytest.mark.parametrize("question", ["Khi nào Macron gặp Kim Jong Un?", "Khi nào Zorblax Quintus gặp Lavrov?",
                                      "Zelensky nói gì về Alaska?"])
def test_no_answer_is_said_not_guessed(store, question):
    result = ask(store, question)
    assert result["answers"] == [] and result["note"] == NO_ANSWER


def test_question_without_a_question_word(store):
    with pytest.raises(AskError, match="asks for"):
        ask(store, "Lavrov và Rubio")


def test_cli_ask_prints_citations(corpus_db):
    result = runner.invoke(app, ["ask", "Khi nào Lavrov gặp Rubio?", "--db", str(corpus_db)])
    assert result.exit_code == 0, result.output
    assert "2025-02-18" in result.output and "sentence" in result.output and "chars" in result.output
    result = runner.invoke(app, ["ask", "Ai là Ngoại trưởng Nga?", "--db", str(corpus_db), "--json"])
    data = json.loads(result.output)
    assert data["answers"][0]["citations"][0]["doc"].startswith("art-")


def test_cli_ask_no_answer(corpus_db):
    result = runner.invoke(app, ["ask", "Khi nào Macron gặp Kim Jong Un?", "--db", str(corpus_db)])
    assert result.exit_code == 1
    assert result.output.strip() == NO_ANSWER


def test_cli_ask_bad_question_is_one_line(corpus_db):
    result = runner.invoke(app, ["ask", "Lavrov và Rubio", "--db", str(corpus_db)])
    assert result.exit_code == 2 and "error:" in result.output and "Traceback" not in result.output
