"""What a trigger's words point to beyond its own date: a day shifted by 'three days later', an
anniversary's year, one date each of a plural trigger, a meeting described by a copula, a state's
own body in session."""
from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Callable

from storyline import kb, timecalc as tc
from storyline.analyze.event_dates import is_future
from storyline.model import Span

if TYPE_CHECKING:
    from storyline.analyze.event_table import EventData

CITY_KINDS = ("city", "capital")
YEARS_GAP = 3      # characters between an 'N years' duration and the trigger it counts for
YEARS_AFTER = 80   # characters after a trigger its 'turns N years' count may stand at
_YEARS = re.compile(r"P(\d+)Y")
_YEAR = re.compile(r"\d{4}")
_DAYS = re.compile(r"P(?P<n>\d+)(?P<unit>[DW])")  # a duration of whole days or weeks (not 'a few days')


def shifted(text: str, sent: Span, s_time: list[Span], day: str, ed: EventData) -> str:
    """'Three days later, Russia expelled…': the day last named moved by a duration that opens the
    sentence (followed by a shift_after or shift_before word of events.yaml and a comma), else that day."""
    first = next((t for t in s_time if t.label == "DURATION"), None)
    if first is None or text[sent.start:first.start].strip():
        return day
    how = ed.shift.match(text, first.end)
    size = _DAYS.fullmatch(first.value or "")
    if how is None or size is None:
        return day
    days = int(size.group("n")) * (7 if size.group("unit") == "W" else 1)
    moved = tc.parse_value(day)[0] + dt.timedelta(days=days if how.group("after") else -days)
    return tc.format_day(moved)


SINCE_REACH = 80  # characters from a 'two days after' to the trigger it dates


def since_day(text: str, s_time: list[Span], pos: int, ed: EventData, published: str | None,
              story_day: Callable[[], str | None] = lambda: None) -> str | None:
    """'arrived on 24/10, just two days after the US imposed sanctions': the day of the trigger at pos,
    which follows an exact duration of days and a since_after (since_before) word, counted back
    (forward) from the day the sentence names before that duration (else the day the text speaks of,
    `story_day`: 'The announcement came one day after Witkoff's talks…'), if that day is not after
    publication; None when the text says no such thing ('less than ten days after' is no day)."""
    for k, t in enumerate(s_time):
        size = _DAYS.fullmatch(t.value or "") if t.label == "DURATION" else None
        how = ed.since.match(text, t.end) if size else None
        if how is None or not (how.end() <= pos <= how.end() + SINCE_REACH):
            how = ed.since_next.match(text, t.end) if size else None  # 'two days after the call'
            if how is None or how.end() != pos:
                continue
        if text[t.start:t.end].casefold().split(" ")[0] in ed.inexact:
            return None
        base = next((b.value for b in reversed(s_time[:k]) if b.label == "DATE"
                     and (p := tc.parse_value(b.value)) and p[1] == "day"), None) or story_day()
        parsed = tc.parse_value(base) if base else None
        if parsed is None or parsed[1] != "day" or (published and is_future(
                Span(0, 0, "DATE", value=base), published)):
            return None
        days = int(size.group("n")) * (7 if size.group("unit") == "W" else 1)
        moved = parsed[0] + dt.timedelta(days=-days if how.group("after") else days)
        return tc.format_day(moved)
    return None


def described(text: str, sent: Span, found: list, ed: EventData, undated: bool = False) -> set[int]:
    """Where a sentence opening with a meeting noun and a copula ('The meeting in Istanbul was the first
    step…') names the meeting told before: the subject, and a meeting noun right after the copula; in a
    sentence naming no date (`undated`) the opening meeting noun does so with any verb ('The talks opened…')."""
    if not found or text[sent.start:found[0][0].start()].strip():
        return set()
    m, surface = found[0]
    if surface not in ed.meeting_nouns:
        return set()
    cop = ed.copula.match(text, m.end())
    if cop is None:
        return {m.start()} if undated else set()
    after = next((x.start() for x, s in found[1:]  # 'was the first meeting…'
                  if 0 <= x.start() - cop.end() <= 1 and s in ed.meeting_nouns), None)
    return {m.start()} | ({after} if after is not None else set())


