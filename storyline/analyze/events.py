"""The 'events' component: PLOVER-coded event mentions with actors, participants, place and date."""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from storyline import lang as langdata
from storyline.analyze.regex_trie import word_alternation
from storyline import timecalc as tc
from storyline.model import Document, Span

CLAUSE = re.compile(r"[,;:]\s|\s[-–]\s")
NEG_WINDOW = 3     # words before a trigger a negation may stand in
PLAN_WINDOW = 8    # words before a trigger a plan cue may stand in
SCARE_QUOTE = 100  # a quote this short inside reported speech may carry the event's words


@dataclass(frozen=True, slots=True)
class EventData:
    """Compiled trigger table and cue patterns of one language."""

    trigger: "re.Pattern[str]"
    kinds: dict[str, tuple[str, str]]
    negation: "re.Pattern[str]"
    plan: "re.Pattern[str]"
    location_intro: "re.Pattern[str]"


@functools.lru_cache(maxsize=None)
def event_data(lang: str) -> EventData:
    """Patterns generated from lang/<lang>/events.yaml (longest trigger first)."""
    data = langdata.load(lang, "events")
    kinds: dict[str, tuple[str, str]] = {}
    for group in data["triggers"]:
        for surface in group["surface"]:
            kinds.setdefault(surface.casefold(), (group["type"], group["mode"]))
    return EventData(re.compile(word_alternation(list(kinds)), re.IGNORECASE), kinds,
                     re.compile(word_alternation(data["negation"]) + r"\s*$", re.IGNORECASE),
                     re.compile(word_alternation(data["plan"]), re.IGNORECASE),
                     re.compile(word_alternation(data["location_intro"]) + r"\s*$", re.IGNORECASE))


def _within(spans: list[Span], pos: int) -> bool:
    """pos lies inside one of the (sorted) spans."""
    k = bisect.bisect_right([s.start for s in spans], pos) - 1
    return k >= 0 and spans[k].start <= pos < spans[k].end


def _clause(text: str, start: int, end: int, pos: int) -> tuple[int, int]:
    """The clause of a sentence holding pos (split at commas, colons, dashes)."""
    lo, hi = start, end
    for m in CLAUSE.finditer(text, start, end):
        if m.end() <= pos:
            lo = m.end()
        elif m.start() >= pos:
            hi = m.start()
            break
    return lo, hi


def _date(timexes: list[Span], pos: int) -> str | None:
    """The most precise calendar value among the sentence's dates, nearest to the trigger."""
    best: tuple[int, int, str] | None = None
    for t in timexes:
        parsed = tc.parse_value(t.value) if t.label == "DATE" else None
        if parsed is None:
            continue
        rank = {"day": 0, "month": 1, "year": 2}[parsed[1]]
        key = (rank, abs(t.start - pos), t.value)
        if best is None or key < best:
            best = key
    return best[2] if best else None


def _paragraph_start(doc: Document, pos: int) -> int:
    """Where the block holding pos begins."""
    return next((b.start for b in doc.layer("blocks") if b.start <= pos < b.end), 0)


def _narrative_date(timexes: list[Span], pos: int, lo: int) -> str | None:
    """The last day named before pos in its paragraph: the time undated sentences speak of."""
    for t in reversed(timexes):
        if lo <= t.start < pos and t.label == "DATE":
            parsed = tc.parse_value(t.value)
            if parsed and parsed[1] == "day":
                return t.value
    return None


def _arguments(text: str, sentence_mentions: list[Span], ed: EventData) -> tuple[list[str], list[str]]:
    """(states, people) named in a sentence: a person's state through their role, metonymy
    resolved; a place named as where it happened ('in Riyadh') or a plain city is no actor."""
    actors: list[str] = []
    people: list[str] = []
    for m in sentence_mentions:
        if m.label == "LOC" and not m.attrs.get("metonymy") and (
                m.attrs.get("name") != m.attrs.get("state")
                or ed.location_intro.search(text, max(0, m.start - 20), m.start)):
            continue
        state = m.attrs.get("state")
        if state and state not in actors:
            actors.append(state)
        if m.label == "PER" and m.attrs.get("name") and m.attrs["name"] not in people:
            people.append(m.attrs["name"])
    return actors, people


def _location(text: str, mentions: list[Span], ed: EventData) -> str | None:
    """The first place introduced by an 'at'/'in' word (location_intro) that is not itself a state."""
    for m in mentions:
        if m.label != "LOC" or m.attrs.get("metonymy"):
            continue
        if ed.location_intro.search(text, max(0, m.start - 20), m.start):
            name = m.attrs.get("name")
            if name and name != m.attrs.get("state"):
                return name
    return None


def find_events(doc: Document, lang: str = "vi") -> list[Span]:
    """Event mention spans (the trigger), with type, mode, date, actors, participants, location."""
    ed = event_data(lang)
    text = doc.text
    mentions = sorted(doc.layer("mentions"), key=lambda m: m.start)
    # words inside a long direct quote are speech, not the news; short scare quotes still count
    long_quotes = [q for q in doc.layer("quotes") if q.label == "quote" and q.end - q.start > SCARE_QUOTE]
    timexes = doc.layer("timexes")
    out: list[Span] = []
    for sent in doc.layer("sentences"):
        if sent.attrs.get("block") == "byline":
            continue
        s_ment = [m for m in mentions if sent.start <= m.start < sent.end]
        s_time = [t for t in timexes if sent.start <= t.start < sent.end]
        for m in ed.trigger.finditer(text, sent.start, sent.end):
            if _within(long_quotes, m.start()) or _within(mentions, m.start()):
                continue
            etype, mode = ed.kinds[" ".join(m.group(0).casefold().split())]
            lo, _hi = _clause(text, sent.start, sent.end, m.start())
            before = text[max(lo, m.start() - 40):m.start()]
            if ed.negation.search(" ".join(before.split()[-NEG_WINDOW:]) + " "):
                continue
            planned = bool(ed.plan.search(" ".join(text[lo:m.start()].split()[-PLAN_WINDOW:])))
            if planned and etype == "CONSULT":  # a meeting to come is a plan, not a meeting
                etype, mode = "AGREE", "plan"
            actors, people = _arguments(text, s_ment, ed)
            c_lo, c_hi = _clause(text, sent.start, sent.end, m.start())
            in_clause = [t for t in s_time if c_lo <= t.start < c_hi]
            date = _date(in_clause, m.start()) or _date(s_time, m.start())
            narrative = None
            if not date and (len(actors) >= 2 or people):
                narrative = _narrative_date(timexes, m.start(), _paragraph_start(doc, sent.start))
            out.append(Span(m.start(), m.end(), etype, sentence=sent.sentence, value=date,
                            attrs={"mode": mode, "actors": actors, "participants": people,
                                   "narrative_date": narrative,
                                   "location": _location(text, s_ment, ed),
                                   "evidence": [sent.start, sent.end]}))
    return out


def events_component(doc: Document, lang: str) -> None:
    """Pipeline step: fill the 'events' layer."""
    doc.set_layer("events", find_events(doc, lang))
