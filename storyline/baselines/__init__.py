"""Outside tools run on the same texts as storyline, so `storyline eval --baseline` compares them.

A baseline module has `annotate(text: str, published: str | None) -> dict`, returning the
annotation fields it can predict (e.g. {"timexes": [...]} or {"entities": [...]}) in the
annotation format; fields it does not predict are left out and scored from storyline's own
prediction, so each baseline is judged only on what it does. `annotate("", None)` must return
the keys it predicts (with empty lists): that is how the comparison knows which fields to show.
"""
from __future__ import annotations

import importlib
from typing import Any, Callable

BASELINES: dict[str, str] = {
    "dateparser": "storyline.baselines.dateparser_time",
    "underthesea": "storyline.baselines.underthesea_ner",
}


def get(name: str) -> Callable[[str, str | None], dict[str, Any]]:
    """The annotate function of a named baseline; ValueError names the known ones."""
    if name not in BASELINES:
        known = ", ".join(sorted(BASELINES)) or "none"
        raise ValueError(f"unknown baseline {name!r} (known: {known})")
    return importlib.import_module(BASELINES[name]).annotate
