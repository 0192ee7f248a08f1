"""Components declare requires/provides; a bad order is reported once, with every gap."""
from __future__ import annotations

import pytest

from storyline.analyze.pipeline import Component, Pipeline, PipelineError, REGISTRY
from storyline.model import Document, Span


def test_default_pipeline_builds():
    assert "sentences" in Pipeline().provides


def test_all_missing_requirements_in_one_error(monkeypatch):
    monkeypatch.setitem(REGISTRY, "quotes", Component("quotes", ("sentences", "mentions"), ("quotes",),
                                                      lambda d, l: None))
    monkeypatch.setitem(REGISTRY, "events", Component("events", ("timexes", "mentions"), ("events",),
                                                      lambda d, l: None))
    with pytest.raises(PipelineError) as exc:
        Pipeline(["quotes", "events", "nonsense"])
    msg = str(exc.value)
    for part in ("quotes requires 'sentences'", "quotes requires 'mentions'",
                 "events requires 'timexes'", "unknown component 'nonsense'"):
        assert part in msg


def test_documents_survive_the_worker_pickle_round_trip():
    """Worker results cross processes by pickle; every span field and the publication must survive."""
    import pickle

    from storyline.model import Published

    doc = Document(id="d", text="Ông Lavrov tới Riyadh.", published=Published("2025-02-18", True, "header"))
    doc.set_layer("mentions", [Span(4, 10, "PER", sentence=0, value="lavrov", attrs={"state": "RU"}),
                               Span(15, 21, "LOC")])
    back = pickle.loads(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == doc
    assert back.layers["mentions"][1].sentence == -1 and back.layers["mentions"][1].attrs == {}
    assert back.published.why == "header" and back.published.given is True


def test_run_many_goes_component_by_component_and_stops_only_the_failing_document(monkeypatch):
    """Every component runs over all the documents before the next; a document whose component raises
    gets that exception back and skips the rest, the others go on."""
    calls: list[tuple[str, str]] = []

    def first(doc, lang):
        calls.append(("first", doc.id))
        if doc.id == "bad":
            raise ValueError("broken on purpose")

    def second(doc, lang):
        calls.append(("second", doc.id))
        doc.set_layer("seen", [Span(0, 1, "X")])

    monkeypatch.setitem(REGISTRY, "first", Component("first", ("text",), ("marks",), first))
    monkeypatch.setitem(REGISTRY, "second", Component("second", ("marks",), ("seen",), second))
    docs = [Document(id=i, text="Hà Nội") for i in ("a", "bad", "c")]
    failures = Pipeline(["first", "second"]).run_many(docs)
    assert [type(f).__name__ if f else None for f in failures] == [None, "ValueError", None]
    assert calls == [("first", "a"), ("first", "bad"), ("first", "c"), ("second", "a"), ("second", "c")]
    assert [bool(d.layer("seen")) for d in docs] == [True, False, True]
    assert Pipeline(["first", "second"]).run_many([]) == []
