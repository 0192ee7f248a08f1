"""The 'events' component: PLOVER-coded event mentions with actors, participants, place and date."""
from __future__ import annotations

import bisect
import re

from storyline.analyze import event_args, event_cues, event_dates, event_days, event_refs
from storyline.analyze.event_dates import clause as _clause
from storyline.analyze.event_groups import DIRECTED, OUTCOMES
from storyline.analyze.event_table import EventData, event_data
from storyline.analyze.regex_starts import word_char
from storyline.analyze.time_rules import lower_same_length
from storyline.model import Document, Span

SCARE_QUOTE = 40   # a quote this short inside reported speech may carry the event's words
RETOLD_TYPES = ("CONSULT",)  # what a pointing-back sentence retells ('this is the first meeting since…')
# what follows one of these in its clause is what was agreed, asked, backed…: not its own event
GOVERNING = ("AGREE", "REQUEST", "SUPPORT", "REJECT", "THREATEN", "ACCUSE", "RETREAT")
_LONG = re.compile(r"P[\dX.]*[WMY]$")  # a duration of weeks, months or years
_QUOTE_MARK = re.compile("[" + re.escape(event_cues.QUOTE_MARKS) + "]")  # (a dict translate is 10x slower)
FUTURE_IS_THREAT = ("SANCTION",)  # imposing one that starts after publication is a threat when reported
                                  # (a noun, 'a package holding a ban from 2027', is one adopted)
LEAD_GAP = 12      # characters between a date and the trigger it stands in front of
QUOTE_INTRO = re.compile(r"[^.:;“”\"]{0,40}:\s*[“\"«]")  # 'posted on X: “…”': a colon opening a quote


def _within(spans: list[Span], starts: list[int], pos: int) -> bool:
    """pos lies inside one of the (sorted) spans, whose starts are `starts`."""
    k = bisect.bisect_right(starts, pos) - 1
    return k >= 0 and spans[k].start <= pos < spans[k].end


def _in(spans: list[Span], starts: list[int], lo: int, hi: int) -> list[Span]:
    """The (sorted) spans starting in [lo, hi)."""
    return spans[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]


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


def _over_time(text: str, s_time: list[Span], pos: int, ed: EventData) -> bool:
    """A trigger right after 'after <weeks, months or years>' ('after weeks of talks'): talks that
    went on over that time, not one day's happening."""
    for t in s_time:
        if t.label == "DURATION" and t.end <= pos and not text[t.end:pos].strip() \
                and _LONG.match(t.value or "") and ed.over_time.search(text, max(0, t.start - 12), t.start):
            return True
    return False


class _Triggers:
    """The trigger table's matches in each sentence, as scanning the sentence alone finds them, from one
    scan of the whole text: a sentence that a whole-text match crosses into or out of, or that ends
    inside a word, is scanned alone (the whole-text scan may read past its edge there)."""

    def __init__(self, trigger: "re.Pattern[str]", low: str) -> None:
        self.trigger, self.low = trigger, low
        self.found = list(trigger.finditer(low))
        self.starts = [m.start() for m in self.found]

    def within(self, start: int, end: int) -> list[re.Match]:
        lo, hi = bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)
        if (hi > lo and self.found[hi - 1].end() > end) or (lo > 0 and self.found[lo - 1].end() > start) \
                or (end < len(self.low) and word_char(self.low[end])):
            return list(self.trigger.finditer(self.low, start, end))
        return self.found[lo:hi]


