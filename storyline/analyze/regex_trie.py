"""Longest-first alternations written as a prefix tree, so the regex engine reads shared prefixes once.

`a|ab|abc` sorted longest first and the tree `a(?:b(?:c)?)?` match the same text at every position
and, when what follows fails, give the same next-shorter match on backtracking: every alternative
that can match at a position lies on one path of the tree, and the tree tries deeper (longer) ones
first. That holds while no two branches of a node can match the same character; if two units are
equal under case folding (possible with IGNORECASE), the plain alternation is returned instead.
"""
from __future__ import annotations

import re
from typing import Iterable, Sequence

_END = ""


def tree_alternation(paths: Iterable[Sequence[str]]) -> str | None:
    """A regex matching any of the unit sequences (each unit a regex for one piece), longest first;
    None when two sibling units fold to the same text (the caller keeps its plain alternation)."""
    root: dict = {}
    for units in paths:
        if not units:
            continue
        node = root
        for u in units:
            node = node.setdefault(u, {})
        node[_END] = {}
    clash = False

    def emit(node: dict) -> str:
        nonlocal clash
        kids = [u for u in node if u != _END]
        if len({u.casefold() for u in kids}) != len(kids):
            clash = True
        parts = [u + emit(node[u]) for u in kids]
        if not parts:
            return ""
        body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
        return "(?:" + body + ")?" if _END in node else body

    out = emit(root)
    return None if clash else out


def literal_units(surface: str) -> list[str]:
    """Units of a literal surface: one escaped character each."""
    return [re.escape(c) for c in surface]


def spaced_units(surface: str) -> list[str]:
    """Units of a surface whose spaces match any run of white space."""
    units: list[str] = []
    for k, word in enumerate(surface.split()):
        if k:
            units.append(r"\s+")
        units.extend(re.escape(c) for c in word)
    return units


def word_alternation(words: Iterable[str], spaced: bool = False) -> str:
    """lang.word_alternation (whole words, longest first) as a prefix tree when it can be one (with
    spaced, a space in a word matches any run of white space)."""
    from storyline import lang as langdata

    uniq = set(words)
    tree = tree_alternation((spaced_units if spaced else literal_units)(w) for w in uniq)
    if tree is None:
        return langdata.word_alternation(uniq)
    return r"(?<!\w)(?:" + tree + r")(?!\w)"
