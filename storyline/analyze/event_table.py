"""The events component's language data, compiled once per language: the trigger table (surface to
type and mode) and the cue patterns that change a trigger's reading, from lang/<lang>/events.yaml."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from storyline import lang as langdata
from storyline.analyze.quotes import quote_data
from storyline.analyze.regex_trie import word_alternation
from storyline.analyze.regex_first import gated
from storyline.analyze.time_rules import load_time, lower_same_length


@dataclass(frozen=True, slots=True)
class EventData:
    """Compiled trigger table and cue patterns of one language."""

    trigger: "re.Pattern[str]"
    kinds: dict[str, tuple[str, str] | None]
    negation: "re.Pattern[str]"
    not_negation: "re.Pattern[str]"
    occasion_intro: "re.Pattern[str]"
    plan: "re.Pattern[str]"
    willing: "re.Pattern[str]"
    ready: "re.Pattern[str]"
    ready_continue: "re.Pattern[str]"
    over_time: "re.Pattern[str]"
    stalled_after: "re.Pattern[str]"
    later_step: "re.Pattern[str]"
    list_word: "re.Pattern[str]"
    obligation: "re.Pattern[str]"
    list_tail: "re.Pattern[str]"
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
    passive_at: "re.Pattern[str]"
    nouns: frozenset[str]
    meeting_nouns: frozenset[str]   # the nouns whose trigger is a CONSULT (a meeting, a round of talks)
    person_object: frozenset[str]
    needs: dict[str, "re.Pattern[str]"]  # trigger surface -> the words its clause must hold (a group's needs:)
    judged: frozenset[str]
    judgement_after: "re.Pattern[str]"
    place_object: frozenset[str]
    goer_subject: frozenset[str]  # surfaces that need a person (or a word for one) right before them
    goer_gap: "re.Pattern[str]"    # what may stand between that person and the trigger (aspect words)
    goer_words: "re.Pattern[str]"  # a word for a person ('I', 'he') then that gap, ending where the trigger starts
    only_alone: frozenset[str]
    shift: "re.Pattern[str]"
    after_years: frozenset[str]
    anniversary_of: frozenset[str]
    title_next: "re.Pattern[str]"
    plural_before: "re.Pattern[str]"
    anniversary_cue: "re.Pattern[str]"
    frame: frozenset[str]
    speech_verbs: "re.Pattern[str]"
    source_intro: "re.Pattern[str]"  # 'according to': quotes.yaml's source words
    pair: "re.Pattern[str]"
    points_back: "re.Pattern[str]"
    copula: "re.Pattern[str]"
    other_zone: "re.Pattern[str]"
    indefinite: "re.Pattern[str]"
    not_indefinite: "re.Pattern[str]"
    topic_intro: "re.Pattern[str]"
    occasion_opener: "re.Pattern[str]"
    carry_over: "re.Pattern[str]"  # an opener going on with the time just told (carry_over, outcome_opener)
    condition: "re.Pattern[str]"
    content_after: "re.Pattern[str]"
    deadline: "re.Pattern[str]"
    by_deadline: "re.Pattern[str]"
    takes_place: "re.Pattern[str]"
    agreed_talks: "re.Pattern[str]"
    conflict_before: "re.Pattern[str]"
    expected: "re.Pattern[str]"
    announce: "re.Pattern[str]"
    possessive: "re.Pattern[str]"
    about: "re.Pattern[str]"
    backdrop_after: "re.Pattern[str]"
    topic_before: "re.Pattern[str]"
    since: "re.Pattern[str]"
    since_next: "re.Pattern[str]"
    inexact: frozenset[str]  # first words of what makes a duration approximate (time data's duration_qualifier)


@functools.lru_cache(maxsize=None)
def event_data(lang: str) -> EventData:
    """Patterns generated from lang/<lang>/events.yaml (longest trigger first)."""
    data = langdata.load(lang, "events")
    titles = langdata.load(lang, "titles")
    caps = [t for g in titles["titles"] for t in g["surface"] if t[:1].isupper()]
    prefixes = [t for t in titles["prefixes"]["surface"] if t[:1].isupper()]
    kinds: dict[str, tuple[str, str] | None] = {}

    def flagged(flag: str) -> frozenset[str]:
        """The surfaces of the trigger groups carrying a flag (person_object, only_alone…)."""
        return frozenset(s.casefold() for g in data["triggers"] if g.get(flag) for s in g["surface"])

    def words(key: str, before: str = "", after: str = "") -> "re.Pattern[str]":
        """One events.yaml list as a whole-word pattern, with what must stand before and after it."""
        return re.compile(before + word_alternation(data[key]) + after, re.IGNORECASE)

    def forward_back(after: str, before: str, tail: str) -> "re.Pattern[str]":
        """Two lists telling a count of days forward (group 'after') or back (group 'before')."""
        return re.compile(r"\s+(?:(?P<after>" + word_alternation(data[after]) + r")|(?P<before>"
                          + word_alternation(data[before]) + r"))" + tail, re.IGNORECASE)

    noun_heads = {w.casefold() for w in data["noun_heads"]}
    for group in data["triggers"]:
        for surface in group["surface"]:
            kinds.setdefault(surface.casefold(), (group["type"], group["mode"]))
    for surface in data["not_triggers"]:  # longer phrases that hold a trigger word but are none
        kinds.setdefault(surface.casefold(), None)
    nouns = frozenset(s for s in kinds if any(s == h or s.startswith(h + " ") for h in noun_heads))
    # triggers are scanned over lower-cased text (time_rules.lower_same_length): a gated prefix tree
    # (spaces as runs: a quotation mark inside a trigger is read as a space, see events.find_events)
    trigger = gated(word_alternation({lower_same_length(k) for k in kinds}, spaced=True))
    return EventData(trigger, kinds,
                     words("negation"),
                     words("not_negation"),
                     words("occasion_intro", after=r"\s*$"),
                     words("plan"),
                     words("willing"),
                     words("ready"),
                     words("ready_continue"),
                     words("over_time", after=r"\s*$"),
                     words("stalled_after", r"^(?:\S+\s+){0,3}?"),
                     words("later_step", after=r"\s+(?:\S+\s+){0,2}$"),
                     words("list_and", r"\s*", r"\s"),
                     re.compile(r"(?:^|\s)(?!" + word_alternation(data["obligation_done"]) + r"\s)\S+\s+"
                                + word_alternation(data["obligation"]) + r"(?:\s+\S+){0,2}$|^"
                                + word_alternation(data["obligation"]) + r"(?:\s+\S+){0,2}$", re.IGNORECASE),
                     words("list_and", r",\s+(?:[^\s,.;:]+\s+){1,4}?", r"\s"),
                     words("location_intro", after=r"\s*$"),
                     words("background_cue", after=r"\s*$"),
                     words("background_clause"),
                     words("range_end", after=r"\s*$"),
                     words("generic_before", after=r"\s*$"),
                     words("polarity_after"),
                     words("relative"),
                     words("additive"),
                     words("commentary"),
                     words("future_after"),
                     words("content"),
                     words("not_party_before", after=r"\s*$"),
                     words("both_sides"),
                     words("habitual"),
                     words("passive", r"(?:^|\s)(?:", r")\s+(?:\S+\s+){0,2}$"),
                     words("passive", after=r"\s"),  # a trigger that opens with the passive word ('was arrested')
                     nouns, frozenset(s for s in nouns if kinds[s] and kinds[s][0] == "CONSULT"),
                     flagged("person_object"),
                     {s.casefold(): words(g["needs"]) for g in data["triggers"] if g.get("needs") for s in g["surface"]},
                     flagged("judged"), words("judgement_copula", r"(?:\s+\S+){1,10}?\s+",
                     r"\s+(?:\S+\s+){0,4}?[\"“‘']?" + word_alternation(data["negative_judgement"])),
                     flagged("place_object"), flagged("goer_subject"),
                     words("goer_aspect", r"^\s*(?:", r"\s+){0,2}$"),
                     words("goers", r"(?:^|\s)", r"\s+(?:" + word_alternation(data["goer_aspect"]) + r"\s+){0,2}$"),
                     flagged("only_alone"),
                     forward_back("shift_after", "shift_before", r"\s*,"),
                     flagged("after_years"), frozenset(s.casefold() for s in data["anniversary_of"]),
                     re.compile(r"\s+(?:" + langdata.alternation(prefixes) + r"\s+)?" + langdata.word_alternation(caps)),
                     words("plural_before", after=r"\s+$"),
                     words("anniversary_cue"),
                     flagged("frame"), quote_data(lang).cue, quote_data(lang).source,  # the speech verbs and source words quotes are attributed by
                     words("pair_words", r"\s*[-–—]\s*|\s+", r"\s+"),
                     words("points_back", r"\s*"),
                     words("copula", r"[^,.;:]{0,40}?\s", r"\s"),
                     words("other_zone", r"\s*"),
                     words("indefinite"),
                     words("not_indefinite"),
                     re.compile(r"\s*" + word_alternation(data["about"]) + r"\s+(?:"
                                + word_alternation(data["noun_heads"]) + r"\s+)?", re.IGNORECASE),
                     words("occasion_intro", r"\s*", r"\s+"),  # the occasion words opening a sentence
                     re.compile(r"\s*(?:" + word_alternation(data["carry_over"]) + r"\s*,|"
                                + word_alternation(data["outcome_opener"]) + r"\s)", re.IGNORECASE),
                     words("condition"),
                     words("content_after"),
                     words("deadline", after=r"\s+$"),
                     words("by_deadline"),
                     words("takes_place"),
                     words("agreed_talks", r"^"),
                     words("conflict_before", after=r"\s*$"),
                     words("expected"),
                     words("announce", after=r"$"),
                     words("possessive", r"\s+", r"\s+"),
                     words("about", after=r"\s+$"),
                     words("backdrop_after"),
                     words("topic_before", after=r"(?:\s+\S+){0,2}?\s+$"),  # 'the possibility of resuming talks' too
                     forward_back("since_after", "since_before", r"\s"),
                     forward_back("since_after_next", "since_before_next", r"\s+"),
                     frozenset(q.split()[0] for q in load_time(lang).tables["duration_qualifier"]))
