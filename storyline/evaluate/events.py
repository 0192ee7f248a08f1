"""Event scoring: an event is found when its date and PLOVER type are right, whatever its wording."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .crossdoc import id_consistency
from .docs import DocPair, items
from .matching import count_equal, greedy_match
from .metrics import detection, prf, ratio
from .normalize import norm_optional, norm_set, norm_text

Event = dict[str, Any]

DAY_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _date(event: Event) -> str | None:
    """The event date as a stripped string, or None when null or not a string."""
    value = event.get("date")
    return value.strip() if isinstance(value, str) else None


def _type(event: Event) -> str:
    """The PLOVER type, case-insensitive."""
    return norm_text(event.get("type"))


def _people(event: Event) -> set[str]:
    """Actors and participants together, used only to choose among equally dated candidates."""
    return norm_set(event.get("actors")) | norm_set(event.get("participants"))


def match_events(gold: Sequence[Event], pred: Sequence[Event]) -> list[tuple[int, int]]:
    """One-to-one matching of events with equal date (null matches null) and equal type.

    Among several candidates the one with the same mode (a plan is paired with the gold plan of its
    day, not with that day's agreement), then the same location, then the most shared actors and
    participants, wins.
    """

    def scorer(gi: int, pi: int) -> tuple[int, int] | None:
        g, p = gold[gi], pred[pi]
        if _date(g) != _date(p) or _type(g) != _type(p):
            return None
        return (0 if _same_mode(g, p) else 1, 0 if _same_place(g, p) else 1, -len(_people(g) & _people(p)))

    return greedy_match(len(gold), len(pred), scorer)


def _same_mode(g: Event, p: Event) -> bool:
    """Modes are short English words; compare them normalized."""
    return norm_text(g.get("mode")) == norm_text(p.get("mode"))


def _is_day_dated(event: Event) -> bool:
    """A full YYYY-MM-DD date."""
    date = _date(event)
    return date is not None and DAY_DATE.match(date) is not None


def _actor_counts(pairs: list[tuple[int, int]], gold: Sequence[Event], pred: Sequence[Event]) -> tuple[int, int, int]:
    """(shared, gold, predicted) state actors over matched events: who took part, scored apart from when."""
    shared = n_g = n_p = 0
    for gi, pi in pairs:
        g, p = norm_set(gold[gi].get("actors")), norm_set(pred[pi].get("actors"))
        shared, n_g, n_p = shared + len(g & p), n_g + len(g), n_p + len(p)
    return shared, n_g, n_p


def _same_place(g: Event, p: Event) -> bool:
    """Locations compared normalized (null equals null)."""
    return norm_optional(g.get("location")) == norm_optional(p.get("location"))


def score_events(docs: Sequence[DocPair]) -> tuple[dict[str, Any], dict[str, dict[str, int]]]:
    """Report section for events and per-document counts."""
    n_gold = n_pred = n_matched = n_mode = n_day = n_day_found = n_place = 0
    actors = [0, 0, 0]
    records: list[tuple[str, Any, Any]] = []
    per_doc: dict[str, dict[str, int]] = {}
    for doc in docs:
        gold, pred = items(doc.gold, "events"), items(doc.pred, "events")
        pairs = match_events(gold, pred)
        n_gold, n_pred, n_matched = n_gold + len(gold), n_pred + len(pred), n_matched + len(pairs)
        n_mode += count_equal(pairs, gold, pred, _same_mode)
        n_place += count_equal(pairs, gold, pred, _same_place)
        actors = [a + b for a, b in zip(actors, _actor_counts(pairs, gold, pred))]
        n_day += sum(1 for g in gold if _is_day_dated(g))
        n_day_found += sum(1 for gi, _pi in pairs if _is_day_dated(gold[gi]))
        records.extend((doc.doc_id, gold[gi].get("id"), pred[pi].get("id")) for gi, pi in pairs)
        per_doc[doc.doc_id] = {"gold": len(gold), "pred": len(pred), "matched": len(pairs)}
    section = detection(n_matched, n_gold, n_pred)
    section["mode_accuracy"] = ratio(n_mode, n_matched)
    section["location_accuracy"] = ratio(n_place, n_matched)
    section["actors_f1"] = prf(*actors)["f1"]
    section["day_dated_gold"] = n_day
    section["day_dated_matched"] = n_day_found
    section["day_dated_recall"] = ratio(n_day_found, n_day)
    section.update(id_consistency(records))
    return section, per_doc
