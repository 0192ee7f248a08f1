"""Which day an undated sentence speaks of: its paragraph's, the one before it, its story's or its topic's."""
from __future__ import annotations

import re

from storyline import timecalc as tc
from storyline.analyze import event_dates
from storyline.analyze.event_table import EventData
from storyline.model import Document, Span

NEWS_LEAD = 2      # sentences of the body where the story's own day is looked for


def _past_day(t: Span, published: str | None) -> bool:
    """A date naming one day, not after publication (a deadline is not what happened)."""
    if t.label != "DATE" or event_dates.is_future(t, published):
        return False
    parsed = tc.parse_value(t.value)
    return bool(parsed and parsed[1] == "day")


def news_day(doc: Document, timexes: list[Span]) -> str | None:
    """The day the story is about: the first day named in its first body sentence that is not
    after publication."""
    body = [s for s in doc.layer("sentences") if s.attrs.get("block") not in ("byline", "caption")]
    for sent in body[:NEWS_LEAD]:
        for t in timexes:
            if sent.start <= t.start < sent.end and _past_day(t, doc.published.value):
                return t.value
    return None


def paragraph_start(doc: Document, pos: int) -> int:
    """Where the block holding pos begins."""
    return next((b.start for b in doc.layer("blocks") if b.start <= pos < b.end), 0)


def block_before(doc: Document, pos: int) -> int:
    """Where the block before the one holding pos begins (the paragraph just read)."""
    starts = [b.start for b in doc.layer("blocks") if b.start <= pos]
    return starts[-2] if len(starts) > 1 else 0


def narrative_date(timexes: list[Span], pos: int, lo: int, published: str | None = None) -> str | None:
    """The last day named before pos from lo on, not after publication (a deadline is not what
    happened): the time undated sentences speak of."""
    for t in reversed(timexes):
        if lo <= t.start < pos and _past_day(t, published):
            return t.value
    return None


def topic_day(text: str, sent: Span, found: list, out: list[Span], ed: EventData,
              opener: "re.Match[str] | None") -> str | None:
    """The day of the happening a sentence names as its topic ('As for the prisoner swap, Russia freed
    X') or opens by pointing back to (`opener`, the occasion words it opens with: 'After that call, …'):
    the last event of that noun's type told before, whose parts or sequel the sentence tells."""
    topic = ed.topic_intro.match(text, sent.start)
    kind = next((ed.kinds[s] for m, s in found if m.start() == topic.end()), None) if topic else None
    if kind is None and opener:
        kind = next((ed.kinds[s] for m, s in found if m.start() == opener.end() and s in ed.nouns
                     and ed.polarity_after.match(text[m.end():m.end() + 12].strip())), None)
    if kind is None:
        return None
    dated = [e for e in out if e.label == kind[0] and (e.value or e.attrs.get("narrative_date"))]
    told = next((e for e in reversed(dated) if e.attrs["mode"] == kind[1]), dated[-1] if dated else None)
    return (told.value or told.attrs.get("narrative_date")) if told else None
