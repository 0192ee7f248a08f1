"""Who and where: the states, people and place an event mention takes from its sentence and clause."""
from __future__ import annotations

import re

from storyline import kb
from storyline.analyze import event_dates, event_refs
from storyline.analyze.event_dates import clause as _clause
from storyline.analyze.event_table import EventData
from storyline.model import Span

NON_PARTY_KINDS = ("media", "platform")
PASSIVE_ACTS = ("COERCE",)  # arrests and sentences told in the passive name no actor but the place
PLACE_GAP = 6      # characters between a place and its state's name ('Istanbul (Turkey)')
OBJECT_GAP = 40    # characters of title a trigger's person object may sit behind
CLAUSE_BREAK = re.compile(r"[,;:.]")


def arguments(text: str, sentence_mentions: list[Span], ed: EventData) -> tuple[list[str], list[str]]:
    """(states, people) named in a sentence: a person's state through their role, metonymy
    resolved; a place named as where it happened ('in Riyadh') or a plain city is no actor."""
    actors: list[str] = []
    people: list[str] = []
    prev: Span | None = None
    side_end = -1  # the end of the last state named as a side of a conflict spoken of
    for m in sentence_mentions:
        where, prev = prev, m
        if _not_a_party(m):
            continue
        if ed.conflict_before.search(text, max(0, m.start - 30), m.start) or (
                side_end >= 0 and ed.pair.fullmatch(text, side_end, m.start)):
            side_end = m.end  # 'to discuss the conflict between Israel and Iran': the topic, not a party
            continue
        side_end = -1
        if m.label == "LOC" and not m.attrs.get("metonymy") and (
                m.attrs.get("name") != m.attrs.get("state")
                or ed.location_intro.search(text, max(0, m.start - 20), m.start)
                or ed.not_party_before.search(text, max(0, m.start - 20), m.start)
                or _places_own_state(where, m)):
            continue
        state = m.attrs.get("state")
        if state and state not in actors:
            actors.append(state)
        if m.label == "PER" and m.attrs.get("name") and m.attrs["name"] not in people:
            people.append(m.attrs["name"])
    return actors, people


def source(text: str, mentions: list[Span], ed: EventData, clause: tuple[int, int], start: int,
           end: int) -> str | None:
    """Who proposes, accuses, threatens: the state named last before the trigger in its clause
    ('Kiev proposed…'), or the owner named right after it ('the proposal of Russia'); none for a topic
    ('on the proposal…'): events.yaml's possessive and about lists."""
    lo, hi = clause
    if ed.about.search(text, max(lo, start - 16), start):
        return None  # 'no comment yet on the request...': a topic, whoever made it
    owner = ed.possessive.match(text, end)
    if owner:
        after, _people = arguments(text, [m for m in mentions if owner.end() <= m.start < hi][:1], ed)
        return after[0] if after else None
    actors, _people = arguments(text, [m for m in mentions if lo <= m.start < start], ed)
    return actors[-1] if actors else None


def _not_a_party(m: Span) -> bool:
    """Media and platforms report or carry the news; they are not its parties."""
    return kb.kind_of(m.attrs.get("key")) in NON_PARTY_KINDS


def _places_own_state(where: Span | None, m: Span) -> bool:
    """A state named right after one of its own places ('Istanbul (Turkey)', 'Istanbul of
    Turkey') says where, not who."""
    return (where is not None and where.label == "LOC" and m.start - where.end <= PLACE_GAP
            and where.attrs.get("state") == m.attrs.get("state") and where.attrs.get("name") != m.attrs.get("name"))


def person_follows(text: str, mentions: list[Span], pos: int) -> bool:
    """A person is named right after pos (titles may stand between), in the same clause."""
    nxt = next((m for m in mentions if m.start >= pos and m.label == "PER"), None)
    return nxt is not None and nxt.start - pos <= OBJECT_GAP and not CLAUSE_BREAK.search(text, pos, nxt.start)


def place_follows(mentions: list[Span], pos: int) -> bool:
    """A place (a country, a city, a region) is named right after pos."""
    nxt = next((m for m in mentions if m.start >= pos), None)
    return nxt is not None and nxt.start - pos <= 1 and nxt.label == "LOC"


