"""Which of a sentence's dates is the date of an event: background and future dates are not."""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from storyline import timecalc as tc
from storyline.model import Span

RANK = {"day": 0, "month": 1, "year": 2}
WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
RANGE_GAP = 16  # characters between a range's start date and its end date ('2016 to 2018')
CLAUSE = re.compile(r"[,;:]\s|\s[-–]\s")


def _pairs_names(text: str, m: "re.Match[str]") -> bool:
    """A dash between two capitalised words joins a pair ('Russia - Ukraine'), not clauses."""
    if m.group(0).strip() not in "-–":
        return False  # (a comma or a colon: the words before need not be read)
    before = text[max(0, m.start() - 30):m.start()].split()
    return bool(before) and before[-1][:1].isupper() and text[m.end():m.end() + 1].isupper()


def clause_seps(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where a sentence's clauses are cut: (start, end) of each comma, colon or dash between them."""
    return [(m.start(), m.end()) for m in CLAUSE.finditer(text, start, end) if not _pairs_names(text, m)]


def clause(text: str, start: int, end: int, pos: int,
           seps: list[tuple[int, int]] | None = None) -> tuple[int, int]:
    """The clause of a sentence holding pos (`seps`: the sentence's clause_seps, when already found)."""
    lo, hi = start, end
    for s, e in seps if seps is not None else clause_seps(text, start, end):
        if e <= pos:
            lo = e
        elif s >= pos:
            hi = s
            break
    return lo, hi


def in_scene(text: str, sent: Span, seps: list[tuple[int, int]], pos: int, cues: Any) -> bool:
    """A trigger told in a 'since'/'after' clause of its sentence ('after talks with Zelensky, Trump
    posted…'): the scene of what the sentence reports, not its news."""
    c_lo, _c_hi = clause(text, sent.start, sent.end, pos, seps)
    return cues.background_clause.search(text, c_lo, pos) is not None


def _last_day(value: str) -> str:
    """The last day a partial date can name, as YYYY-MM-DD ('2025-10' → '2025-10-31')."""
    parsed = tc.parse_value(value)
    if parsed is None:
        return value
    if parsed[1] == "day":
        return value
    if parsed[1] == "month":
        return value + "-31"
    return value + "-12-31"


def is_background(text: str, t: Span, trigger: int, clause_lo: int, cues: Any,
                  others: tuple[int, ...] = ()) -> bool:
    """A date right after a 'from' cue, or after a 'since' cue in its clause: the start of a state
    or a background event, not the news itself (unless the trigger stands between cue and date).
    A 'from' date dates the trigger's own clause only when no other trigger (`others`: their
    starts) stands between them: 'asked to return the property seized from 2016' dates the seizure."""
    lo = max(clause_lo, t.start - 80)
    last = None
    for m in cues.background_clause.finditer(text, lo, t.start):
        last = m
    if last is not None:  # 'since …': background unless the trigger stands between cue and date
        return not (last.end() <= trigger < t.start)
    if cues.background.search(text, max(lo, t.start - 12), t.start):
        # 'a ban on … from 2022': the trigger's own clause dates the state it names
        return not (clause_lo <= trigger < t.start) or any(trigger < p < t.start for p in others)
    return False


def is_future(t: Span, published: str | None) -> bool:
    """A date wholly after the publication date cannot be when a reported event happened (a plan
    is dated when it was announced, a deadline is not the event)."""
    if not published or tc.parse_value(published) is None:
        return False
    parsed = tc.parse_value(t.value)
    return parsed is not None and parsed[0].isoformat() > _last_day(published)


def _week_day(t: Span, weekday: int) -> dt.date | None:
    """A day of the week a timex names (a value like 2025-W42), None for any other value."""
    m = WEEK.match(t.value or "")
    try:
        return dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), weekday) if m else None
    except ValueError:
        return None


def _future_week(t: Span, published: str | None) -> bool:
    """A week (2025-W43) that begins after the publication date."""
    monday = _week_day(t, 1)
    if monday is None or not published or tc.parse_value(published) is None:
        return False
    return monday.isoformat() > _last_day(published)


def _as_month(t: Span) -> Span:
    """A week (a value like 2025-W42, from 'last week') dates an event to the month holding its Thursday."""
    day = _week_day(t, 4)
    if day is None:
        return t
    return Span(t.start, t.end, t.label, sentence=t.sentence, value=f"{day.year:04d}-{day.month:02d}")


def usable(text: str, sentence: Span, timexes: list[Span], trigger: int, cues: Any,
           published: str | None, others: tuple[int, ...] = (),
           seps: list[tuple[int, int]] | None = None) -> list[Span]:
    """The calendar dates of a sentence that may date an event triggered at `trigger` (`others`:
    where the sentence's other triggers start)."""
    out = []
    last_background: Span | None = None
    for week in timexes:
        if _future_week(week, published):
            continue  # 'will meet next week' (a week after publication) dates no event, not even by its month
        t = _as_month(week)
        if t.label != "DATE" or tc.parse_value(t.value) is None:
            continue
        t_lo, _hi = clause(text, sentence.start, sentence.end, t.start, seps)
        if is_background(text, t, trigger, t_lo, cues, others) or _ends_range(text, t, last_background, t_lo, cues):
            last_background = t
            continue
        if is_future(t, published) or cues.deadline.search(text, max(t_lo, t.start - 20), t.start):
            continue  # a date after publication, or a deadline set ('set a deadline of 8/8'), is no event's day
        out.append(t)
    return out


def _ends_range(text: str, t: Span, start: Span | None, clause_lo: int, cues: Any) -> bool:
    """'from 2016 to 2018': the end of a range whose start was background, in the same clause."""
    return (start is not None and start.start >= clause_lo and t.start - start.end <= RANGE_GAP
            and cues.range_end.search(text, max(start.end, t.start - 12), t.start) is not None)


def pick(timexes: list[Span], pos: int) -> str | None:
    """The most precise calendar value among the dates, nearest to the trigger."""
    best: tuple[int, int, str] | None = None
    for t in timexes:
        parsed = tc.parse_value(t.value)
        if parsed is None:
            continue
        key = (RANK[parsed[1]], abs(t.start - pos), t.value)
        if best is None or key < best:
            best = key
    return best[2] if best else None
