"""Phrase tables for mention detection, built once per language from lang/<code>/ data and the KB."""
from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from storyline import kb
from storyline import lang as langdata

TOKEN = re.compile(r"\w+|[^\w\s]")


def tokens_of(text: str) -> tuple[str, ...]:
    """The tokens a phrase is matched on: words and single punctuation marks."""
    return tuple(TOKEN.findall(text))


class PhraseTable:
    """Token-sequence → value lookups, longest match first (dict probes, no regex backtracking)."""

    __slots__ = ("first", "table")

    def __init__(self) -> None:
        self.first: dict[str, int] = {}
        self.table: dict[tuple[str, ...], Any] = {}

    def add(self, phrase: str, value: Any = True, capitalize: bool = True) -> None:
        """Add a phrase (and its sentence-initial capitalized form); the first value added wins."""
        variants = [tokens_of(phrase)]
        if capitalize and phrase[:1].islower():
            variants.append(tokens_of(phrase[:1].upper() + phrase[1:]))
        for toks in variants:
            if not toks or toks in self.table:
                continue
            self.table[toks] = value
            self.first[toks[0]] = max(self.first.get(toks[0], 0), len(toks))

    def longest(self, toks: list[str], i: int, limit: int | None = None) -> tuple[int, Any] | None:
        """(length, value) of the longest phrase starting at toks[i], or None."""
        most = self.first.get(toks[i])
        if most is None:
            return None
        end = len(toks) if limit is None else min(limit, len(toks))
        table = self.table
        for n in range(min(most, end - i), 0, -1):
            val = table.get(tuple(toks[i:i + n]))
            if val is not None:
                return n, val
        return None

    def __contains__(self, phrase: str) -> bool:
        return tokens_of(phrase) in self.table

    def __len__(self) -> int:
        return len(self.table)


@dataclass(frozen=True, slots=True)
class Alias:
    """A gazetteer hit: the KB entity and the alias flags (ambiguous, pair_only)."""

    eid: str
    flags: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Head:
    """An organisation or place head and how it names what follows."""

    kind: str  # ministry | org | subunit | media | place
    en: str | None = None
    at_place: bool = False
    part_of_name: bool = True


@dataclass
class Lexicon:
    """Everything the mention finder looks up, for one language."""

    gazetteer: PhraseTable = field(default_factory=PhraseTable)
    titles: PhraseTable = field(default_factory=PhraseTable)
    prefixes: frozenset[str] = frozenset()
    honorifics: PhraseTable = field(default_factory=PhraseTable)
    heads: PhraseTable = field(default_factory=PhraseTable)
    role_words: PhraseTable = field(default_factory=PhraseTable)
    openers: PhraseTable = field(default_factory=PhraseTable)
    appointment: PhraseTable = field(default_factory=PhraseTable)
    part_of: frozenset[str] = frozenset()
    name_joiners: frozenset[str] = frozenset()
    at_place: frozenset[str] = frozenset()
    appositive_end: frozenset[str] = frozenset()
    joiners: frozenset[str] = frozenset()
    name_stop: frozenset[str] = frozenset()
    locative: frozenset[str] = frozenset()
    language_words: frozenset[str] = frozenset()
    not_after_ambiguous: frozenset[str] = frozenset()
    pair_marks: frozenset[str] = frozenset()
    age_words: frozenset[str] = frozenset()
    surnames: frozenset[str] = frozenset()
    particles: frozenset[str] = frozenset()
    given: frozenset[str] = frozenset()
    short: dict[str, str] = field(default_factory=dict)
    short_cued: dict[str, str] = field(default_factory=dict)
    folded: dict[str, str] = field(default_factory=dict)
    home_state: str | None = None
    byline_keeps: frozenset[str] = frozenset({"ORG"})
    starters: frozenset[str] = frozenset()  # first tokens of every phrase table (and prefixes)


def _words(entries: Any) -> list[str]:
    """Surface forms of a table section (a mapping with 'surface' or a list of them)."""
    if isinstance(entries, dict):
        entries = [entries]
    return langdata.surfaces(entries)


def kb_aliases(lang: str) -> list[tuple[str, str, frozenset[str]]]:
    """(alias, id, flags) rows of lang/<lang>/kb_aliases.tsv."""
    path = langdata.LANG_DIR / lang / "kb_aliases.tsv"
    with open(path, encoding="utf-8", newline="") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    rows = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return [(r["alias"], r["id"], frozenset(filter(None, (r.get("flags") or "").split(",")))) for r in rows]


