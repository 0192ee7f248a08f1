"""The 'events' component: PLOVER-coded event mentions with actors, participants, place and date."""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from storyline import lang as langdata
from storyline.analyze import event_cues, event_dates, event_refs
from storyline.analyze.event_dates import clause as _clause
from storyline.analyze.event_groups import OUTCOMES
from storyline.analyze.regex_trie import word_alternation
from storyline import kb, timecalc as tc
from storyline.model import Document, Span

SCARE_QUOTE = 40   # a quote this short inside reported speech may carry the event's words
NON_PARTY_KINDS = ("media", "platform")
RETOLD_TYPES = ("CONSULT",)  # what a pointing-back sentence retells ('this is the first meeting since…')
# what follows one of these in its clause is what was agreed, asked, backed…: not its own event
GOVERNING = ("AGREE", "REQUEST", "SUPPORT", "REJECT", "THREATEN", "ACCUSE", "RETREAT")
PLACE_GAP = 6      # characters between a place and its state's name ('Istanbul (Turkey)')
NEWS_LEAD = 2      # sentences of the body where the story's own day is looked for
OBJECT_GAP = 40    # characters of title a trigger's person object may sit behind
FUTURE_IS_THREAT = ("SANCTION",)  # imposing one that starts after publication is a threat when reported
                                  # (a noun, 'a package holding a ban from 2027', is one adopted)
LEAD_GAP = 12      # characters between a date and the trigger it stands in front of
CLAUSE_BREAK = re.compile(r"[,;:.]")


@dataclass(frozen=True, slots=True)
class EventData:
    """Compiled trigger table and cue patterns of one language."""

    trigger: "re.Pattern[str]"
    kinds: dict[str, tuple[str, str] | None]
    negation: "re.Pattern[str]"
    not_negation: "re.Pattern[str]"
    occasion_intro: "re.Pattern[str]"
    plan: "re.Pattern[str]"
    location_intro: "re.Pattern[str]"
    background: "re.Pattern[str]"
    background_clause: "re.Pattern[str]"
    range_end: "re.Pattern[str]"
    generic_before: "re.Pattern[str]"
    polarity_after: "re.Pattern[str]"
    relative: "re.Pattern[str]"
    additive: "re.Pattern[str]"
    commentary: "re.Pattern[str]"
    future_after: "re.Pattern[str]"
    content: "re.Pattern[str]"
    not_party_before: "re.Pattern[str]"
    both_sides: "re.Pattern[str]"
    habitual: "re.Pattern[str]"
    passive: "re.Pattern[str]"
    nouns: frozenset[str]
    person_object: frozenset[str]
    only_alone: frozenset[str]
    shift: "re.Pattern[str]"
    after_years: frozenset[str]
    anniversary_of: frozenset[str]
    title_next: "re.Pattern[str]"
    plural_before: "re.Pattern[str]"
    anniversary_cue: "re.Pattern[str]"
    frame: frozenset[str]
    speech: "re.Pattern[str]"
    pair: "re.Pattern[str]"
    points_back: "re.Pattern[str]"
    copula: "re.Pattern[str]"


