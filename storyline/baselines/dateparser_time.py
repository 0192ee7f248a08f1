"""dateparser's search_dates as a timex baseline: languages=['vi'], RELATIVE_BASE = publication date."""
from __future__ import annotations

import datetime as dt
from typing import Any

import re

from storyline import timecalc as tc

_HAS_DAY = re.compile(r"\d{1,2}\s*[/-]\s*\d{1,2}|\d{1,2}\s+\w+\s+\d{1,2}")
_YEAR_ONLY = re.compile(r"^\D*\d{4}\D*$")


def _base(published: str | None) -> dt.datetime:
    """The relative base dateparser counts from (mid-month/mid-year for coarse dates)."""
    parsed = tc.parse_value(published)
    if parsed is None:
        return dt.datetime(2025, 7, 1)
    day, gran = parsed
    if gran == "month":
        day = day.replace(day=15)
    elif gran == "year":
        day = day.replace(month=7)
    return dt.datetime(day.year, day.month, day.day)


def _granular(surface: str, when: dt.datetime) -> str:
    """dateparser always returns a datetime; keep only the granularity the surface states, so the
    baseline is not marked wrong merely for adding a day to a month-year or a bare year."""
    if _YEAR_ONLY.match(surface):
        return f"{when.year:04d}"
    if not _HAS_DAY.search(surface) and re.search(r"\d", surface):
        return tc.format_month(when.year, when.month)
    return when.date().isoformat()


def annotate(text: str, published: str | None) -> dict[str, Any]:
    """{'timexes': [...]} found by dateparser, with offsets located in order in the text."""
    if not text:
        return {"timexes": []}
    from dateparser.search import search_dates

    found = search_dates(text, languages=["vi"],
                         settings={"RELATIVE_BASE": _base(published), "PREFER_DATES_FROM": "past"}) or []
    out, pos = [], 0
    for surface, when in found:
        start = text.find(surface, pos)
        if start < 0:
            start = text.find(surface)
        if start < 0:
            continue
        pos = start + len(surface)
        out.append({"text": surface, "start": start, "end": start + len(surface), "type": "DATE",
                    "value": _granular(surface, when)})
    return {"timexes": out}
