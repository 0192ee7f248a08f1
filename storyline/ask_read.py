"""Reading a question: what kind of answer it wants (its cue), and the entities, event types and words it names."""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from storyline import kb
from storyline import lang as langdata
from storyline.analyze.events import event_data
from storyline.analyze.time_rules import lower_same_length
from storyline.search import WORD, fold, terms
from storyline.store.db import Store

MAX_NGRAM = 6


class AskError(ValueError):
    """A question the reader cannot work with; the message says what a question should look like."""


@dataclass(frozen=True)
class AskData:
    """Compiled question cues of one language."""

    cue: "re.Pattern[str]"
    kinds: dict[str, str]
    types: dict[str, tuple[str, ...]]
    filler: frozenset[str]
    starters: tuple[str, ...]


@functools.lru_cache(maxsize=None)
def ask_data(lang: str = "vi") -> AskData:
    """Cue patterns generated from lang/<lang>/ask.yaml (longest cue first)."""
    data = langdata.load(lang, "ask")
    kinds: dict[str, str] = {}
    types: dict[str, tuple[str, ...]] = {}
    for entry in data["kinds"]:
        for cue in entry["cues"]:
            kinds.setdefault(cue.casefold(), entry["kind"])
        types[entry["kind"]] = tuple(entry.get("types", ()))
    filler = frozenset(" ".join(terms(w)) for w in data.get("filler", []))
    pattern = re.compile(r"(?<!\w)(?P<cue>" + langdata.alternation(kinds) + r")(?!\w)", re.IGNORECASE)
    return AskData(pattern, kinds, types, filler, tuple(e["cues"][0] for e in data["kinds"]))


@dataclass
class Reading:
    """What a question asks: the kind of answer, the entities and event types it names, its other words."""

    question: str
    kind: str
    cue: tuple[int, int]
    entities: list[dict[str, Any]] = field(default_factory=list)
    types: list[tuple[str, str]] = field(default_factory=list)
    words: list[str] = field(default_factory=list)      # folded content words, entities left out
    all_words: list[str] = field(default_factory=list)  # folded content words, entity names kept
    unknown: list[str] = field(default_factory=list)    # capitalized words no stored entity matched
    trigger_words: list[str] = field(default_factory=list)  # folded words of the event triggers named

    def names(self, before: int | None = None, after: int | None = None) -> list[dict[str, Any]]:
        """The entities named before or after a position."""
        return [e for e in self.entities if (before is None or e["end"] <= before)
                and (after is None or e["start"] >= after)]


def _capitalized(text: str) -> bool:
    return all(w[0].isupper() or w[0].isdigit() for w in text.split())


def _entities(store: Store, question: str, skip: tuple[int, int]) -> list[dict[str, Any]]:
    """Stored entities named in the question, longest alias first, left to right."""
    from storyline.entity_view import find

    toks = [m for m in WORD.finditer(question) if not (skip[0] <= m.start() < skip[1])]
    cased = any(m.group(0)[0].isupper() for m in WORD.finditer(question) if m.start() > 0)
    out: list[dict[str, Any]] = []
    i = 0
    while i < len(toks):
        for n in range(min(MAX_NGRAM, len(toks) - i), 0, -1):
            s, e = toks[i].start(), toks[i + n - 1].end()
            if skip[0] < e and s < skip[1]:
                continue
            text = question[s:e]
            if not _capitalized(text) and (cased or len(kb.fold(text).replace(" ", "")) < 5):
                continue
            hits = find(store, text)
            if hits:
                eid, name, etype, _n = hits[0]
                out.append({"id": eid, "name": name, "type": etype, "start": s, "end": e, "text": text})
                i += n
                break
        else:
            i += 1
    return out


def content_words(question: str, skip: list[tuple[int, int]], filler: frozenset[str]) -> list[str]:
    """Folded words outside the skipped ranges, filler words (one or two words long) left out."""
    toks = [fold(m.group(0)) for m in WORD.finditer(question)
            if not any(a <= m.start() < b for a, b in skip)]
    out, i = [], 0
    while i < len(toks):
        if i + 1 < len(toks) and f"{toks[i]} {toks[i + 1]}" in filler:
            i += 2
        elif toks[i] in filler:
            i += 1
        else:
            out.append(toks[i])
            i += 1
    return out


def read(store: Store, question: str, lang: str = "vi") -> Reading:
    """Read a question: its kind (from the longest cue), the entities, event types and words in it."""
    q = unicodedata.normalize("NFC", " ".join(question.split()))
    ad = ask_data(lang)
    cues = list(ad.cue.finditer(q))
    if not cues:
        raise AskError(f"cannot tell what {question!r} asks for; ask with one of: {', '.join(ad.starters)}")
    best = max(cues, key=lambda m: (len(m.group(0)), -m.start()))
    kind = ad.kinds[best.group(0).casefold()]
    cue = (best.start(), best.end())
    r = Reading(q, kind, cue, _entities(store, q, cue))
    ed = event_data(lang)
    triggers = []
    for m in ed.trigger.finditer(lower_same_length(q)):  # the trigger table reads lower-cased text
        if kind == "events" or not (cue[0] <= m.start() < cue[1]):
            r.types.append(ed.kinds[m.group(0).casefold()])
            triggers.append((m.start(), m.end()))
            r.trigger_words += terms(m.group(0))
    named = [cue] + [(e["start"], e["end"]) for e in r.entities] + triggers
    r.unknown = [fold(m.group(0)) for m in WORD.finditer(q) if m.start() > 0 and m.group(0)[0].isupper()
                 and not any(a <= m.start() < b for a, b in named)]
    r.types += [(t, "") for t in ad.types.get(kind, ())]
    r.all_words = content_words(q, [cue], ad.filler)
    r.words = content_words(q, [cue] + [(e["start"], e["end"]) for e in r.entities], ad.filler)
    return r
