"""Groups a document's event mentions into its events: one per (type, date), dated when any is."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from storyline import timecalc as tc
from storyline.model import Document, Span

# Types whose one happening a story retells in several sentences (the lead, then the details);
# other types (outcomes, proposals, sanctions…) are one event per reporting sentence.
RETOLD = ("CONSULT", "STATEMENT")
# Types that are the outcome of talks: without a place of their own, they happened where the talks were.
OUTCOMES = ("AGREE", "REQUEST", "REJECT", "SUPPORT")
DIRECTED = ("REQUEST", "ACCUSE", "THREATEN", "REJECT")  # types with a source: who asks, accuses, threatens, refuses
HALF_MODES = {"exchange", "release"}  # a release is told as its swap's half
KIN_MODES = ({"agreement", "plan"}, HALF_MODES)


@dataclass
class DocEvent:
    """One event as a document reports it, with every mention that reports it."""

    type: str
    mode: str
    date: str | None
    location: str | None = None
    actors: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)

    @property
    def additive(self) -> bool:
        """Told as one more happening besides those told before (an additive cue at its trigger)."""
        return any(m.attrs.get("additive") for m in self.mentions)

    @property
    def source(self) -> str | None:
        """The state that asks, accuses, threatens… as its first reporting sentence names it."""
        return next((m.attrs["source"] for m in self.mentions if m.attrs.get("source")), None)

    def evidence(self, doc: Document) -> tuple[int, int]:
        """The sentence of the best mention: dated and naming people, with the most people, earliest."""
        best = min(self.mentions, key=lambda m: (-(m.value is not None) - bool(m.attrs.get("participants")),
                                                 -len(m.attrs.get("participants", [])), m.start))
        s, e = best.attrs["evidence"]
        return s, e

    def to_dict(self) -> dict[str, Any]:
        """The annotation-format fields this document can give (id and key come from the store)."""
        return {"type": self.type, "mode": self.mode, "date": self.date, "location": self.location,
                "actors": list(self.actors), "participants": list(self.participants)}


def same_mode(a: str, b: str) -> bool:
    """Two modes one happening can be told in: equal, or an agreement and the plan it sets
    ('agreed to meet')."""
    return a == b or {a, b} in KIN_MODES


def told_as_one(a: str, b: str) -> bool:
    """Two modes one document tells one happening in: equal, or a release and the swap it is half of; an
    agreement and a plan it tells in two sentences are two outcomes ('agreed on banking; agreed to keep
    talking'), though another document may call one the other (same_mode)."""
    return a == b or {a, b} == HALF_MODES


def _compatible(a: str | None, b: str | None) -> bool:
    """Two dates that can name the same day ('2025-08' and '2025-08-15')."""
    if a is None or b is None:
        return False
    return a.startswith(b) or b.startswith(a)


def _refines(event_date: str | None, day: str) -> bool:
    """A day inside the month (or year) an event was told with: the same meeting, told more precisely."""
    parsed = tc.parse_value(day)
    return bool(event_date and parsed and parsed[1] == "day" and day.startswith(event_date + "-"))


def _same_parties(ev: DocEvent, m: Span) -> bool:
    """Whether a mention can be the same happening as an event: the states they name do not
    disagree (each sentence of a story names different people, so people do not decide)."""
    states, theirs = set(m.attrs.get("actors", [])), set(ev.actors)
    if states and theirs and not states & theirs:
        return False
    if len(states) >= 2 and len(theirs) >= 2:
        return len(states & theirs) >= 2
    return True


def group_events(doc: Document) -> list[DocEvent]:
    """Dated mentions open events (by type and date); undated ones join a compatible event of the
    same type and mode that shares a participant or place, else are left out as undatable."""
    events: list[DocEvent] = []
    mentions = sorted(doc.layer("events"), key=lambda m: (m.value is None, m.start))
    for m in mentions:
        target = None
        if m.attrs.get("retold") and m.value is None:  # 'This is the third time X met Y': the last such
            target = next((ev for ev in reversed(events) if ev.type == m.label  # meeting told before it
                           and min(x.start for x in ev.mentions) < m.start and _same_parties(ev, m)), None)
        for ev in ([] if target else events):
            if ev.type != m.label:
                continue
            if ev.type not in RETOLD and (ev.mentions[0].sentence != m.sentence
                                          or not same_mode(ev.mode, m.attrs.get("mode", ""))):
                continue  # outcomes, proposals, sanctions: each sentence, and each mode in it, reports its own
            if m.value is not None and (ev.date == m.value or (
                    _compatible(ev.date, m.value) and tc.parse_value(m.value)[1] != "day")) \
                    and _same_parties(ev, m):
                target = ev
                break
            if m.value is not None and ev.type in RETOLD and _refines(ev.date, m.value) and _same_parties(ev, m):
                target, ev.date = ev, m.value  # 'the summit in Alaska in August … the talks on 15/8'
                break
            if m.value is None and ev.mode == m.attrs.get("mode") and _same_parties(ev, m) and (
                    set(ev.participants) & set(m.attrs.get("participants", []))
                    or (ev.location and ev.location == m.attrs.get("location"))):
                target = ev
                break
        if target is None:
            date = m.value or m.attrs.get("narrative_date")
            if date is None:
                continue
            target = next((ev for ev in events if ev.type == m.label and ev.date == date
                           and (ev.type in RETOLD or (ev.mentions[0].sentence == m.sentence
                                                      and same_mode(ev.mode, m.attrs.get("mode", ""))))
                           and _same_parties(ev, m)), None) or _the_day_s(events, m, date)
            if target is None:
                target = DocEvent(m.label, m.attrs.get("mode", ""), date)
                events.append(target)
        target.mentions.append(m)
        target.location = target.location or m.attrs.get("location")
        for key, field_ in (("actors", target.actors), ("participants", target.participants)):
            for v in m.attrs.get(key, []):
                if v not in field_:
                    field_.append(v)
    _outcomes_where_they_met(events)
    return sorted(events, key=lambda e: min(x.start for x in e.mentions))


def _the_day_s(events: list[DocEvent], m: Span, day: str) -> DocEvent | None:
    """'Fidan, who chaired the meeting, …': a meeting named by a noun, undated, not told as one more
    and naming at most one state, is the one meeting of the day the text speaks of."""
    if m.label not in RETOLD or m.value is not None or not m.attrs.get("noun") or m.attrs.get("additive") \
            or len(m.attrs.get("actors", [])) > 1:
        return None  # (a sentence naming two states tells whose meeting it is)
    same_day = [ev for ev in events if ev.type == m.label and ev.date == day and ev.mode == m.attrs.get("mode")]
    return same_day[0] if len(same_day) == 1 else None


def _outcomes_where_they_met(events: list[DocEvent]) -> None:
    """An outcome told without a place (agreed, asked, refused…) took place where the same day's
    meeting between the same parties did ('both sides agreed…' after 'talks in Istanbul')."""
    meetings = [e for e in events if e.type == "CONSULT" and e.mode != "phone" and e.location and e.date]
    for ev in events:
        if ev.location or ev.type not in OUTCOMES or not ev.date:
            continue
        met = next((e for e in meetings if e.date == ev.date
                    and (not ev.actors or set(ev.actors) & set(e.actors))), None)
        if met is not None:
            ev.location = met.location
