"""Many patterns over one text in a single scan: each is tried only where one of its first words starts.

Scanning a text with a dozen table-built patterns one after another pays an attempt at nearly every
position for each of them (the first-character gate of regex_first helps little when the first letters
are common ones). Most such patterns can only start with one of a few literal words (a month or year
word, a digit, …), computable from the parsed pattern. One alternation of every pattern's first words finds
all the places any of them can start, in one pass the engine skips through quickly; at each, only the
patterns that can start with that word are tried (`match`), left to right, each resuming after its
own last match, as `finditer` does.

One difference, by design: a match must begin a word (no letter, digit or '_' right before it). The
callers reject a match that starts inside a word anyway; `finditer` would also have let such a match
use up the characters it covers, hiding a word-starting match that overlaps it.
"""
from __future__ import annotations

import re
from re import _constants as C  # noqa: N812 (the engine's opcode names)
from re import _parser
from typing import Sequence

from storyline.analyze.regex_trie import literal_units, tree_alternation

CAP = 400          # first words kept per pattern; past that the shorter prefixes found so far stand
_WIDE_RANGE = 40   # a class range wider than this is not spelled out character by character
_ZERO_WIDTH = (C.AT, C.ASSERT, C.ASSERT_NOT)
State = set[tuple[str, bool]]  # (literal prefix read so far, whether it can still grow)


def word_char(ch: str) -> bool:
    """What the engine's \\w is: a letter, a digit or '_'."""
    return ch.isalnum() or ch == "_"


def _class_chars(items) -> list[str] | None:
    """The characters of a small class made of literals, ranges and \\d; None for anything else."""
    out: list[str] = []
    for sub, val in items:
        if sub is C.LITERAL:
            out.append(chr(val))
        elif sub is C.RANGE and val[1] - val[0] <= _WIDE_RANGE:
            out.extend(chr(x) for x in range(val[0], val[1] + 1))
        elif sub is C.CATEGORY and val is C.CATEGORY_DIGIT:
            out.extend("0123456789")
        else:
            return None
    return out


def _closed(prefixes) -> State:
    return {(p, False) for p in prefixes}


def _step(op, av, opened: list[str]) -> State:
    """The prefixes that one parsed item turns the growing prefixes into."""
    if op is C.LITERAL:
        return {(p + chr(av), True) for p in opened} if word_char(chr(av)) else _closed(opened)
    if op is C.IN:
        chars = _class_chars(av)
        if chars is None or not all(map(word_char, chars)) or len(chars) * len(opened) > CAP:
            return _closed(opened)
        return {(p + c, True) for p in opened for c in chars}
    if op is C.BRANCH:
        out: State = set()
        for alt in av[1]:
            out |= _sequence(list(alt), {(p, True) for p in opened})
        return out
    if op is C.SUBPATTERN and not (av[1] or av[2]):  # (no inline flags inside)
        return _sequence(list(av[3]), {(p, True) for p in opened})
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, high, body = av
        once = _sequence(list(body), {(p, True) for p in opened})
        if (low, high) != (1, 1):
            once = _closed(p for p, _ in once)  # how many more times is not followed
        if low == 0:
            once |= {(p, high == 1) for p in opened}  # skipped ('x?' lets what follows extend)
        return once
    return _closed(opened)  # any character, a negated class, a back reference…: stop here


def _sequence(items, states: State) -> State:
    """Read items in order, growing the prefixes that can still grow."""
    for op, av in items:
        opened = [p for p, grows in states if grows]
        if not opened:
            break
        if len(states) > CAP:
            return _closed(p for p, _ in states)
        if op in _ZERO_WIDTH:  # a lookaround or anchor narrows, never widens: skipping it is safe
            continue
        states = {s for s in states if not s[1]} | _step(op, av, opened)
    return states


def first_words(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Literal strings of word characters one of which starts every match; None when some match can
    start otherwise (with a non-word character, any letter, or nothing) or the pattern folds case."""
    if flags & re.IGNORECASE:
        return None
    try:
        parsed = _parser.parse(pattern, flags)
    except re.error:
        return None
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    prefixes = {p for p, _ in _sequence(list(parsed), {("", True)})}
    if not prefixes or "" in prefixes:
        return None
    return frozenset(prefixes)


class StartScan:
    """Finds the matches of several compiled patterns in a text, pattern by pattern, as finditer would
    (see the module docstring for the one difference); patterns with no first words are scanned whole."""

    def __init__(self, patterns: Sequence[re.Pattern]) -> None:
        self.patterns = list(patterns)
        words = {i: first_words(p.pattern, p.flags) for i, p in enumerate(self.patterns)}
        self.plain = [i for i, w in words.items() if w is None]
        union = sorted({w for ws in words.values() if ws for w in ws}, key=lambda w: (-len(w), w))
        # for each word the union scan can report (the longest one starting there), the patterns
        # having a first word it starts with: every other first word matching there is its prefix
        self.tries: dict[str, tuple[int, ...]] = {
            u: tuple(i for i, ws in words.items() if ws and any(u.startswith(w) for w in ws)) for u in union}
        self.scan: re.Pattern | None = None
        if union:
            tree = tree_alternation(literal_units(w) for w in union) or "|".join(map(re.escape, union))
            self.scan = re.compile("(" + tree + r")\w*")

    def matches(self, text: str) -> list[list[re.Match]]:
        """Each pattern's matches in the text, in pattern order."""
        out: list[list[re.Match]] = [[] for _ in self.patterns]
        if self.scan is not None:
            resume = [0] * len(self.patterns)
            patterns, tries = self.patterns, self.tries
            for c in self.scan.finditer(text):
                p = c.start()
                if p and word_char(text[p - 1]):
                    continue  # inside a word
                for i in tries[c.group(1)]:
                    if p >= resume[i]:
                        m = patterns[i].match(text, p)
                        if m is not None:
                            out[i].append(m)
                            resume[i] = m.end()
        for i in self.plain:
            out[i] = list(self.patterns[i].finditer(text))
        return out
