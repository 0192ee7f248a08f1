"""The 'quotes' component: passages in quotation marks and who said them (cue before, after, around)."""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from storyline import kb, lang as langdata
from storyline.analyze.regex_trie import word_alternation
from storyline.analyze.sentences import _quote_regions, _rules
from storyline.model import Document, Span

NEAR = 150         # characters between a speaker and its cue
RIGHT_TAIL = 120   # how far after a closing mark a "…”, Mr X said" clause may run
INVERTED = 20      # a speaker named right after the cue ("…, said Mr X")
BACK = 400         # how far back a pronoun looks for the last speaker
SPEAKER_TYPES = ("PER", "ORG", "LOC")
NON_SPEAKER_KINDS = ("platform",)   # a post 'on Truth Social' is said by its author, not the site


@dataclass(frozen=True, slots=True)
class QuoteData:
    """Compiled cue, pronoun and source patterns of one language."""

    cue: "re.Pattern[str]"
    pronoun: "re.Pattern[str]"
    pronoun_type: dict[str, str]
    source: "re.Pattern[str]"
    coordinator: "re.Pattern[str]"


@functools.lru_cache(maxsize=None)
def quote_data(lang: str) -> QuoteData:
    """Patterns generated from lang/<lang>/quotes.yaml (longest first)."""
    data = langdata.load(lang, "quotes")
    types = {w.casefold(): t for t, words in data["pronouns"].items() for w in words}
    return QuoteData(re.compile(word_alternation(data["speech_verbs"]), re.IGNORECASE),
                     re.compile(word_alternation(list({w for ws in data["pronouns"].values() for w in ws})), re.IGNORECASE),
                     types, re.compile(word_alternation(data["source_intro"]), re.IGNORECASE),
                     re.compile(r"\s*" + word_alternation(data["coordinators"]) + r"\s*", re.IGNORECASE))


class _Inside:
    """Whether a position lies inside a quotation (a speaker is never inside the quote)."""

    def __init__(self, regions: list[tuple[int, int]]) -> None:
        self.regions = sorted(regions)
        self.starts = [a for a, _ in self.regions]

    def __call__(self, pos: int) -> bool:
        k = bisect.bisect_right(self.starts, pos) - 1
        return k >= 0 and self.regions[k][0] < pos < self.regions[k][1]


def _platform(m: Span) -> bool:
    """A mention of a platform (kb kind), which carries words but never says them."""
    return kb.kind_of(m.attrs.get("key")) in NON_SPEAKER_KINDS


class _Speakers:
    """Mentions of a document, searchable by position."""

    def __init__(self, doc: Document, quoted: list[tuple[int, int]]) -> None:
        self.inside = inside = _Inside(quoted)
        self.mentions = [m for m in doc.layer("mentions")
                         if m.label in SPEAKER_TYPES and not inside(m.start) and not _platform(m)]
        # states named inside a word standing for a speaker ('the US side'): that word's speaker
        self.named = [m for m in self.mentions if m.label == "LOC" and m.attrs.get("state") == m.attrs.get("name")]
        self.starts = [m.start for m in self.mentions]

    def before(self, pos: int, lo: int, types: tuple[str, ...] = SPEAKER_TYPES) -> Span | None:
        """The last mention ending at or before pos and starting at or after lo."""
        k = bisect.bisect_right(self.starts, pos) - 1
        while k >= 0 and self.mentions[k].start >= lo:
            m = self.mentions[k]
            if m.end <= pos and m.label in types and (m.label != "LOC" or m.attrs.get("metonymy")):
                return m
            k -= 1
        return None

    def after(self, pos: int, hi: int) -> Span | None:
        """The first person/organisation mention starting in [pos, hi)."""
        k = bisect.bisect_left(self.starts, pos)
        while k < len(self.mentions) and self.mentions[k].start < hi:
            m = self.mentions[k]
            if m.label in ("PER", "ORG") or m.attrs.get("metonymy"):
                return m
            k += 1
        return None

    def antecedent(self, pos: int, kind: str, text: str, qd: QuoteData) -> Span | None:
        """What 'he' or 'this ministry' stands for: the last mention of that type standing right before
        a speech verb in the text just before (the last speaker), else the last of that type."""
        best = None
        for cue in qd.cue.finditer(text, max(0, pos - BACK), pos):
            if self.inside(cue.start()):
                continue
            m = self.before(cue.start(), cue.start() - 40, (kind,))
            if m is not None:
                best = m
        return best or self.last_of(pos, kind)

    def last_of(self, pos: int, kind: str) -> Span | None:
        """The last mention of a type before pos (what a pronoun stands for)."""
        k = bisect.bisect_left(self.starts, pos) - 1
        while k >= 0:
            if self.mentions[k].label == kind:
                return self.mentions[k]
            k -= 1
        return None


