"""Vietnamese sentence splitting: abbreviations, initials, decimals, glued full stops, quotes."""
from __future__ import annotations

import functools
import re

from storyline import lang as langdata
from storyline.model import Span

_TERMINATOR = re.compile(r"[.!?…]+[”\"»’')\]]*")
_OPENERS = "“\"«‘'"


@functools.lru_cache(maxsize=None)
def _rules(lang: str) -> tuple[tuple[str, ...], bool, tuple[tuple[str, str], ...]]:
    """(abbreviations, initials allowed, quote pairs) from lang/<lang>/sentences.yaml."""
    data = langdata.load(lang, "sentences")
    abbrevs = tuple(sorted(set(langdata.surfaces(data["abbreviations"])), key=len, reverse=True))
    pairs = tuple((a, b) for a, b in data.get("quote_pairs", []))
    return abbrevs, bool(data.get("initials", True)), pairs


@functools.lru_cache(maxsize=None)
def _quote_finder(pairs: tuple[tuple[str, str], ...]) -> "re.Pattern[str]":
    """One pattern matching any quotation mark of the language."""
    marks = sorted({m for pair in pairs for m in pair})
    return re.compile("[" + re.escape("".join(marks)) + "]")


def _quote_regions(text: str, pairs: tuple[tuple[str, str], ...], limit: int = 600) -> list[tuple[int, int]]:
    """Balanced quotation spans (open, close) shorter than `limit` characters."""
    marks = [(m.start(), m.group(0)) for m in _quote_finder(pairs).finditer(text)]
    if not marks:
        return []
    regions: list[tuple[int, int]] = []
    for open_q, close_q in pairs:
        if open_q == close_q:
            idx = [i for i, ch in marks if ch == open_q]
            regions.extend((idx[k], idx[k + 1]) for k in range(0, len(idx) - 1, 2))
            continue
        stack: list[int] = []
        for i, ch in marks:
            if ch == open_q:
                stack.append(i)
            elif ch == close_q and stack:
                start = stack.pop()
                if not stack:
                    regions.append((start, i))
    return [(a, b) for a, b in regions if b - a <= limit]


def _token_before(text: str, pos: int) -> str:
    """The non-space token ending at pos (the terminator included), without opening brackets."""
    start = pos
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:pos].lstrip("([“\"«")


def _is_boundary(text: str, m: re.Match, abbrevs: tuple[str, ...], initials: bool) -> bool:
    """Decide whether a terminator match ends a sentence."""
    end = m.end()
    if end >= len(text):
        return True
    nxt = text[end]
    punct = m.group(0)
    if nxt.isspace():
        rest = text[end:].lstrip()
        if not rest:
            return True
        first = rest[0]
        if not (first.isupper() or first.isdigit() or first in _OPENERS or first in "-–—•"):
            return False
    elif nxt.isupper():
        if punct[0] != ".":
            return True
        before = _token_before(text, m.start())
        if not (before[-1:].isdigit() and text[end + 1:end + 2].islower()):  # "by 21/11.This is…" ends one
            letters = [c for c in before if c.isalpha()]
            if len(letters) < 2 or not any(c.islower() for c in letters[-3:]):
                return False  # "TP.HCM", "U.S.", initials
            if "." in before or "/" in before or "@" in before:
                return False  # domains, paths
    else:
        return False  # "3.5", "v.v.," glued to lower-case text
    if punct.startswith(".") and len(punct.rstrip("”\"»’')]")) == 1:
        token = _token_before(text, m.start() + 1)
        if token.endswith(abbrevs):
            return False
        if initials and len(token) == 2 and token[0].isupper() and token[0].isalpha():
            return False
    return True


def split_range(text: str, start: int, end: int, lang: str = "vi") -> list[tuple[int, int]]:
    """Sentence (start, end) offsets inside text[start:end], whitespace trimmed."""
    abbrevs, initials, pairs = _rules(lang)
    chunk = text[start:end]
    regions = _quote_regions(chunk, pairs)
    cuts: list[int] = []
    for m in _TERMINATOR.finditer(chunk):
        pos = m.end()
        if regions and any(a < m.start() and pos <= b for a, b in regions):
            continue
        if _is_boundary(chunk, m, abbrevs, initials):
            cuts.append(pos)
    out: list[tuple[int, int]] = []
    prev = 0
    for cut in cuts + [len(chunk)]:
        piece = chunk[prev:cut]
        lead = len(piece) - len(piece.lstrip())
        s, e = prev + lead, prev + len(piece.rstrip())
        if e > s:
            out.append((start + s, start + e))
        prev = cut
    return out


def split_sentences(text: str, blocks: list[Span], lang: str = "vi") -> list[Span]:
    """Sentences of every block (paragraph, caption, byline); never across a line break."""
    sentences: list[Span] = []
    for block in sorted(blocks, key=lambda b: b.start):
        for s, e in split_range(text, block.start, block.end, lang):
            sentences.append(Span(s, e, "sentence", sentence=len(sentences),
                                  attrs={"block": block.label}))
    return sentences
