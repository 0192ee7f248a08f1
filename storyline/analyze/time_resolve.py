"""Resolves partly specified time values against the reference date and the last named date."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from storyline import timecalc as tc

SEASONS = ("SP", "SU", "FA", "WI")
PAST_BIAS = 10  # how much farther back than forward an uncued, unyeared date may lie


@dataclass(slots=True)
class Context:
    """What relative expressions are resolved against."""

    ref: dt.date                 # the publication day (or the best day guess inside its month)
    anchor: dt.date | None = None  # the last day-level date the text named
    future: bool = False         # the sentence speaks of the future
    past: bool = False           # the words around the date mark the past
    news_days: int = 7           # a date this close before the reference is the news day
    named: list[dt.date] = field(default_factory=list)  # day-level dates named so far

    anchor_dated: bool = False   # the last date named carried its own year

    def same_day(self) -> dt.date:
        """What a 'same day' phrase points at: the last date named when it is the news day or carried its
        own year (a deliberate digression), else the latest news-day date named, else the last."""
        window = [d for d in self.named if -self.news_days <= (d - self.ref).days <= 1]
        if self.anchor and (self.anchor in window or self.anchor_dated):
            return self.anchor
        return window[-1] if window else (self.anchor or self.ref)


def _year_for(month: int, day: int | None, weekday: int | None, ctx: Context) -> int:
    """The year that agrees with the weekday and sits closest to the reference date."""
    best: tuple[float, int] | None = None
    for year in (ctx.ref.year - 1, ctx.ref.year, ctx.ref.year + 1):
        d = tc.valid_date(year, month, day or 15)
        if d is None:
            continue
        if weekday and day and d.isoweekday() != weekday:
            continue
        delta = (d - ctx.ref).days
        tolerance = 3 if day else 31
        cost = abs(delta)
        if delta > tolerance and not ctx.future:
            cost *= PAST_BIAS  # news narrates the past: a later date needs a future cue to win
        if delta > tolerance and ctx.past:
            continue
        if delta < -tolerance and ctx.future:
            cost *= 3
        if best is None or cost < best[0]:
            best = (cost, year)
    return best[1] if best else ctx.ref.year


def _month_rel_year(month: int, mrel: int, ctx: Context) -> int:
    """Year of a named month qualified as just past, coming, or last year's."""
    if mrel in (-12, 12):
        return ctx.ref.year + mrel // 12
    if mrel < 0:
        return ctx.ref.year if month <= ctx.ref.month else ctx.ref.year - 1
    if mrel > 0:
        return ctx.ref.year if month >= ctx.ref.month else ctx.ref.year + 1
    return ctx.ref.year


def _date(spec: dict[str, Any], ctx: Context) -> str | None:
    """Explicit or partly explicit calendar dates (a 'tense' hint overrides the sentence's)."""
    if spec.get("tense"):
        ctx = Context(ref=ctx.ref, future=spec["tense"] == "future", past=spec["tense"] == "past")
    day, month, year = spec.get("day"), spec.get("month"), spec.get("year")
    if year is None and spec.get("yrel") is not None:
        year = ctx.ref.year + int(spec["yrel"])
    if month is None:
        return None if year is None else f"{year:04d}"
    if year is None and spec.get("mrel") is not None:
        year = _month_rel_year(month, int(spec["mrel"]), ctx)
    if year is None:
        year = _year_for(month, day, spec.get("weekday"), ctx)
    if day is None:
        return tc.format_month(year, month)
    d = tc.valid_date(year, month, day)
    return d.isoformat() if d else None


def _relunit(spec: dict[str, Any], ctx: Context) -> str | None:
    """Next week, last year, this weekend, early this year…"""
    unit, offset, mod = spec.get("unit"), int(spec.get("offset") or 0), spec.get("mod")
    if unit == "week":
        week = tc.week_of(ctx.ref, offset)
        return week + "-WE" if mod == "END" else week
    if unit == "month":
        y, m = tc.add_months(ctx.ref.year, ctx.ref.month, offset)
        return tc.format_month(y, m)
    if unit == "year":
        return f"{ctx.ref.year + offset:04d}"
    if unit == "quarter":
        y, q = tc.shift_quarter(ctx.ref.year, tc.quarter_of(ctx.ref), offset)
        return f"{y:04d}-Q{q}"
    return None


