"""Calendar arithmetic for TIMEX3 values: ISO weeks, month steps, weekday-consistent years."""
from __future__ import annotations

import datetime as dt
import re

_VALUE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_value(value: str | None) -> tuple[dt.date, str] | None:
    """(first day, granularity 'year'|'month'|'day') of a YYYY[-MM[-DD]] value, else None."""
    if not value:
        return None
    m = _VALUE.match(value)
    if not m:
        return None
    y, mo, d = m.groups()
    try:
        if d:
            return dt.date(int(y), int(mo), int(d)), "day"
        if mo:
            return dt.date(int(y), int(mo), 1), "month"
        return dt.date(int(y), 1, 1), "year"
    except ValueError:
        return None


def valid_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None when it does not exist (31/2, 29/2 of a common year)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """(year, month) shifted by delta months, rolling over years in both directions."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def iso_week(day: dt.date) -> str:
    """TIMEX3 week value of a day (ISO 8601 week-numbering year)."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_of(day: dt.date, offset: int = 0) -> str:
    """The ISO week `offset` weeks from the week holding `day`."""
    return iso_week(day + dt.timedelta(weeks=offset))


def weekday_in_week(day: dt.date, weekday: int, week_offset: int) -> dt.date:
    """The given ISO weekday (1=Monday … 7=Sunday) in the week `week_offset` from day's week."""
    monday = day - dt.timedelta(days=day.isoweekday() - 1) + dt.timedelta(weeks=week_offset)
    return monday + dt.timedelta(days=weekday - 1)


def nearest_weekday(day: dt.date, weekday: int, direction: int) -> dt.date:
    """The weekday on or before day (direction -1), strictly after (+1), or on/after (0 → +)."""
    diff = weekday - day.isoweekday()
    if direction < 0:
        return day + dt.timedelta(days=diff if diff <= 0 else diff - 7)
    if direction > 0:
        return day + dt.timedelta(days=diff if diff > 0 else diff + 7)
    return day + dt.timedelta(days=diff if diff >= 0 else diff + 7)


def weekday_years(month: int, day: int, weekday: int, first: int, last: int) -> list[int]:
    """Years in [first, last] in which day/month falls on the ISO weekday."""
    out = []
    for year in range(first, last + 1):
        d = valid_date(year, month, day)
        if d and d.isoweekday() == weekday:
            out.append(year)
    return out


def quarter_of(day: dt.date) -> int:
    """Quarter number (1-4) of a day."""
    return (day.month - 1) // 3 + 1


def shift_quarter(year: int, quarter: int, delta: int) -> tuple[int, int]:
    """(year, quarter) shifted by delta quarters."""
    index = year * 4 + (quarter - 1) + delta
    return index // 4, index % 4 + 1


def format_day(day: dt.date) -> str:
    """YYYY-MM-DD."""
    return day.isoformat()


def format_month(year: int, month: int) -> str:
    """YYYY-MM."""
    return f"{year:04d}-{month:02d}"