def _short_forms(lex: Lexicon, people: Iterable[tuple[str, str]], family_first: set[str],
                 home: str | None) -> None:
    """One-word references (a surname, or a family name written first) that name exactly one KB person."""
    seen: dict[str, set[str]] = {}
    cued: dict[str, set[str]] = {}
    for alias, eid in people:
        toks = [t for t in tokens_of(alias) if t[:1].isupper() and len(t) > 1]
        if len(toks) < 2:
            continue
        ent = kb.get(eid)
        if ent is None or ent.state == home:
            continue  # a home-country person is called by the given name, too ambiguous to list
        if ent.state in family_first:
            cued.setdefault(toks[0], set()).add(eid)  # often also a common word: only after a cue
        else:
            seen.setdefault(toks[-1], set()).add(eid)
    lex.short = {t: next(iter(ids)) for t, ids in seen.items() if len(ids) == 1}
    lex.short_cued = {t: next(iter(ids)) for t, ids in cued.items() if len(ids) == 1 and t not in seen}
    lex.short_cued.update(lex.short)


@functools.lru_cache(maxsize=None)
def lexicon(lang: str) -> Lexicon:
    """Build (once per process) the phrase tables of a language."""
    lex = Lexicon()
    flags: dict[tuple[str, str], frozenset[str]] = {}
    rows = kb_aliases(lang)
    for alias, eid, fl in rows:
        if kb.get(eid) is None:
            raise langdata.LanguageDataError(f"kb_aliases.tsv: {alias!r} names unknown id {eid!r}")
        flags[(alias, eid)] = flags.get((alias, eid), frozenset()) | fl
    people: list[tuple[str, str]] = []
    for alias, eid, _fl in rows:
        lex.gazetteer.add(alias, Alias(eid, flags[(alias, eid)]))
        if kb.get(eid).type == "PER":
            people.append((alias, eid))
    for ent in kb.entities().values():
        for alias in ent.aliases:
            lex.gazetteer.add(alias, Alias(ent.id, flags.get((alias, ent.id), frozenset())), capitalize=False)
            if ent.type == "PER":
                people.append((alias, ent.id))
    for toks, hit in lex.gazetteer.table.items():
        if kb.get(hit.eid).type == "PER":
            lex.folded.setdefault(kb.fold(" ".join(toks)), hit.eid)
    cues = langdata.load(lang, "mention_cues")
    _short_forms(lex, people, set(cues.get("family_name_first", [])), cues.get("home_state"))
    titles = langdata.load(lang, "titles")
    lex.prefixes = frozenset(_words(titles["prefixes"]))
    for group in titles["titles"]:
        for s in _words(group):
            lex.titles.add(s, bool(group.get("role", True)), capitalize=False)
    for s in _words(titles["role_words"]):
        lex.role_words.add(s, capitalize=False)
    for s in _words(titles["appositive_openers"]):
        lex.openers.add(s, capitalize=False)
    lex.joiners = frozenset(_words(titles["role_joiners"]))
    lex.appositive_end = frozenset(_words(titles["appositive_end_words"]))
    for s in _words(titles["appointment_words"]):
        lex.appointment.add(s, capitalize=False)
    for s in _words(langdata.load(lang, "honorifics")["honorifics"]):
        lex.honorifics.add(s, capitalize=False)
    orgs = langdata.load(lang, "org_heads")
    for group in orgs["ministries"]:
        for s in _words(group):
            lex.heads.add(s, Head("ministry", group["en"]), capitalize=False)
    for group in orgs["heads"]:
        for s in _words(group):
            lex.heads.add(s, Head("org", group.get("en"), bool(group.get("at_place"))), capitalize=False)
    for s in _words(orgs["subunits"]):
        lex.heads.add(s, Head("subunit"), capitalize=False)
    for s in _words(orgs["media_cues"]):
        lex.heads.add(s, Head("media", part_of_name=False), capitalize=False)
    lex.part_of = frozenset(_words(orgs["part_of_words"]))
    lex.name_stop = frozenset(_words(orgs["name_stop"])) | lex.part_of
    lex.name_joiners = frozenset(_words(orgs["name_joiners"]))
    lex.at_place = frozenset(_words(orgs["at_place_words"]))
    for group in langdata.load(lang, "place_heads")["heads"]:
        for s in _words(group):
            lex.heads.add(s, Head("place", group.get("en"), part_of_name=bool(group.get("part_of_name"))),
                          capitalize=False)
    lex.locative = frozenset(_words(cues["locative"]))
    lex.language_words = frozenset(_words(cues["language_words"]))
    lex.not_after_ambiguous = frozenset(_words(cues["not_after_ambiguous"]))
    lex.pair_marks = frozenset(_words(cues["pair_marks"]))
    lex.age_words = frozenset(_words(cues["age_words"]))
    lex.home_state = cues.get("home_state")
    lex.byline_keeps = frozenset(cues.get("byline_keeps", ["ORG"]))
    names = langdata.load(lang, "names")
    lex.surnames = frozenset(_words(names["surnames"]))
    lex.particles = frozenset(_words(names["name_particles"]))
    lex.given = kb.given_names()
    lex.starters = frozenset().union(lex.gazetteer.first, lex.titles.first, lex.heads.first,
                                     lex.honorifics.first, lex.prefixes)
    return lex
