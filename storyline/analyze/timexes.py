"""The 'timexes' component: tag, infer a missing publication date, resolve every value."""
from __future__ import annotations

import bisect
import datetime as dt
import functools
import re

from storyline import timecalc as tc
from storyline.analyze import pubdate
from storyline.analyze.time_resolve import Context, resolve, underspecified
from storyline.analyze.time_rules import _word_alternation, load_time
from storyline.analyze.time_tagger import Mention, tag
from storyline.model import Document, Published, Span

TODAY: dt.date | None = None  # tests pin this; None means the real date


def today() -> dt.date:
    """The upper bound for inferred publication years."""
    return TODAY or dt.date.today()


@functools.lru_cache(maxsize=None)
def _future_regex(lang: str) -> "re.Pattern[str]":
    """Future-tense cue words of the language."""
    return re.compile(r"(?<!\w)" + _word_alternation(list(load_time(lang).tables["future_cue"])),
                      re.IGNORECASE)


CUE_WINDOW = 60  # characters before a mention, inside its sentence, where a future cue counts


def _future_mentions(doc: Document, mentions: list[Mention], lang: str) -> set[int]:
    """Indexes of mentions that a future cue shortly before them (same sentence) points ahead."""
    sents = doc.layer("sentences")
    starts = [s.start for s in sents]
    cue = _future_regex(lang)
    out = set()
    for i, m in enumerate(mentions):
        if m.spec.get("tense"):
            if m.spec["tense"] == "future":
                out.add(i)
            continue
        k = bisect.bisect_right(starts, m.start) - 1
        lo = max(sents[k].start, m.start - CUE_WINDOW) if 0 <= k < len(sents) else max(0, m.start - CUE_WINDOW)
        if cue.search(doc.text, lo, m.start):
            out.add(i)
    return out


def _sentence_index(doc: Document, pos: int) -> int:
    """The sentence holding a character offset (-1 outside sentences)."""
    sents = doc.layer("sentences")
    k = bisect.bisect_right([s.start for s in sents], pos) - 1
    return k if 0 <= k < len(sents) and pos < sents[k].end else -1


def _reference(doc: Document, guess: pubdate.PubGuess | None) -> dt.date | None:
    """The day relative expressions count from: the given date, or the inferred one."""
    if doc.published.given:
        parsed = tc.parse_value(doc.published.value)
        if parsed is None:
            return None
        day, gran = parsed
        if gran == "day":
            return day
        if guess and guess.ref and guess.ref.year == day.year and (gran == "year" or guess.ref.month == day.month):
            return guess.ref
        return day if gran == "month" else dt.date(day.year, 7, 1)
    return guess.ref if guess else None


def annotate(doc: Document, lang: str) -> None:
    """Set the 'timexes' layer and fill doc.published when the input gave no date."""
    mentions = tag(doc.text, lang)
    future = _future_mentions(doc, mentions, lang)
    guess = pubdate.infer(doc.text, mentions, future, today())
    if not doc.published.given:
        doc.published = Published(guess.value, False, guess.why)
    ref = _reference(doc, guess)
    spans: list[Span] = []
    ctx = Context(ref=ref) if ref else None
    for i, m in enumerate(mentions):
        value = None
        if ctx is not None:
            ctx.future = i in future
            value = resolve(m.spec, ctx)
        elif m.spec.get("kind") == "fixed":
            value = m.spec.get("value")
        elif m.spec.get("kind") == "date" and m.spec.get("year"):
            value = resolve(m.spec, Context(ref=dt.date(m.spec["year"], 7, 1)))
        spans.append(Span(m.start, m.end, m.type, sentence=_sentence_index(doc, m.start), value=value,
                          attrs={"rule": m.rule, "underspecified": underspecified(m.spec)}))
    doc.set_layer("timexes", spans)