@functools.lru_cache(maxsize=None)
def event_data(lang: str) -> EventData:
    """Patterns generated from lang/<lang>/events.yaml (longest trigger first)."""
    data = langdata.load(lang, "events")
    titles = langdata.load(lang, "titles")
    caps = [t for g in titles["titles"] for t in g["surface"] if t[:1].isupper()]
    prefixes = [t for t in titles["prefixes"]["surface"] if t[:1].isupper()]
    kinds: dict[str, tuple[str, str] | None] = {}
    person_object = {s.casefold() for g in data["triggers"] if g.get("person_object") for s in g["surface"]}
    only_alone = {s.casefold() for g in data["triggers"] if g.get("only_alone") for s in g["surface"]}
    after_years = {s.casefold() for g in data["triggers"] if g.get("after_years") for s in g["surface"]}
    frame = {s.casefold() for g in data["triggers"] if g.get("frame") for s in g["surface"]}
    noun_heads = {w.casefold() for w in data["noun_heads"]}
    for group in data["triggers"]:
        for surface in group["surface"]:
            kinds.setdefault(surface.casefold(), (group["type"], group["mode"]))
    for surface in data["not_triggers"]:  # longer phrases that hold a trigger word but are none
        kinds.setdefault(surface.casefold(), None)
    return EventData(re.compile(word_alternation(list(kinds)), re.IGNORECASE), kinds,
                     re.compile(word_alternation(data["negation"]), re.IGNORECASE),
                     re.compile(word_alternation(data["not_negation"]), re.IGNORECASE),
                     re.compile(word_alternation(data["occasion_intro"]) + r"\s*$", re.IGNORECASE),
                     re.compile(word_alternation(data["plan"]), re.IGNORECASE),
                     re.compile(word_alternation(data["location_intro"]) + r"\s*$", re.IGNORECASE),
                     re.compile(word_alternation(data["background_cue"]) + r"\s*$", re.IGNORECASE),
                     re.compile(word_alternation(data["background_clause"]), re.IGNORECASE),
                     re.compile(word_alternation(data["range_end"]) + r"\s*$", re.IGNORECASE),
                     re.compile(word_alternation(data["generic_before"]) + r"\s*$", re.IGNORECASE),
                     re.compile(word_alternation(data["polarity_after"]), re.IGNORECASE),
                     re.compile(word_alternation(data["relative"]), re.IGNORECASE),
                     re.compile(word_alternation(data["additive"]), re.IGNORECASE),
                     re.compile(word_alternation(data["commentary"]), re.IGNORECASE),
                     re.compile(word_alternation(data["future_after"]), re.IGNORECASE),
                     re.compile(word_alternation(data["content"]), re.IGNORECASE),
                     re.compile(word_alternation(data["not_party_before"]) + r"\s*$", re.IGNORECASE),
                     re.compile(word_alternation(data["both_sides"]), re.IGNORECASE),
                     re.compile(word_alternation(data["habitual"]), re.IGNORECASE),
                     re.compile(r"(?:^|\s)(?:" + word_alternation(data["passive"]) + r")\s+(?:\S+\s+){0,2}$", re.IGNORECASE),
                     frozenset(s for s in kinds if any(s == h or s.startswith(h + " ") for h in noun_heads)),
                     frozenset(person_object), frozenset(only_alone),
                     re.compile(r"\s+(?:(?P<after>" + word_alternation(data["shift_after"]) + r")|(?P<before>"
                                + word_alternation(data["shift_before"]) + r"))\s*,", re.IGNORECASE),
                     frozenset(after_years), frozenset(s.casefold() for s in data["anniversary_of"]),
                     re.compile(r"\s+(?:" + langdata.alternation(prefixes) + r"\s+)?" + langdata.word_alternation(caps)),
                     re.compile(word_alternation(data["plural_before"]) + r"\s+$", re.IGNORECASE),
                     re.compile(word_alternation(data["anniversary_cue"]), re.IGNORECASE),
                     frozenset(frame), re.compile(word_alternation(langdata.load(lang, "quotes")["speech_verbs"]),
                                                  re.IGNORECASE),
                     re.compile(r"\s*[-–—]\s*|\s+" + word_alternation(data["pair_words"]) + r"\s+", re.IGNORECASE),
                     re.compile(r"\s*" + word_alternation(data["points_back"]), re.IGNORECASE),
                     re.compile(r"[^,.;:]{0,40}?\s" + word_alternation(data["copula"]) + r"\s", re.IGNORECASE))


def _within(spans: list[Span], starts: list[int], pos: int) -> bool:
    """pos lies inside one of the (sorted) spans, whose starts are `starts`."""
    k = bisect.bisect_right(starts, pos) - 1
    return k >= 0 and spans[k].start <= pos < spans[k].end


def _in(spans: list[Span], starts: list[int], lo: int, hi: int) -> list[Span]:
    """The (sorted) spans starting in [lo, hi)."""
    return spans[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]


def _news_day(doc: Document, timexes: list[Span]) -> str | None:
    """The day the story is about: the first day named in its first body sentence that is not
    after publication."""
    body = [s for s in doc.layer("sentences") if s.attrs.get("block") not in ("byline", "caption")]
    for sent in body[:NEWS_LEAD]:
        for t in timexes:
            if sent.start <= t.start < sent.end and t.label == "DATE" and not event_dates.is_future(
                    t, doc.published.value):
                parsed = tc.parse_value(t.value)
                if parsed and parsed[1] == "day":
                    return t.value
    return None


