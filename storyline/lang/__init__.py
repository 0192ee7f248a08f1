"""Loads language data files (YAML/TSV) from storyline/lang/<code>/, cached per process."""
from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any, Iterable

import yaml

LANG_DIR = Path(__file__).parent


class LanguageDataError(ValueError):
    """A language data file is missing or malformed; the message names the file."""


@functools.lru_cache(maxsize=None)
def load(lang: str, name: str) -> dict[str, Any]:
    """Parse lang/<lang>/<name>.yaml once per process."""
    path = LANG_DIR / lang / f"{name}.yaml"
    if not path.is_file():
        raise LanguageDataError(f"no language data {path} (language {lang!r} lacks {name!r})")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise LanguageDataError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise LanguageDataError(f"{path}: top level must be a mapping")
    return data


def available(lang: str) -> list[str]:
    """Names of the data files a language ships."""
    return sorted(p.stem for p in (LANG_DIR / lang).glob("*.yaml"))


def alternation(surfaces: Iterable[str]) -> str:
    """A regex alternation of literal surface forms, longest first so the longest match wins."""
    uniq = sorted(set(surfaces), key=lambda s: (-len(s), s))
    return "|".join(re.escape(s) for s in uniq)


def word_alternation(words: Iterable[str]) -> str:
    """A longest-first alternation of whole words (no match inside a longer word)."""
    return r"(?<!\w)(?:" + alternation(words) + r")(?!\w)"


def surfaces(entries: list[dict[str, Any]], key: str = "surface") -> list[str]:
    """All surface forms of a table (an entry may give one string or a list)."""
    out: list[str] = []
    for entry in entries:
        val = entry[key]
        out.extend(val if isinstance(val, list) else [val])
    return out