def goer_before(text: str, mentions: list[Span], pos: int, ed: EventData) -> bool:
    """A person, or a word standing for one, goes right before pos (aspect words may stand between):
    'Dmitriev went to the US', not 'exports to Russia'."""
    prev = next((m for m in reversed(mentions) if m.end <= pos), None)
    if prev is not None and prev.label == "PER" and ed.goer_gap.match(text[prev.end:pos]):
        return True
    return ed.goer_words.search(text, max(0, pos - 40), pos) is not None


def location(text: str, mentions: list[Span], ed: EventData, pos: int, clause: tuple[int, int]) -> str | None:
    """The place introduced by an 'at'/'in' word (location_intro) that is not itself a state:
    the one in the trigger's clause, a city before a venue ('at Diriyah Palace in Riyadh'),
    else the one nearest the trigger."""
    best: tuple[int, int, int, str] | None = None
    for m in mentions:
        if m.label != "LOC" or m.attrs.get("metonymy"):
            continue
        if ed.location_intro.search(text, max(0, m.start - 20), m.start):
            name = m.attrs.get("name")
            if name and name != m.attrs.get("state"):
                key = (0 if clause[0] <= m.start < clause[1] else 1, 0 if event_refs.is_city(m) else 1,
                       abs(m.start - pos), name)
                best = key if best is None or key < best else best
    if best is not None and best[0] == 1 and any(  # 'at the White House' in its own clause: not another clause's city
            clause[0] <= m.start < clause[1] and m.label != "PER"
            and ed.location_intro.search(text, max(0, m.start - 20), m.start) for m in mentions):
        return None
    return best[3] if best else None


def both_sides(text: str, sent: Span, seps: list[tuple[int, int]], out: list[Span], first: int,
                ed: EventData) -> None:
    """'Both sides agreed…': an event whose clause says 'the two sides' (events.yaml 'both_sides')
    and names at most one of them takes the pair of the last event told with two states."""
    pair = next((e.attrs["actors"][:2] for e in reversed(out[:first]) if len(e.attrs["actors"]) >= 2), None)
    if pair is None:
        return
    for e in out[first:]:
        c_lo, c_hi = _clause(text, sent.start, sent.end, e.start, seps)
        actors = e.attrs["actors"]
        if len(actors) < 2 and set(actors) <= set(pair) and ed.both_sides.search(text, c_lo, c_hi):
            e.attrs["actors"] = list(pair)


def own_clause_actors(text: str, sent: Span, seps: list[tuple[int, int]], s_ment: list[Span],
                       events: list[Span], ed: EventData) -> None:
    """When a sentence's events stand in different clauses, each takes the states of its own clause
    and people of the clauses holding no event ('after the call with Putin, Trump also phoned
    Zelensky': two calls, two pairs); an event whose own clause names no state keeps the sentence's
    (a clause sharing the sentence's subject: '…talked in Riyadh, and agreed…'). An event setting the
    scene in an 'after' clause takes its own clause's states only, alone in its sentence too ('right
    after the call with Putin, Trump briefed Zelensky': the call was with Russia)."""
    if not events:
        return  # (most sentences with a trigger word: no event to give states to)
    where = {id(e): _clause(text, sent.start, sent.end, e.start, seps) for e in events}
    taken = set(where.values())
    at = {id(x): _clause(text, sent.start, sent.end, x.start, seps) for x in s_ment}
    for e in events:
        own = [x for x in s_ment if at[id(x)] == where[id(e)]]
        states = arguments(text, own, ed)[0]
        if not states:
            continue
        if len(taken) >= 2:
            actors, people = arguments(text, own + [x for x in s_ment if at[id(x)] not in taken], ed)
            e.attrs["actors"] = actors
            e.attrs["participants"] = people or e.attrs["participants"]
        if event_dates.in_scene(text, sent, seps, e.start, ed):
            e.attrs["actors"] = states


def passive_place_actors(text: str, sent: Span, events: list[Span], ed: EventData) -> None:
    """An arrest or sentence told in the passive ('she was arrested in Yekaterinburg') names no actor:
    the state its place belongs to comes first."""
    for e in events:
        if e.label not in PASSIVE_ACTS or not (ed.passive_at.match(text, e.start)
                                               or ed.passive.search(text, max(sent.start, e.start - 25), e.start)):
            continue
        where = kb.get(kb.slug(e.attrs.get("location") or ""))
        state = kb.get(where.state) if where is not None and where.state else None
        if state is not None:
            e.attrs["actors"] = [state.name, *(a for a in e.attrs["actors"] if a != state.name)]