def _paragraph_start(doc: Document, pos: int) -> int:
    """Where the block holding pos begins."""
    return next((b.start for b in doc.layer("blocks") if b.start <= pos < b.end), 0)


def _narrative_date(timexes: list[Span], pos: int, lo: int, published: str | None = None) -> str | None:
    """The last day named before pos in its paragraph, not after publication (a deadline is not
    what happened): the time undated sentences speak of."""
    for t in reversed(timexes):
        if lo <= t.start < pos and t.label == "DATE" and not event_dates.is_future(t, published):
            parsed = tc.parse_value(t.value)
            if parsed and parsed[1] == "day":
                return t.value
    return None


def _arguments(text: str, sentence_mentions: list[Span], ed: EventData) -> tuple[list[str], list[str]]:
    """(states, people) named in a sentence: a person's state through their role, metonymy
    resolved; a place named as where it happened ('in Riyadh') or a plain city is no actor."""
    actors: list[str] = []
    people: list[str] = []
    prev: Span | None = None
    for m in sentence_mentions:
        where, prev = prev, m
        if _not_a_party(m):
            continue
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


def _own_dates(dates: list[Span], pos: int, anchors: tuple[int, ...], lo: int, hi: int) -> list[Span]:
    """The clause's dates that follow this trigger before the next one ('the meeting with Putin on
    15/8 and the meeting with Zelensky on 18/8') unless they stand right in front of that one, else
    those between the previous trigger and it."""
    nxt = min((a for a in anchors if a > pos), default=hi)
    prv = max((a for a in anchors if a < pos), default=lo)
    after = [t for t in dates if pos < t.start < min(nxt, hi) and t.start >= lo
             and not (nxt < hi and nxt - t.end <= LEAD_GAP)]  # '... and on 15/8 was sentenced': the next one's
    return after or [t for t in dates if max(prv, lo) <= t.start < pos and t.start < hi]


def _occasion(text: str, pos: int, kind: tuple[str, str], ed: EventData) -> bool:
    """A meeting named as the occasion of what governs it ('agreed at the talks in Riyadh on 18/2')
    is told too, not part of what was agreed."""
    return kind[0] == "CONSULT" and ed.occasion_intro.search(text, max(0, pos - 16), pos) is not None


def _occasion_told(out: list[Span], first: int) -> None:
    """'Today the ministry announced that at the meeting in Istanbul the US side handed over…': a
    meeting named as an occasion at the place of one told before is that meeting, and the outcomes
    the sentence dates like it (the day of the report) happened on its day."""
    for e in out[first:]:
        if e.label != "CONSULT" or not e.attrs.get("occasion") or not e.attrs.get("location") or not e.value:
            continue
        told = next((p for p in reversed(out[:first]) if p.label == "CONSULT" and p.value
                     and p.attrs.get("location") == e.attrs["location"]), None)
        if told is None or told.value == e.value:
            continue
        frame = e.value
        for o in out[first:]:
            if o.value == frame and (o is e or o.label in OUTCOMES):
                o.value = told.value


def _person_follows(text: str, mentions: list[Span], pos: int) -> bool:
    """A person is named right after pos (titles may stand between), in the same clause."""
    nxt = next((m for m in mentions if m.start >= pos and m.label == "PER"), None)
    return nxt is not None and nxt.start - pos <= OBJECT_GAP and not CLAUSE_BREAK.search(text, pos, nxt.start)


def _not_a_party(m: Span) -> bool:
    """Media and platforms report or carry the news; they are not its parties."""
    return kb.kind_of(m.attrs.get("key")) in NON_PARTY_KINDS


def _places_own_state(where: Span | None, m: Span) -> bool:
    """A state named right after one of its own places ('Istanbul (Turkey)', 'Istanbul of
    Turkey') says where, not who."""
    return (where is not None and where.label == "LOC" and m.start - where.end <= PLACE_GAP
            and where.attrs.get("state") == m.attrs.get("state") and where.attrs.get("name") != m.attrs.get("name"))


