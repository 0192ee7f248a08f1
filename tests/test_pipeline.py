"""Components declare requires/provides; a bad order is reported once, with every gap."""
from __future__ import annotations

import pytest

from storyline.analyze.pipeline import Component, Pipeline, PipelineError, REGISTRY


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
