"""Every example and negative example in lang/vi/time.yaml runs here, through the whole tagger."""
from __future__ import annotations

import pytest

from storyline.analyze.pipeline import Pipeline
from storyline.analyze.time_rules import load_time
from storyline.model import Document, Published, Span

DATA = load_time("vi")


def timexes(text: str, ref: str | None) -> list[tuple[str, str | None, str]]:
    """(surface, value, type) of every timex the component finds with `ref` as the given date."""
    doc = Document(id="t", text=text, published=Published(ref, ref is not None, "test"))
    doc.set_layer("blocks", [Span(0, len(text), "paragraph")])
    Pipeline(["sentences", "timexes"])(doc)
    return [(s.text_in(text), s.value, s.label) for s in doc.layer("timexes")]


EXAMPLES = [(r.name, ex) for r in DATA.rules for ex in r.examples]


@pytest.mark.parametrize("rule, ex", EXAMPLES, ids=[f"{r}:{e['text'][:30]}" for r, e in EXAMPLES])
def test_rule_examples(rule, ex):
    found = timexes(ex["text"], ex["ref"])
    assert (ex["timex"], ex["value"]) in [(s, v) for s, v, _ in found], found


@pytest.mark.parametrize("text", DATA.negative_examples)
def test_negative_examples_yield_nothing(text):
    assert timexes(text, "2025-02-19") == []


def test_every_rule_has_examples():
    assert all(r.examples for r in DATA.rules)


@pytest.mark.parametrize("text, ref, expected", [
    ("Ông nói vậy vào thứ Hai tuần trước.", "2025-03-19", ("thứ Hai tuần trước", "2025-03-10")),
    ("Hội nghị kéo dài 3 ngày.", "2025-03-19", ("3 ngày", "P3D")),
    ("vòng đàm phán thứ hai diễn ra tuần tới", "2025-03-19", ("tuần tới", "2025-W13")),
    ("ngày 29/2", "2024-03-05", ("ngày 29/2", "2024-02-29")),
    ("ngày 31/12", "2026-01-02", ("ngày 31/12", "2025-12-31")),
    ("ngày 2/1 tới", "2025-12-28", ("ngày 2/1", "2026-01-02")),
    ("tuần trước", "2026-01-02", ("tuần trước", "2025-W52")),
    ("quý I năm sau", "2025-11-10", ("quý I năm sau", "2026-Q1")),
    ("mỗi ngày", "2025-11-10", ("mỗi ngày", "P1D")),
])
def test_year_and_week_rollovers(text, ref, expected):
    assert expected in [(s, v) for s, v, _ in timexes(text, ref)]


def test_types():
    found = {s: t for s, _, t in timexes("Hôm qua họp 2 tiếng, họp hằng năm.", "2025-03-19")}
    assert found == {"Hôm qua": "DATE", "2 tiếng": "DURATION", "hằng năm": "SET"}


def test_unknown_publication_keeps_explicit_values():
    found = timexes("Tháng 8/2025 và khoảng 6 tiếng.", None)
    assert ("Tháng 8/2025", "2025-08") in [(s, v) for s, v, _ in found]
    assert ("khoảng 6 tiếng", "PT6H") in [(s, v) for s, v, _ in found]
