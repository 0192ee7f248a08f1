"""How the words around a trigger change its reading: negated, generic, to come, or a plan."""
from __future__ import annotations

from typing import Any

NEG_WINDOW = 3     # words before a trigger a negation may stand in
PLAN_WINDOW = 8    # words before a trigger a plan cue may stand in
AFTER_WINDOW = 12  # words after a noun trigger its predicate's plan cue may stand in
ADD_WINDOW = 3     # words before a trigger an additive cue may stand in
ACTS = ("SANCTION", "COOPERATE", "RETREAT", "COERCE", "ACCUSE")  # done, not said or asked: a plan cue means not done yet
PROMISED = ("COOPERATE", "RETREAT")  # acts that, announced as to come, are a promise made (PLOVER AGREE)


QUOTE_MARKS = "\"“”‘’'«»"


def _before(text: str, lo: int, pos: int) -> list[str]:
    """The words of text[lo:pos] (at most its last 60 characters); quotation marks are not words (a
    scare-quoted trigger, 'a "deal"', keeps the words before its mark)."""
    words = [w.strip(QUOTE_MARKS) for w in text[max(lo, pos - 60):pos].split()]
    return [w for w in words if w]


def _last(words: list[str], n: int) -> str:
    """The last n of the words, single-spaced."""
    return " ".join(words[-n:])


def _words_before(text: str, lo: int, pos: int, n: int) -> str:
    """The last n words of text[lo:pos], single-spaced (see _before)."""
    return _last(_before(text, lo, pos), n)


def _words_after(text: str, pos: int, hi: int, n: int) -> str:
    """The first n words of text[pos:hi], single-spaced."""
    return " ".join(text[pos:min(hi, pos + 8 * n)].split()[:n])


def reading(text: str, start: int, end: int, clause: tuple[int, int], kind: tuple[str, str],
            noun: bool, cues: Any, sentence: tuple[int, int] | None = None) -> tuple[str, str] | None:
    """(type, mode) of a trigger in its clause, or None when it reports no happening: negated,
    habitual, a generic or negative-polarity noun, a noun for what is still to come (the negation, generic_before,
    polarity_after and future_after lists of lang/<lang>/events.yaml, with examples there); a meeting
    to come is a plan."""
    lo, hi = clause
    etype, mode = kind
    words = _before(text, lo, start)  # split once; each cue reads its own window of the last words
    before = _last(words, NEG_WINDOW)
    if cues.negation.search(cues.not_negation.sub(" ", before)) or cues.habitual.search(before):
        return None  # not done, or done again and again ('phoned many times'): no one happening
    if cues.topic_before.search(text, max(lo, start - 40), start):
        return None  # 'the mechanism of pausing strikes': what a mechanism, issue or chance is about
    after = _words_after(text, end, hi, AFTER_WINDOW)
    if cues.polarity_after.match(after):  # 'this proposal': the one told before, noun or not
        return None
    if cues.stalled_after.search(after):  # 'the signing had stalled after…': it did not happen
        return None
    lead = _last(words, PLAN_WINDOW)  # the words a plan, willing or ready cue may stand in
    if etype == "CONSULT" and _ready_to_meet(lead, cues):
        return "SUPPORT", "statement"  # 'ready to meet Putin in any format', 'to join a meeting': backs the talks
    if noun:
        if cues.generic_before.search(_last(words, 1) + " ") \
                or cues.future_after.match(after):
            return None
    if etype == "AGREE" and not noun and cues.agreed_talks.match(after):
        return "AGREE", "plan"  # 'agreed to keep talking through this channel': talks to come, a plan made
    if noun and cues.plan.search(after) and not cues.content_after.match(after):
        if etype == "CONSULT" and (cues.announce.search(_last(words, 2))
                                   or cues.takes_place.search(_words_after(text, end, hi, AFTER_WINDOW + 3))):
            return "AGREE", "plan"  # 'announced that the meeting will…', 'the meeting will take place in
            # Saudi Arabia': a plan made
        return None  # 'the meeting will/may…': spoken of, not reported ('a deal under which X will…' is one)
    if etype in ("AGREE", "CONSULT") and cues.obligation.search(_last(words, 4)):
        if cues.by_deadline.search(text, end, hi):
            return "THREATEN", "ultimatum"  # 'Moscow must reach a ceasefire deal before 8/8': a deadline set
        return None  # 'Moscow must reach a deal': what must be done, not what was (an act's 'must' is
        # usually the rule it lays down: 'subject to mandatory export licences')
    if (etype == "CONSULT" or etype in ACTS) and cues.willing.search(lead):
        return None  # 'ready to keep negotiating': a readiness, no talks held and no act done
    planned = cues.plan.search(lead)
    if planned and etype == "CONSULT":  # a meeting to come is a plan, not a meeting…
        ahead = lead[:planned.start()]
        if cues.passive.search(ahead) or cues.negation.search(" ".join(ahead.split()[-2:])):
            return None  # …unless the plan is named as a matter ('focused on the preparation for the
            # summit') or denied ('no plan yet for Trump to meet Putin')
        return "AGREE", "plan"
    if planned and etype in ACTS:  # an act still to come ('Moscow will hand back…') has not happened…
        s_lo, s_hi = sentence or clause
        if cues.condition.search(text, s_lo, s_hi):
            return "THREATEN", "threat"  # …but one promised on a condition ('will impose tariffs if…') is a threat,
        return ("AGREE", "plan") if etype in PROMISED else None  # and a release or an easing to come, a promise
    return etype, mode


def _ready_to_meet(before: str, cues: Any) -> bool:
    """An offer to meet, join or host talks among the words before a meeting trigger, not one to go on
    with talks already running (events.yaml 'ready', 'ready_continue')."""
    offer = cues.ready.search(before)
    return offer is not None and not cues.ready_continue.search(before, offer.end())


def additive(text: str, start: int, clause_lo: int, cues: Any) -> bool:
    """An additive cue (events.yaml 'additive') just before the trigger: one more outcome, not a
    retelling of the one told before."""
    return cues.additive.search(_words_before(text, clause_lo, start, ADD_WINDOW)) is not None