def _speaker_near_cue(text: str, cue: re.Match, lo: int, hi: int, sp: _Speakers,
                      qd: QuoteData) -> Span | None:
    """The speaker of a cue: a mention or pronoun right before it, else a mention right after."""
    left = sp.before(cue.start(), max(lo, cue.start() - NEAR))
    pron = None
    for p in qd.pronoun.finditer(text, max(lo, cue.start() - 25), cue.start()):
        pron = p
    if pron and (left is None or pron.start() >= left.end):
        named = next((m for m in sp.named if pron.start() <= m.start and m.end <= pron.end()), None)
        if named is not None:  # 'the US side' names its state: no antecedent to look for
            return named
        if not text[pron.end():cue.start()].strip() or left is None:
            kind = qd.pronoun_type.get(" ".join(pron.group(0).casefold().split()), "PER")
            return sp.antecedent(pron.start(), kind, text, qd) or left
    if left is not None and qd.coordinator.fullmatch(text, left.end, cue.start()):
        # 'A thanked B and called it…': the coordinated verb's speaker is the first verb's subject
        clause = max(lo, text.rfind(",", lo, left.start) + 1)  # the clause the two verbs share
        first = sp.after(clause, left.start)
        return first or left
    if left is not None:
        return _before_insertion(text, left, cue.start(), lo, sp) or left
    return sp.after(cue.end(), min(hi, cue.end() + INVERTED))


def _before_insertion(text: str, left: Span, cue: int, lo: int, sp: _Speakers) -> Span | None:
    """'Medvedev, now deputy head of the Security Council, wrote…', 'Trump, meeting Starmer in
    Scotland, said…': a mention inside an insertion closed by a comma right before the cue is not
    who speaks; the subject right before the insertion's opening comma is."""
    closing = text.rfind(",", left.end, cue)
    if closing < 0 or text[closing + 1:cue].strip():
        return None
    opening = text.rfind(",", lo, left.start)
    if opening < 0:
        return None
    subject = sp.before(opening, max(lo, opening - NEAR))
    return subject if subject is not None and not text[subject.end:opening].strip() else None


_TAIL_STOP = re.compile(r"[.!?;:](?=\s|$)|[“\"«]")


def _sentence_bounds(doc: Document, pos: int, starts: list[int] | None = None) -> tuple[int, int]:
    """Start and end of the sentence holding pos (`starts`: the sentences' starts, when already listed)."""
    sents = doc.layer("sentences")
    k = bisect.bisect_right(starts if starts is not None else [s.start for s in sents], pos) - 1
    if 0 <= k < len(sents):
        return sents[k].start, sents[k].end
    return pos, pos


