"""Every example in the language data files runs here, so rules and their examples cannot drift."""
from __future__ import annotations

import pytest

from storyline import lang as langdata
from storyline.analyze.sentences import split_range
from storyline.ingest.layout import is_byline, is_caption_line, is_teaser

INGEST = langdata.load("vi", "ingest")
SENT = langdata.load("vi", "sentences")


def _cases(kind_pos, kind_neg, entries):
    for entry in entries:
        ex = entry.get("examples", entry) if isinstance(entry, dict) else {}
        for text in ex.get(kind_pos, []):
            yield text, True
        for text in ex.get(kind_neg, []):
            yield text, False


@pytest.mark.parametrize("text, expected", list(_cases("caption", "not_caption", INGEST["caption"]["markers"])))
def test_caption_examples(text, expected):
    assert is_caption_line(text) is expected


@pytest.mark.parametrize("text, expected", list(_cases("byline", "not_byline", [INGEST["byline"]])))
def test_byline_examples(text, expected):
    assert is_byline(text) is expected


@pytest.mark.parametrize("text", INGEST["teaser"]["examples"]["teaser"])
def test_teaser_examples(text):
    assert is_teaser(text)


def _sentence_examples():
    for entry in SENT["abbreviations"]:
        for ex in entry["examples"]:
            yield ex
    for key in ("initial_examples", "quote_examples", "other_examples"):
        yield from SENT.get(key, [])


@pytest.mark.parametrize("example", list(_sentence_examples()), ids=lambda e: e["text"][:40])
def test_sentence_examples(example):
    text = example["text"]
    got = split_range(text, 0, len(text))
    assert len(got) == example["sentences"], [text[s:e] for s, e in got]


def test_every_table_entry_has_examples():
    for entry in INGEST["caption"]["markers"] + SENT["abbreviations"]:
        assert entry.get("examples"), entry


def test_alternation_is_longest_first():
    import re
    pat = re.compile(langdata.alternation(["Ảnh", "Ảnh minh họa"]))
    assert pat.match("Ảnh minh họa").group(0) == "Ảnh minh họa"
