"""A first-character gate for regexes that are scanned over whole texts (finditer, search).

Python's regex engine tries a pattern at every position of the text; it skips ahead cheaply only
when the pattern starts with a plain literal or character class. Patterns built from tables start
with groups, alternations and optional parts, so every position pays for a full attempt. The
characters a match can start with are computable from the parsed pattern; putting them in front as
a lookahead, `(?=[...])pattern`, lets most positions fail at once. A lookahead consumes nothing and
captures nothing, so every match, span and group is exactly what the plain pattern gives.
"""
from __future__ import annotations

import re
from re import _constants as C  # noqa: N812 (the engine's opcode names)
from re import _parser

_CATEGORY = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_SPACE: r"\s",
             C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W"}
_TRANSPARENT = (C.AT, C.ASSERT, C.ASSERT_NOT)  # zero-width: the first character comes after them


class _Unknown(Exception):
    """A construct whose first characters are not worked out here (no gate is made)."""


def _char(code: int) -> str:
    return f"\\U{code:08x}"


def _first(items) -> tuple[set[str], bool]:
    """(class items the sequence's first character must match, whether it can match empty)."""
    out: set[str] = set()
    for op, av in items:
        if op in _TRANSPARENT:
            continue
        if op is C.LITERAL:
            out.add(_char(av))
            return out, False
        if op is C.IN:
            for sub, val in av:
                if sub is C.LITERAL:
                    out.add(_char(val))
                elif sub is C.RANGE:
                    out.add(_char(val[0]) + "-" + _char(val[1]))
                elif sub is C.CATEGORY and val in _CATEGORY:
                    out.add(_CATEGORY[val])
                else:  # NEGATE and the rarer categories
                    raise _Unknown
            return out, False
        if op is C.BRANCH:
            nullable = False
            for alt in av[1]:
                chars, empty = _first(alt)
                out |= chars
                nullable = nullable or empty
            if not nullable:
                return out, False
            continue
        if op is C.SUBPATTERN:
            if av[1] or av[2]:  # inline flags inside the pattern
                raise _Unknown
            chars, empty = _first(av[3])
        elif op is C.ATOMIC_GROUP:
            chars, empty = _first(av)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            chars, empty = _first(av[2])
            empty = empty or av[0] == 0
        else:  # ANY, NOT_LITERAL, group references, conditionals
            raise _Unknown
        out |= chars
        if not empty:
            return out, False
    return out, True


def _engine_skips(items) -> bool:
    """Whether the engine finds a start filter itself: the pattern (inside its leading groups)
    starts with a literal, a class, or an alternation whose branches all start with a literal."""
    while items and items[0][0] is C.SUBPATTERN:
        items = list(items[0][1][3])
    if not items:
        return False
    op, av = items[0]
    if op in (C.LITERAL, C.IN):
        return True
    return op is C.BRANCH and all(alt and list(alt)[0][0] is C.LITERAL for alt in av[1])


def first_class(pattern: str, flags: int = 0) -> str | None:
    """A character class holding every character a non-empty match can start with; None when the
    pattern can match the empty string, the engine already skips by its first characters, it uses
    case folding, or has constructs not handled here."""
    try:
        parsed = _parser.parse(pattern, flags)
        if parsed.state.flags & (re.IGNORECASE | re.VERBOSE) or _engine_skips(list(parsed)):
            return None
        chars, empty = _first(list(parsed))
    except (_Unknown, re.error):
        return None
    if empty or not chars:
        return None
    return "[" + "".join(sorted(chars)) + "]"


def gated(pattern: str, flags: int = 0) -> "re.Pattern[str]":
    """The compiled pattern behind its first-character lookahead (the plain pattern if none)."""
    cls = first_class(pattern, flags)
    if cls is not None:
        try:
            return re.compile(f"(?={cls}){pattern}", flags)
        except re.error:  # global inline flags must stay first: keep the plain pattern
            pass
    return re.compile(pattern, flags)
