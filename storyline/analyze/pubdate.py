"""Infers a missing publication date from the dates a text names, at the granularity they support."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from storyline import timecalc as tc
from storyline.analyze.time_tagger import Mention

FIRST_YEAR = 1990


@dataclass(slots=True)
class PubGuess:
    """The inferred value (None when nothing supports one), the evidence, and a reference day."""

    value: str | None
    why: str
    ref: dt.date | None
    evidence: list[str] = field(default_factory=list)


def _quote(text: str, m: Mention) -> str:
    """The whole matched phrase, for the explanation."""
    return "'" + " ".join(text[m.match_start:m.match_end].split()) + "'"


def _is_last_year(spec: dict) -> bool:
    """Expressions that point at the year before publication ('last year', 'September last year')."""
    return (spec.get("yrel") == -1 or spec.get("mrel") == -12
            or (spec.get("kind") == "relunit" and spec.get("unit") == "year" and spec.get("offset") == -1))


def _pick_year(text: str, dated: list[Mention], future: set[int], today: dt.date,
               why: list[str]) -> int | None:
    """The publication year: weekday agreement first, then the latest explicit year."""
    explicit = [m.spec["year"] for i, m in enumerate(dated) if m.spec.get("year") and i not in future
                and m.spec.get("month")]
    max_year = max(explicit) if explicit else None
    last_year = any(_is_last_year(m.spec) for m in dated)
    weekdays = [m for m in dated if m.spec.get("weekday") and m.spec.get("day") and not m.spec.get("year")]
    if weekdays:
        sets = [set(tc.weekday_years(m.spec["month"], m.spec["day"], m.spec["weekday"], FIRST_YEAR,
                                     today.year)) for m in weekdays]
        common = set.intersection(*sets) or sets[0]
        if common:
            later = [y for y in common if max_year is None or y >= max_year]
            year = max(later or common)
            why.append(f"{_quote(text, weekdays[0])} falls on that weekday in {year}"
                       + (f" (the latest year the text names is {max_year})" if max_year else
                          " (the latest such year up to today)"))
            return year
    if max_year is not None:
        if last_year:
            cue = next(m for m in dated if _is_last_year(m.spec))
            why.append(f"{_quote(text, cue)} (last year) beside explicit dates of {max_year} "
                       f"puts publication in {max_year + 1}")
            return max_year + 1
        why.append(f"the latest explicit year named is {max_year}")
        return max_year
    return None


def _day_of(m: Mention, year: int) -> dt.date | None:
    """The day a dated mention names, with the inferred year when it gives none."""
    s = m.spec
    if not (s.get("day") and s.get("month")):
        return None
    y = s.get("year") or (year + s["yrel"] if s.get("yrel") is not None else year)
    return tc.valid_date(y, s["month"], s["day"])


def infer(text: str, mentions: list[Mention], future: set[int], today: dt.date) -> PubGuess:
    """Publication date from the text alone (future: indexes of mentions in future-tense sentences)."""
    why: list[str] = []
    dated = [m for m in mentions if m.spec.get("kind") == "date" or _is_last_year(m.spec)]
    fut = {dated.index(m) for i, m in enumerate(mentions) if i in future and m in dated}
    year = _pick_year(text, dated, fut, today, why)
    if year is None:
        return PubGuess(None, "no date line and no dated evidence in the text", None)
    fut |= {i for i, m in enumerate(dated) if m.spec.get("tense") == "future"
            or (m.spec.get("mrel") or 0) > 0}
    days = [(d, m) for m in dated if (d := _day_of(m, year)) is not None]
    past_days = [(d, m) for d, m in days if dated.index(m) not in fut] or days
    for m in dated:
        if m.spec.get("pub_offset") is not None and (d := _day_of(m, year)):
            pub = d - dt.timedelta(days=m.spec["pub_offset"])
            why.insert(0, f"{_quote(text, m)} puts publication on {pub.isoformat()}")
            return PubGuess(pub.isoformat(), "no date line; " + "; ".join(why), pub)
    relday = next((m for m in mentions if m.spec.get("kind") == "relday"
                   and m.spec.get("offset") in (0, -1)), None)
    latest = max(past_days, key=lambda x: x[0]) if past_days else None
    if relday and latest:
        pub = latest[0] - dt.timedelta(days=relday.spec["offset"])
        why.insert(0, f"{_quote(text, relday)} refers to the latest date named, "
                      f"{_quote(text, latest[1])}, so publication is {pub.isoformat()}")
        return PubGuess(pub.isoformat(), "no date line; " + "; ".join(why), pub)
    months = [(dt.date(m.spec["year"] if m.spec.get("year") else year + m.spec["yrel"], m.spec["month"], 1), m)
              for i, m in enumerate(dated) if m.spec.get("month") and not m.spec.get("day")
              and i not in fut and (m.spec.get("year") or m.spec.get("yrel") is not None)]
    in_year = [(d.replace(day=1), m) for d, m in past_days if d.year == year] + \
              [(d, m) for d, m in months if d.year == year]
    if in_year:
        top = max(in_year, key=lambda x: x[0])
        ref = latest[0] if latest and latest[0].replace(day=1) == top[0] else top[0]
        why.insert(0, f"latest date named is {_quote(text, top[1])}; no day word ties it to "
                      "publication, so only the month")
        return PubGuess(tc.format_month(top[0].year, top[0].month), "no date line; " + "; ".join(why), ref)
    why.insert(0, f"no date the text names falls in {year}, so only the year")
    # known only from last-year references: such retrospectives tend to open the year
    ref = dt.date(year, 1, 1) if any("(last year)" in w for w in why) else dt.date(year, 7, 1)
    return PubGuess(f"{year:04d}", "no date line; " + "; ".join(why), ref)