def _weekday(spec: dict[str, Any], ctx: Context) -> str | None:
    """Friday last week, next Sunday, or a bare weekday near the reference."""
    wd = spec.get("weekday")
    if not wd:
        return None
    if "week_offset" in spec:
        return tc.weekday_in_week(ctx.ref, wd, int(spec["week_offset"] or 0)).isoformat()
    direction = spec.get("direction")
    if direction is None:
        direction = 0 if ctx.future else -1
    return tc.nearest_weekday(ctx.ref, wd, int(direction)).isoformat()


def _year_qualified(spec: dict[str, Any], ctx: Context, key: str) -> str | None:
    """Seasons and quarters: last year's summer, the second quarter of this year."""
    year = spec.get("year")
    if year is None:
        year = ctx.ref.year + int(spec.get("yrel") or 0)
    part = spec.get(key)
    if part is None:
        return None
    return f"{year:04d}-{part}" if key == "season" else f"{year:04d}-Q{part}"


def _ago(spec: dict[str, Any], ctx: Context) -> str | None:
    """Three days ago, two weeks ago."""
    n = int(spec["count"]) * int(spec.get("sign") or -1)
    unit = spec.get("unit")
    if unit == "day":
        return (ctx.ref + dt.timedelta(days=n)).isoformat()
    return _relunit({"unit": unit, "offset": n}, ctx)


def resolve(spec: dict[str, Any], ctx: Context) -> str | None:
    """The TIMEX3 value of one spec; updates ctx.anchor when a day is named."""
    kind = spec.get("kind")
    if kind == "fixed":
        return spec.get("value")
    if kind == "date":
        value = _date(spec, ctx)
    elif kind == "relday":
        value = (ctx.ref + dt.timedelta(days=int(spec.get("offset") or 0))).isoformat()
    elif kind == "relunit":
        value = _relunit(spec, ctx)
    elif kind == "weekday":
        value = _weekday(spec, ctx)
    elif kind in ("season", "quarter"):
        value = _year_qualified(spec, ctx, kind)
    elif kind == "anchor":
        base = ctx.same_day() if int(spec.get("offset") or 0) == 0 else (ctx.anchor or ctx.ref)
        value = (base + dt.timedelta(days=int(spec.get("offset") or 0))).isoformat()
    elif kind == "ago":
        value = _ago(spec, ctx)
    else:
        value = None
    parsed = tc.parse_value(value)
    if parsed and parsed[1] == "day":
        ctx.anchor = parsed[0]
        ctx.anchor_dated = kind == "date" and bool(spec.get("year"))
        ctx.named.append(parsed[0])
    return value


def underspecified(spec: dict[str, Any]) -> str:
    """A HeidelTime-style rendering of what the rule alone knew ('UNDEF-year-02-18')."""
    kind = spec.get("kind")
    if kind == "fixed":
        return str(spec.get("value"))
    if kind == "date":
        y = spec.get("year")
        year = f"{y:04d}" if y else ("UNDEF-REF-year-" + _signed(spec["yrel"]) if "yrel" in spec
                                     else "UNDEF-year")
        parts = [year] + [f"{spec[k]:02d}" for k in ("month", "day") if k in spec]
        return "-".join(parts)
    if kind in ("relday", "anchor"):
        base = "UNDEF-REF-day" if kind == "relday" else "UNDEF-last-mentioned-day"
        return f"{base}-{_signed(spec.get('offset') or 0)}"
    if kind == "relunit":
        return f"UNDEF-REF-{spec.get('unit')}-{_signed(spec.get('offset') or 0)}"
    return f"UNDEF-{kind}"


def _signed(n: int) -> str:
    """PLUS-1 / MINUS-1 / PLUS-0, as HeidelTime writes offsets."""
    return f"PLUS-{n}" if n >= 0 else f"MINUS-{-n}"