def own_body_follows(text: str, mentions: list[Span], pos: int, ed: EventData) -> bool:
    """An organisation of one state (kb state set, not a state itself) named right after pos, and not
    the first of a pair ('the Kremlin - White House talks')."""
    k = next((i for i, m in enumerate(mentions) if m.start >= pos), None)
    if k is None:
        return False
    nxt = mentions[k]
    if nxt.start - pos > 1 or nxt.label != "ORG" or not nxt.attrs.get("state") \
            or nxt.attrs.get("state") == nxt.attrs.get("name"):
        return False
    after = mentions[k + 1] if k + 1 < len(mentions) else None
    return after is None or not ed.pair.fullmatch(text[nxt.end:after.start])


def listed_dates(text: str, own: list[Span], dates: list[Span], c_hi: int, anchors: tuple[int, ...],
                 s_end: int, seps: list[tuple[int, int]], ed: EventData) -> list[Span]:
    """A verb trigger's dates given as a list ('in February and March, and in St. Petersburg on 11/4'):
    its own dates joined by a list word (events.yaml list_and), and the dates of the clauses after it
    that open with one and hold no trigger of their own; [] when its dates are no such list."""
    joined = [t for i, t in enumerate(own) if i and ed.list_word.search(text, own[i - 1].end, t.start)]
    listed = own[:1] + joined if joined else own[:1]
    hi = c_hi
    for s, e in seps:
        if s < hi:
            continue
        if s != hi:
            break
        nxt = next((a for a, _b in seps if a > e), s_end)
        if not ed.list_word.match(text, e) or any(e <= a < nxt for a in anchors):
            break
        listed += [t for t in dates if e <= t.start < nxt]
        hi = nxt
    return listed if len(listed) > 1 else []


def each_date(ev: Span, own: list[Span], mentions: list[Span]) -> list[Span]:
    """'the rounds in Geneva in May and London in June': one more event per further date of a plural
    trigger, placed at the city named between the previous date and it."""
    extra: list[Span] = []
    prev_end = ev.end
    for t in own:
        if t.value and t.value != ev.value and all(t.value != e.value for e in extra):
            city = next((m.attrs.get("name") for m in reversed(mentions)
                         if prev_end <= m.start < t.start and is_city(m)), None)
            extra.append(Span(ev.start, ev.end, ev.label, sentence=ev.sentence, value=t.value,
                              attrs={**ev.attrs, "location": city or ev.attrs.get("location")}))
        prev_end = t.end
    return extra


def years_of(text: str, sent: Span, s_time: list[Span], start: int, end: int, ed: EventData) -> int | None:
    """The count of an anniversary the trigger at start..end names: a 'N years' duration right before
    it in a sentence that calls it an anniversary before the count ('marks 30 years of establishing
    relations'), or one right after an anniversary cue a little after it ('relations …, turn 92')."""
    for t in s_time:
        size = _YEARS.fullmatch(t.value or "") if t.label == "DURATION" else None
        if size is None:
            continue
        if t.end <= start and start - t.end <= YEARS_GAP and not text[t.end:start].strip() \
                and ed.anniversary_cue.search(text, sent.start, t.start):
            return int(size.group(1))
        if end <= t.start <= end + YEARS_AFTER and ed.anniversary_cue.search(text, max(end, t.start - 12), t.end):
            return int(size.group(1))
    return None


def anniversary(years: int, dates: list[Span], s_time: list[Span], published: str | None) -> str:
    """The date of what an 'N years of…' anniversary counts from: the sentence's day or month in that
    year when it names one ('(30/1/1950 - 30/1/2025)'), else that year; counted back from the year
    the sentence names ('this year'), else from publication."""
    anchor = next((t.value for t in s_time if t.label == "DATE" and _YEAR.fullmatch(t.value or "")), None) \
        or (published or "")[:4]
    if not anchor.isdigit():
        return ""
    year = str(int(anchor) - years)
    return next((t.value for t in dates if (t.value or "").startswith(year + "-")), year)


def is_city(m: Span) -> bool:
    """A known city or capital (the granularity events are placed at)."""
    return kb.kind_of(m.attrs.get("key")) in CITY_KINDS
