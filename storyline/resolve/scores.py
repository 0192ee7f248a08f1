"""Cooperation–conflict scores per event type and mode (data/event_scores.yaml), and dyad series."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

from storyline.store.db import Store

DATA = Path(__file__).resolve().parent.parent / "data"


@functools.lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    return yaml.safe_load((DATA / "event_scores.yaml").read_text(encoding="utf-8"))["types"]


def score(etype: str, mode: str | None) -> float:
    """The score of a type, refined by its mode when the table has one."""
    entry = _table().get(etype, {"score": 0.0})
    return float((entry.get("modes") or {}).get(mode or "", entry["score"]))


@functools.lru_cache(maxsize=1)
def _codes() -> dict[str, str]:
    out: dict[str, str] = {}
    for line in (DATA / "iso_states.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        a2, a3, name = line.split("\t")
        out[a2.casefold()] = out[a3.casefold()] = out[name.casefold()] = name
    return out


def state_name(store: Store, token: str) -> str | None:
    """A state's canonical name from an ISO code, its name, or any alias the store knows."""
    t = token.strip().casefold()
    if t in _codes():
        return _codes()[t]
    row = store.query("SELECT e.name FROM entities e JOIN entity_aliases a ON a.entity_id = e.id "
                      "WHERE LOWER(a.alias) = ? OR LOWER(e.name) = ? LIMIT 1", (t, t))
    return row[0][0] if row else None


def dyad_key(a: str, b: str) -> str:
    """The actor_key events of the pair are stored under."""
    return "|".join(sorted((a, b)))


def dyad_series(store: Store, a: str, b: str) -> list[dict[str, Any]]:
    """Per month: how many events the pair had and their mean score."""
    rows = store.query("SELECT SUBSTR(date, 1, 7), COUNT(*), AVG(score) FROM events WHERE actor_key = ? "
                       "AND date IS NOT NULL AND LENGTH(date) >= 7 GROUP BY SUBSTR(date, 1, 7) ORDER BY 1",
                       (dyad_key(a, b),))
    return [{"month": m, "events": n, "mean_score": round(s, 2) if s is not None else None}
            for m, n, s in rows]