def _attribute(doc: Document, qs: int, qe: int, block: Span, sp: _Speakers, qd: QuoteData,
               prev: Span | None, starts: list[int]) -> tuple[Span | None, re.Match | None]:
    """(speaker mention, cue match) of the quote whose marks sit at qs and qe (`starts`: the
    document's sentence starts, listed once)."""
    text = doc.text
    s_start, _ = _sentence_bounds(doc, qs, starts)
    tail_end = min(block.end, qe + RIGHT_TAIL)
    tail = text[qe + 1:tail_end]
    # the tail stops at a mark, or at a full stop the sentence splitter ends a sentence at (not the
    # one after an abbreviated title such as 'Dr.' in 'Dr. Huy, a researcher in Hanoi, remarked')
    stop = next((m for m in _TAIL_STOP.finditer(tail) if m.group(0) not in ".!?"
                 or _sentence_bounds(doc, qe + 1 + m.start(), starts)[1] <= qe + 2 + m.start()), None)
    right_hi = qe + 1 + (stop.start() if stop else len(tail))
    found: tuple[Span | None, re.Match | None] = (None, None)
    if re.match(r"\s*[,–—-]", tail) or text[qs + 1:qe].rstrip().endswith(","):
        cue = qd.cue.search(text, qe + 1, right_hi)
        if cue:
            found = (_speaker_near_cue(text, cue, qe + 1, right_hi, sp, qd), cue)
            if found[0] is not None:
                return found
    cues = list(qd.cue.finditer(text, max(block.start, s_start - 1), qs))
    if cues:
        cue = cues[-1]
        left = _speaker_near_cue(text, cue, max(block.start, s_start), qs, sp, qd)
        if left is not None:
            return left, cue
        found = found if found[1] else (None, cue)
    src = None
    for src in qd.source.finditer(text, max(block.start, s_start), qs):
        pass
    if src:
        who = sp.after(src.end(), min(qs, src.end() + 40))
        if who:
            return who, found[1]
    later = qd.source.search(text, qe + 1, right_hi)  # "…”, according to the Kremlin."
    if later:
        who = sp.after(later.end(), right_hi)
        if who:
            return who, found[1]
    if prev is not None and prev.attrs.get("speaker_span") and prev.end >= block.start:
        s, e = prev.attrs["speaker_span"]
        match = next((m for m in sp.mentions if m.start == s and m.end == e), None)
        return match, found[1]
    return found


def find_quotes(doc: Document, lang: str = "vi") -> list[Span]:
    """Quote spans (inside the marks) with speaker and cue attrs; unbalanced marks are reported."""
    qd = quote_data(lang)
    _, _, pairs = _rules(lang)
    per_block = [(b, _quote_regions(doc.text[b.start:b.end], pairs, limit=2000)) for b in doc.layer("blocks")]
    quoted = [(b.start + a, b.start + e) for b, regions in per_block for a, e in regions]
    sp = _Speakers(doc, quoted)
    starts = [s.start for s in doc.layer("sentences")]
    out: list[Span] = []
    lone_open = _open_marks(pairs)
    for block, found in per_block:
        regions = sorted(found)
        covered = {i for a, b in regions for i in (a, b)}
        prev: Span | None = None
        for a, b in regions:
            qs, qe = block.start + a, block.start + b
            inner = doc.text[qs + 1:qe]
            if not inner.strip():
                continue
            speaker, cue = _attribute(doc, qs, qe, block, sp, qd, prev, starts)
            lead = len(inner) - len(inner.lstrip())
            span = Span(qs + 1 + lead, qe - (len(inner) - len(inner.rstrip())), "quote",
                        sentence=_sentence_index(doc, qs), value=speaker.value if speaker else None,
                        attrs={"speaker": speaker.attrs.get("name") if speaker else None,
                               "speaker_span": [speaker.start, speaker.end] if speaker else None,
                               "cue": cue.group(0) if cue else None})
            out.append(span)
            prev = span if speaker else prev
        for m in lone_open.finditer(doc.text, block.start, block.end):  # an opening mark no region closes
            if m.start() - block.start not in covered:
                out.append(Span(m.start(), m.end(), "unbalanced", sentence=_sentence_index(doc, m.start())))
    return out


@functools.lru_cache(maxsize=None)
def _open_marks(pairs: tuple[tuple[str, str], ...]) -> "re.Pattern[str]":
    """The opening quotation marks of the language but the straight double quote, which opens and
    closes alike (a lone one is not reported)."""
    marks = sorted({a for a, _ in pairs} - {'"'})
    return re.compile("[" + re.escape("".join(marks)) + "]" if marks else "(?!)")


def _sentence_index(doc: Document, pos: int) -> int:
    """Index of the sentence holding pos, -1 if none."""
    sents = doc.layer("sentences")
    k = bisect.bisect_right([s.start for s in sents], pos) - 1
    return k if 0 <= k < len(sents) and pos < sents[k].end else -1


def quotes_component(doc: Document, lang: str) -> None:
    """Pipeline step: fill the 'quotes' layer."""
    doc.set_layer("quotes", find_quotes(doc, lang))
