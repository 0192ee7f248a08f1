"""Text normalization shared by all matchers, so NFD input or stray spaces never cost a match."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def norm_text(value: Any) -> str:
    """NFC, casefold and collapse whitespace; non-strings (None, numbers) become ''."""
    if not isinstance(value, str):
        return ""
    folded = unicodedata.normalize("NFC", value).casefold()
    folded = unicodedata.normalize("NFC", folded)
    return _SPACE.sub(" ", folded).strip()


def norm_optional(value: Any) -> str | None:
    """Like norm_text but keeps None distinct from '', so null-vs-null compares equal."""
    if value is None:
        return None
    return norm_text(value)


def tokens(value: Any) -> list[str]:
    """Word tokens of the normalized text (Unicode letters and digits; punctuation dropped)."""
    return _WORD.findall(norm_text(value))


def token_string(value: Any) -> str:
    """Normalized tokens joined by single spaces, for punctuation-blind containment tests."""
    return " ".join(tokens(value))


def norm_set(values: Any) -> set[str]:
    """Normalized, non-empty strings of a list; anything that is not a list yields an empty set."""
    if not isinstance(values, list):
        return set()
    return {key for key in (norm_text(v) for v in values) if key}