def _location(text: str, mentions: list[Span], ed: EventData, pos: int, clause: tuple[int, int]) -> str | None:
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


def find_events(doc: Document, lang: str = "vi") -> list[Span]:
    """Event mention spans (the trigger), with type, mode, date, actors, participants, location."""
    ed = event_data(lang)
    text = doc.text
    mentions = sorted(doc.layer("mentions"), key=lambda m: m.start)
    # words inside a long direct quote are speech, not the news; short scare quotes still count
    long_quotes = sorted((q for q in doc.layer("quotes") if q.label == "quote" and q.end - q.start > SCARE_QUOTE),
                         key=lambda q: q.start)
    q_starts = [q.start for q in long_quotes]
    timexes = sorted(doc.layer("timexes"), key=lambda t: t.start)
    m_starts, t_starts = [m.start for m in mentions], [t.start for t in timexes]
    published = doc.published.value
    news_day = _news_day(doc, timexes)
    out: list[Span] = []
    for sent in doc.layer("sentences"):
        if sent.attrs.get("block") in ("byline", "caption"):  # a caption retells the story's news
            continue
        views = ed.commentary.match(text, sent.start) is not None  # observers' views are not news…
        s_ment = _in(mentions, m_starts, sent.start, sent.end)
        s_time = _in(timexes, t_starts, sent.start, sent.end)
        seps = event_dates.clause_seps(text, sent.start, sent.end)  # found once, looked up per trigger and mention
        governed = -1  # the end of the clause whose agreement/request/… governs what follows
        last_end = sent.start
        found = [(m, " ".join(m.group(0).casefold().split()))
                 for m in ed.trigger.finditer(text, sent.start, sent.end)]
        anchors = tuple(m.start() for m, surface in found if ed.kinds[surface] is not None)
        first = len(out)
        back = ed.points_back.match(text, sent.start) is not None  # 'This is the third time…': told already
        described = event_refs.described(text, sent, found, ed)  # 'The meeting in Istanbul was the first step…'
        for m, surface in found:
            if _within(long_quotes, q_starts, m.start()) or _within(mentions, m_starts, m.start()):
                continue
            if governed > m.start() and ed.relative.search(text, last_end, m.start()):
                governed = -1  # a relative clause (the 'relative' words of events.yaml) tells its own event
            years = event_refs.years_of(text, sent, s_time, m.start(), m.end(), ed) if surface in ed.anniversary_of else None
            # an anniversary is told even inside another's content
            if views and years is None:
                continue  # …but the anniversaries they recall are facts
            if ed.kinds[surface] is None or (m.start() < governed and years is None
                                             and not _occasion(text, m.start(), ed.kinds[surface], ed)):
                continue  # not a trigger here, or the content of an agreement, a request…
            if surface in ed.nouns and ed.kinds[surface][0] == "CONSULT" and event_refs.own_body_follows(text, s_ment, m.end(), ed):
                continue  # 'the meeting of Russia's Security Council': a state's body in session, no talks
            if surface in ed.frame and ed.speech.search(text, m.end(), sent.end):
                continue  # a frame trigger (events.yaml) framing what someone said is not the news
            if surface in ed.person_object and not (_person_follows(text, s_ment, m.end())
                                                    or ed.title_next.match(text, m.end())):
                continue  # a person_object trigger (events.yaml) counts only with a person or a title right after
            if surface in ed.after_years and years is None:
                continue  # an after_years trigger (events.yaml) counts only right after a count of years
            c_lo, c_hi = _clause(text, sent.start, sent.end, m.start(), seps)
            read = event_cues.reading(text, m.start(), m.end(), (c_lo, c_hi), ed.kinds[surface],
                                      surface in ed.nouns, ed)
            if read is None:
                continue
            etype, mode = read
            if etype in FUTURE_IS_THREAT and surface not in ed.nouns and any(m.end() <= t.start < c_hi and event_dates.is_future(t, published)
                                                 for t in s_time):
                etype = "THREATEN"  # 'adds a 100% tariff from 1/11', said in October: announced, not imposed
            if etype in GOVERNING:
                governed, last_end = c_hi, m.end()
            actors, people = _arguments(text, s_ment, ed)
            dates = event_dates.usable(text, sent, s_time, m.start(), ed, published, anchors, seps)
            if etype in GOVERNING:  # 'agreed that X and Y swap prisoners on 19/3': that day is what was agreed
                dates = [t for t in dates if not (m.end() <= t.start < c_hi and ed.content.search(text, m.end(), t.start))]
            date = event_dates.pick(_own_dates(dates, m.start(), anchors, c_lo, c_hi), m.start()) \
                or event_dates.pick([t for t in dates if c_lo <= t.start < c_hi], m.start()) \
                or event_dates.pick(dates, m.start())
            if years is not None:  # '30 years of relations' said in 2025: established in 1995
                date = event_refs.anniversary(years, dates, s_time, published)
            narrative = None
            if not date and etype in event_cues.ACTS and ed.passive.search(text, max(c_lo, m.start() - 25), m.start()):
                continue  # 'the property seized by Washington', undated: a state the sentence names, not news
            if not date:  # an undated sentence speaks of the day its paragraph, or its story, is about
                narrative = _narrative_date(timexes, m.start(), _paragraph_start(doc, sent.start), published)
                narrative = event_refs.shifted(text, sent, s_time, narrative, ed) if narrative \
                    else (news_day if (actors or people or ed.both_sides.search(text, c_lo, c_hi)) else None)
            out.append(Span(m.start(), m.end(), etype, sentence=sent.sentence, value=date,
                            attrs={"mode": mode, "actors": actors, "participants": people,
                                   "narrative_date": narrative,
                                   "additive": event_cues.additive(text, m.start(), c_lo, ed),
                                   "location": _location(text, s_ment, ed, m.start(), (c_lo, c_hi)),
                                   "evidence": [sent.start, sent.end]}))
            if _occasion(text, m.start(), (etype, mode), ed):
                out[-1].attrs["occasion"] = True
            if back and etype in RETOLD_TYPES:
                out[-1].attrs["retold"], back = True, False
            if m.start() in described and etype in RETOLD_TYPES:
                out[-1].attrs["retold"], out[-1].value, out[-1].attrs["narrative_date"] = True, None, None
            if surface in ed.nouns and ed.plural_before.search(text, max(c_lo, m.start() - 12), m.start()):
                out.extend(event_refs.each_date(out[-1], _own_dates(dates, m.start(), anchors, c_lo, c_hi), s_ment))
        if len(out) - first > 1:  # an only_alone trigger (events.yaml) yields to any other event of its sentence
            out[first:] = [e for e in out[first:]
                           if " ".join(text[e.start:e.end].casefold().split()) not in ed.only_alone]
        _occasion_told(out, first)
        _own_clause_actors(text, sent, seps, s_ment, out[first:], ed)
        _both_sides(text, sent, seps, out, first, ed)
    return out


