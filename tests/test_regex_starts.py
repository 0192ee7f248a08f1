"""One scan for many patterns (analyze/regex_starts): first words, and the same matches as finditer."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from storyline.analyze import time_tagger
from storyline.analyze.regex_starts import StartScan, first_words

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "articles"


@pytest.mark.parametrize("pattern, words", [
    (r"(?:ab|cd)\s+x", {"ab", "cd"}),
    (r"ab(?:c|d)e", {"abce", "abde"}),
    (r"x?y", {"x", "y"}),                       # optional: what follows starts a match too
    (r"\d+-\d+", set("0123456789")),            # a repeat: its first round only
    (r"(?=[ab])(?:ab|b)\b", {"ab", "b"}),       # lookarounds and anchors are stepped over
    (r"[12]\d/", {f"{a}{b}" for a in "12" for b in "0123456789"}),
    (r"ab\.c", {"ab"}),                         # a non-word character ends the word
    (r"\w+x", None),                            # any letter can start it
    (r"a|\sb", None),                           # one branch starts with a space
    (r"(?i)ab", None),                          # case folding: not worked out
    (r".x", None),
    (r"[^a]x", None),
    (r"x*y", None),                             # 'x' repeated or 'y': only y is sure to follow nothing
])
def test_first_words(pattern, words):
    got = first_words(pattern)
    if words is None:
        assert got is None
    else:
        assert got == words


@pytest.mark.parametrize("patterns, text", [
    ([r"ab\s+\d+", r"\d+/\d+", r"(?:cd|ab)e?"], "ab 12 and 3/4, cde ab 5/6 abe"),
    ([r"\d\d-\d", r"1\d"], "12-3 19 x"),
    ([r"(?:1|2)\d*-x", r"xy"], "y 12-x xy 2-x"),
    ([r"\w+z"], "az bz"),                       # no first words: scanned whole, as finditer
])
def test_same_matches_as_finditer_at_word_starts(patterns, text):
    compiled = [re.compile(p) for p in patterns]
    got = StartScan(compiled).matches(text)
    for rx, ms in zip(compiled, got):
        want = [m.span() for m in rx.finditer(text)]
        if first_words(rx.pattern) is not None:
            want = [s for s in want if s[0] == 0 or not (text[s[0] - 1].isalnum() or text[s[0] - 1] == "_")]
        assert [m.span() for m in ms] == want
        assert all(m.re is rx for m in ms)


def test_a_match_inside_a_word_is_not_returned():
    """The one difference from finditer, by design: '12-x' inside 'a12-x' starts inside a word."""
    rx = re.compile(r"(?:1|2)\d*-x")
    assert [m.group() for m in rx.finditer("a12-x 2-x")] == ["12-x", "2-x"]
    assert [m.group() for m in StartScan([rx]).matches("a12-x 2-x")[0]] == ["2-x"]


class _PlainScan:
    """The former way: every rule scanned with finditer over the whole text."""

    def __init__(self, patterns):
        self.patterns = patterns

    def matches(self, text):
        return [list(p.finditer(text)) for p in self.patterns]


def test_every_time_rule_has_first_words():
    scan = time_tagger._start_scan("vi")
    assert scan.plain == []  # a rule left to a whole scan costs a pass over every text: say so here


def test_the_tagger_tags_the_bundled_corpus_as_scanning_every_rule_whole_did(monkeypatch):
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    assert len(texts) > 50
    fast = [time_tagger.tag(t) for t in texts]
    rules = [r.regex for r in time_tagger.load_time("vi").rules]
    monkeypatch.setattr(time_tagger, "_start_scan", lambda lang: _PlainScan(rules))
    slow = [time_tagger.tag(t) for t in texts]
    assert fast == slow
    assert sum(map(len, fast)) > 500