def find_events(doc: Document, lang: str = "vi") -> list[Span]:
    """Event mention spans (the trigger), with type, mode, date, actors, participants, location."""
    ed = event_data(lang)
    text = doc.text
    mentions = sorted(doc.layer("mentions"), key=lambda m: m.start)
    # words inside a long direct quote are speech, not the news; short scare quotes still count
    long_quotes = sorted((q for q in doc.layer("quotes") if q.label == "quote" and q.end - q.start > SCARE_QUOTE),
                         key=lambda q: q.start)
    q_starts = [q.start for q in long_quotes]
    # a date restating the moment just named in another time zone (events.yaml other_zone) dates nothing
    timexes = sorted((t for t in doc.layer("timexes") if not ed.other_zone.match(text, t.end)),
                     key=lambda t: t.start)
    m_starts, t_starts = [m.start for m in mentions], [t.start for t in timexes]
    published = doc.published.value
    # what the trigger table is matched on (same offsets): lower case, and quotation marks as spaces, so a
    # scare-quoted part of a trigger ('will impose "secondary tariffs"') still makes it
    low = _QUOTE_MARK.sub(" ", lower_same_length(text))
    news_day = event_days.news_day(doc, timexes)
    triggers = _Triggers(ed.trigger, low)
    out: list[Span] = []
    for sent in doc.layer("sentences"):
        if sent.attrs.get("block") in ("byline", "caption"):  # a caption retells the story's news
            continue
        found = [(m, " ".join(m.group().split())) for m in triggers.within(sent.start, sent.end)]
        if not found:
            continue  # (most sentences: nothing more to read)
        views = ed.commentary.match(text, sent.start) is not None  # observers' views are not news…
        s_ment = _in(mentions, m_starts, sent.start, sent.end)
        s_time = _in(timexes, t_starts, sent.start, sent.end)
        seps = event_dates.clause_seps(text, sent.start, sent.end)  # found once, looked up per trigger and mention
        src = ed.source_intro.match(text, sent.start)  # 'According to Italy's PM Meloni, the Vatican…'
        src_lo, src_hi = (sent.start, next((s for s, _e in seps), sent.start)) if src else (0, 0)
        governed = -1  # the end of the clause whose agreement/request/… governs what follows
        last_end = sent.start
        anchors = tuple(m.start() for m, surface in found if ed.kinds[surface] is not None)
        first = len(out)
        back = ed.points_back.match(text, sent.start) is not None  # 'This is the third time…': told already
        described = event_refs.described(text, sent, found, ed, not any(t.label == 'DATE' for t in s_time))  # 'The meeting in Istanbul was the first step…'
        opener = ed.occasion_opener.match(text, sent.start)  # 'After the meeting, Zelensky said…': the one told
        topic_day = event_days.topic_day(text, sent, found, out, ed, opener)  # 'As for the prisoner swap, …'
        named = {m.start() for m, s in found if opener and m.start() == opener.end() and s in ed.meeting_nouns}
        for m, surface in found:
            if _within(long_quotes, q_starts, m.start()) or _within(mentions, m_starts, m.start()):
                continue
            if governed > m.start() and ed.relative.search(text, last_end, m.start()):
                governed = -1  # a relative clause (the 'relative' words of events.yaml) tells its own event
            # an anniversary is told even inside an observer's view or another event's content
            years = event_refs.years_of(text, sent, s_time, m.start(), m.end(), ed) if surface in ed.anniversary_of else None
            if views and years is None:
                continue  # …the anniversaries observers recall are facts, their views are not news
            occasion = ed.kinds[surface] is not None and _occasion(text, m.start(), ed.kinds[surface], ed)
            if ed.kinds[surface] is None or (m.start() < governed and years is None and not occasion):
                continue  # not a trigger here, or the content of an agreement, a request…
            if surface in ed.meeting_nouns and event_refs.own_body_follows(text, s_ment, m.end(), ed):
                continue  # 'the meeting of Russia's Security Council': a state's body in session, no talks
            if surface in ed.frame and ed.speech_verbs.search(text, m.end(), sent.end):
                continue  # a frame trigger (events.yaml) framing what someone said is not the news
            if surface in ed.person_object and not (event_args.person_follows(text, s_ment, m.end())
                                                    or ed.title_next.match(text, m.end())):
                continue  # a person_object trigger (events.yaml) counts only with a person or a title right after
            if surface in ed.place_object and not event_args.place_follows(s_ment, m.end()):
                continue  # a place_object trigger (events.yaml) counts only with a place right after
            if surface in ed.goer_subject and not event_args.goer_before(text, s_ment, m.start(), ed):
                continue  # a goer_subject trigger (events.yaml) counts only with a person going
            if surface in ed.after_years and years is None:
                continue  # an after_years trigger (events.yaml) counts only right after a count of years
            c_lo, c_hi = _clause(text, sent.start, sent.end, m.start(), seps)
            if surface in ed.needs and not ed.needs[surface].search(text, c_lo, c_hi):
                continue  # a trigger whose group needs a list (events.yaml 'needs') counts only with one in its clause
            if surface in ed.judged and not ed.judgement_after.match(text, m.end(), c_hi):
                continue  # a judged trigger (events.yaml) accuses only when what it calls X is condemning
            read = event_cues.reading(text, m.start(), m.end(), (c_lo, c_hi), ed.kinds[surface],
                                      surface in ed.nouns, ed, (sent.start, sent.end))
            if read is None or _over_time(text, s_time, m.start(), ed):
                continue  # (nothing reported, or 'after weeks of talks': a process, not a day's happening)
            etype, mode = read
            if etype == "STATEMENT" and QUOTE_INTRO.match(text, m.end()):
                continue  # a post or statement that only introduces the quote after its colon is no news
            if etype in FUTURE_IS_THREAT and surface not in ed.nouns and any(m.end() <= t.start < c_hi and event_dates.is_future(t, published)
                                                 for t in s_time):
                etype = "THREATEN"  # 'adds a 100% tariff from 1/11', said in October: announced, not imposed
            if etype in GOVERNING:
                governed, last_end = c_hi, m.end()
                tail = ed.list_tail.match(text, c_hi)  # '…, tariffs and sanctions': the list goes on
                if tail is not None:
                    governed = _clause(text, sent.start, sent.end, tail.end(), seps)[1]
            scene = ed.backdrop_after.search(text, m.end(), sent.end)  # '… took place as Russia struck Ukraine'
            scene_lo = scene.start() if scene else sent.end
            actors, people = event_args.arguments(text, [x for x in s_ment if not (src_lo <= x.start < src_hi)
                                                         and x.start < scene_lo], ed)
            dates = event_dates.usable(text, sent, s_time, m.start(), ed, published, anchors, seps)
            if etype in GOVERNING:  # 'agreed that X and Y swap prisoners on 19/3': that day is what was agreed
                dates = [t for t in dates if not (m.end() <= t.start < c_hi and ed.content.search(text, m.end(), t.start))]
            own = _own_dates(dates, m.start(), anchors, c_lo, c_hi)
            date = event_dates.pick(own, m.start()) \
                or event_dates.pick([t for t in dates if c_lo <= t.start < c_hi], m.start()) \
                or event_dates.pick(dates, m.start())
            since = event_refs.since_day(text, s_time, m.start(), ed, published, lambda: event_days.narrative_date(
                timexes, m.start(), event_days.paragraph_start(doc, sent.start), published) or news_day)
            if since is not None:  # 'on 24/10, two days after the sanctions': the sanctions were on 22/10,
                date = since  # between the parties its own clause names (none: the one told elsewhere)
                actors, people = event_args.arguments(text, [x for x in s_ment if c_lo <= x.start < c_hi], ed)
            if years is not None:  # '30 years of relations' said in 2025: established in 1995
                date = event_refs.anniversary(years, dates, s_time, published)
            narrative = None
            if not date and ed.topic_intro.fullmatch(text, sent.start, m.start()):
                continue  # 'As for the prisoner swap, …': the topic, told before, not a new happening
            if not date and etype in event_cues.ACTS and ed.passive.search(text, max(c_lo, m.start() - 25), m.start()):
                continue  # 'the property seized by Washington', undated: a state the sentence names, not news
            added = event_cues.additive(text, m.start(), sent.start, ed)  # 'also': one more, told after the last
            if not date and (ed.indefinite.search(ed.not_indefinite.sub(" ", text[c_lo:m.start()]))
                             or any(t.value == "PAST_REF" and not text[sent.start:t.start].strip() for t in s_time)
                             or ed.later_step.search(text, max(c_lo, m.start() - 30), m.start())
                             or (mode == "plan" and ed.expected.search(text, sent.start, m.start()))):
                pass  # 'had once confirmed…', 'Earlier, …': some earlier time, not the day the paragraph speaks of;
                # 'X is expected to meet Y next week': a plan that stands, made on no day the text names
            elif not date and topic_day:
                narrative = topic_day  # a part of the happening its sentence names as its topic
            elif not date:  # an undated sentence speaks of the day its paragraph, or its story, is about
                narrative = event_days.narrative_date(timexes, m.start(), event_days.paragraph_start(doc, sent.start),
                                                      published)
                if not narrative and (ed.carry_over.match(text, sent.start) or added):  # 'Meanwhile, …', 'The
                    # clearest outcome was…', 'He also proposed…': the time just told
                    narrative = event_days.narrative_date(timexes, m.start(), event_days.block_before(doc, sent.start),
                                                          published)
                # with no day in its paragraph: the story's day, when it names a party or is a plan told
                # ('the second round will take place…': the news of the story's day, whoever it names)
                narrative = event_refs.shifted(text, sent, s_time, narrative, ed) if narrative \
                    else (news_day if (actors or people or mode == "plan" or ed.both_sides.search(text, c_lo, c_hi))
                          else None)
            out.append(Span(m.start(), m.end(), etype, sentence=sent.sentence, value=date,
                            attrs={"mode": mode, "actors": actors, "participants": people,
                                   "narrative_date": narrative,
                                   "source": event_args.source(text, s_ment, ed, (c_lo, c_hi), m.start(), m.end())
                                   if etype in DIRECTED else None,
                                   "noun": surface in ed.nouns,
                                   "additive": added,
                                   "location": event_args.location(text, s_ment, ed, m.start(), (c_lo, c_hi)),
                                   "evidence": [sent.start, sent.end]}))
            if occasion:
                out[-1].attrs["occasion"] = True
            if back and etype in RETOLD_TYPES:
                out[-1].attrs["retold"], back = True, False
            if m.start() in described and etype in RETOLD_TYPES:
                out[-1].attrs["retold"], out[-1].value, out[-1].attrs["narrative_date"] = True, None, None
            if m.start() in named and not date:  # the meeting just told, whoever the rest of its sentence names
                out[-1].attrs.update(retold=True, narrative_date=None, actors=[], participants=[])
            if surface in ed.nouns and ed.plural_before.search(text, max(c_lo, m.start() - 12), m.start()):
                out.extend(event_refs.each_date(out[-1], own, s_ment))
            elif surface not in ed.nouns and out[-1].value and etype in RETOLD_TYPES:
                # 'met Putin in Moscow in February and March, and in St. Petersburg on 11/4': one per date
                listed = event_refs.listed_dates(text, own, dates, c_hi, anchors, sent.end, seps, ed)
                out.extend(event_refs.each_date(out[-1], listed, s_ment))
        alone = [e for e in out[first:] if " ".join(text[e.start:e.end].casefold().split()) in ed.only_alone]
        if alone and any(e not in alone and not event_dates.in_scene(text, sent, seps, e.start, ed)
                         for e in out[first:]):
            out[first:] = [e for e in out[first:] if e not in alone]  # an only_alone trigger (events.yaml)
            # yields to any other event of its sentence, unless those only set the scene ('after talks with…')
        _occasion_told(out, first)
        event_args.passive_place_actors(text, sent, out[first:], ed)
        event_args.own_clause_actors(text, sent, seps, s_ment, out[first:], ed)
        event_args.both_sides(text, sent, seps, out, first, ed)
    return out


def events_component(doc: Document, lang: str) -> None:
    """Pipeline step: fill the 'events' layer."""
    doc.set_layer("events", find_events(doc, lang))