def _both_sides(text: str, sent: Span, seps: list[tuple[int, int]], out: list[Span], first: int,
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


def _own_clause_actors(text: str, sent: Span, seps: list[tuple[int, int]], s_ment: list[Span],
                       events: list[Span], ed: EventData) -> None:
    """When a sentence's events stand in different clauses, each takes the states of its own clause
    and people of the clauses holding no event ('after the call with Putin, Trump also phoned
    Zelensky': two calls, two pairs); an event whose own clause names no state keeps the sentence's."""
    where = {id(e): _clause(text, sent.start, sent.end, e.start, seps) for e in events}
    taken = set(where.values())
    if len(taken) < 2:
        return
    at = {id(x): _clause(text, sent.start, sent.end, x.start, seps) for x in s_ment}
    for e in events:
        own = [x for x in s_ment if at[id(x)] == where[id(e)]]
        if not _arguments(text, own, ed)[0]:
            continue  # a clause sharing the sentence's subject ('…talked in Riyadh, and agreed…')
        actors, people = _arguments(text, own + [x for x in s_ment if at[id(x)] not in taken], ed)
        e.attrs["actors"] = actors
        e.attrs["participants"] = people or e.attrs["participants"]


def events_component(doc: Document, lang: str) -> None:
    """Pipeline step: fill the 'events' layer."""
    doc.set_layer("events", find_events(doc, lang))
