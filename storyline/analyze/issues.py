"""The 'issues' component: sentences that bring up an open issue, with the status they give it."""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import Any

from storyline import lang as langdata
from storyline.analyze.regex_first import gated
from storyline.analyze.regex_trie import word_alternation
from storyline.analyze.time_rules import lower_same_length
from storyline import timecalc as tc
from storyline.model import Document, Span


@dataclass(frozen=True, slots=True)
class IssueData:
    """Compiled cue patterns, the issues' names and the status rules of one language."""

    cue: "re.Pattern[str]"
    issue_of: dict[str, str]
    names: dict[str, str]
    event_status: dict[str, str]
    status_cues: tuple[tuple[str, "re.Pattern[str]"], ...]
    order: tuple[str, ...]


def _alt(words: list[str]) -> "re.Pattern[str]":
    return re.compile(word_alternation(words), re.IGNORECASE)


@functools.lru_cache(maxsize=None)
def issue_data(lang: str) -> IssueData:
    """lang/<lang>/issues.yaml compiled (cues longest first)."""
    data = langdata.load(lang, "issues")
    issue_of = {c.casefold(): i["id"] for i in data["issues"] for c in i["cues"]}
    # the cues are scanned over the whole lower-cased text: a gated prefix tree, not IGNORECASE (which
    # cannot share prefixes across case variants and tries every position)
    cues = gated(word_alternation({lower_same_length(c) for i in data["issues"] for c in i["cues"]}))
    return IssueData(cues, issue_of,
                     {i["id"]: i["name"] for i in data["issues"]}, dict(data["event_status"]),
                     tuple((status, _alt(words)) for status, words in data["status_cues"].items()),
                     tuple(data["statuses"]))


def _status(text: str, start: int, end: int, events: list[Span], idata: IssueData) -> str:
    """Status words of the sentence first, else the strongest status its events give."""
    for status, pattern in idata.status_cues:
        if pattern.search(text, start, end):
            return status
    best = idata.order[0]
    for ev in events:
        status = idata.event_status.get(f"{ev.label}/{ev.attrs.get('mode')}") or idata.event_status.get(ev.label)
        if status and idata.order.index(status) > idata.order.index(best):
            best = status
    return best


def _date(doc: Document, events: list[Span], sent: Span) -> str | None:
    """The sentence's event date, else its most precise date, else the publication date."""
    for ev in events:
        if ev.value or ev.attrs.get("narrative_date"):
            return ev.value or ev.attrs["narrative_date"]
    dated = [t for t in doc.layer("timexes") if sent.start <= t.start < sent.end and t.label == "DATE"
             and tc.parse_value(t.value)]
    if dated:
        return max(dated, key=lambda t: len(t.value)).value
    return doc.published.value


def find_issue_mentions(doc: Document, lang: str = "vi") -> list[Span]:
    """One span per issue per sentence (the first cue), with date, status and evidence sentence."""
    idata = issue_data(lang)
    text = doc.text
    events = sorted(doc.layer("events"), key=lambda e: e.start)
    e_starts = [e.start for e in events]
    sents = [s for s in doc.layer("sentences") if s.attrs.get("block") != "byline"]
    s_starts = [s.start for s in sents]
    out: list[Span] = []
    seen: set[tuple[int, str]] = set()
    for m in idata.cue.finditer(lower_same_length(text)):  # one pass; each cue is placed in its sentence
        k = bisect.bisect_right(s_starts, m.start()) - 1
        if k < 0 or m.end() > sents[k].end:
            continue
        sent = sents[k]
        issue = idata.issue_of[" ".join(text[m.start():m.end()].casefold().split())]
        if (k, issue) in seen:
            continue
        seen.add((k, issue))
        s_events = events[bisect.bisect_left(e_starts, sent.start):bisect.bisect_left(e_starts, sent.end)]
        out.append(Span(m.start(), m.end(), issue, sentence=sent.sentence,
                        value=_date(doc, s_events, sent),
                        attrs={"status": _status(text, sent.start, sent.end, s_events, idata),
                               "evidence": [sent.start, sent.end]}))
    return out


def issues_component(doc: Document, lang: str) -> None:
    """Pipeline step: fill the 'issues' layer."""
    doc.set_layer("issues", find_issue_mentions(doc, lang))


def issue_names(lang: str = "vi") -> dict[str, Any]:
    """Issue id → display name, in the data file's order."""
    return dict(issue_data(lang).names)
