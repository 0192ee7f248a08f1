"""Finds raw entity mentions in one sentence: gazetteer, heads, title and honorific cues, capitalized runs."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from storyline import kb
from storyline.analyze.entity_heads import HeadRules
from storyline.analyze.entity_lexicon import TOKEN, Lexicon
from storyline.analyze.entity_roles import RoleRules

OPENERS = frozenset("(“\"«‘'[")
_Match = re.Match


@dataclass(slots=True)
class Raw:
    """A mention before within-document resolution (offsets into the document text)."""

    start: int
    end: int
    sentence: int
    type: str | None
    eid: str | None = None
    cue: str = ""
    ntok: int = 1
    roles: list[str] = field(default_factory=list)
    state: str | None = None
    metonymy: bool = False
    name: str | None = None
    bare: str | None = None
    alias_of: "Raw | None" = None


@dataclass(slots=True)
class Item:
    """A phrase-table hit covering toks[i:j]."""

    kind: str  # kb | title | head | hon
    i: int
    j: int
    value: object


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper() and tok[:1].isalpha()


class SentenceFinder(HeadRules, RoleRules):
    """Mention finder for the tokens of one sentence; `run()` returns its raw mentions."""

    def __init__(self, text: str, start: int, end: int, sentence: int, lex: Lexicon) -> None:
        self.text, self.sentence, self.lex = text, sentence, lex
        found = list(TOKEN.finditer(text, start, end))  # one tokenizing pass feeds all three lists
        self.toks: list[str] = list(map(_Match.group, found))  # (map over the method: no frame per token)
        self.starts: list[int] = list(map(_Match.start, found))
        self.ends: list[int] = list(map(_Match.end, found))
        self.n = len(self.toks)
        self.owner: list[Item | None] = [None] * self.n
        self.item_at: dict[int, Item] = {}
        self.out: list[Raw] = []
        self.by_span: dict[tuple[int, int], Raw] = {}

    # -- phrase items ------------------------------------------------------------------------
    def _alias_ok(self, i: int, m: int, alias) -> bool:
        """Context checks for a gazetteer hit (ambiguous and pair-only aliases, language names)."""
        toks, lex = self.toks, self.lex
        ent = kb.get(alias.eid)
        if ent.kind == "country" and i > 0 and toks[i - 1] in lex.language_words:
            return False
        after_title = i > 0 and self.owner[i - 1] is not None and self.owner[i - 1].kind == "title"
        if "ambiguous" in alias.flags and not (after_title and ent.kind == "country"):
            # (a country right after a title is the title's state: 'Defence Minister of <country> <name>')
            nxt = toks[i + m] if i + m < self.n else ""
            if nxt and _is_cap(nxt) and not self._starts_phrase(i + m):
                return False
            if nxt in lex.not_after_ambiguous:
                return False
            if i > 0 and _is_cap(toks[i - 1]) and self.owner[i - 1] is None:
                return False
        if "pair_only" in alias.flags:
            before = i >= 2 and toks[i - 1] in lex.pair_marks and self._country_item(self.owner[i - 2])
            after = (i + m + 1 < self.n and toks[i + m] in lex.pair_marks
                     and self._country_at(i + m + 1))
            return bool(before or after)
        return True

    def _name_next(self, i: int) -> bool:
        """A head names something only when a capitalized word follows it."""
        return i < self.n and _is_cap(self.toks[i])

    def _starts_phrase(self, i: int) -> bool:
        lex, tok = self.lex, self.toks[i]
        return tok in lex.gazetteer.first or tok in lex.titles.first or tok in lex.heads.first

    @staticmethod
    def _country_item(item: Item | None) -> bool:
        return bool(item and item.kind == "kb" and kb.get(item.value.eid).kind == "country")

    def _country_at(self, i: int) -> bool:
        hit = self.lex.gazetteer.longest(self.toks, i)
        return bool(hit and kb.get(hit[1].eid).kind == "country" and "pair_only" not in hit[1].flags)

    def _best(self, i: int) -> Item | None:
        """The longest phrase starting at token i (ties: KB, title, head, honorific). A table is asked
        only when the token starts one of its phrases (most starters start one table's phrases only)."""
        lex, toks = self.lex, self.toks
        tok = toks[i]
        cands: list[tuple[int, int, str, object]] = []
        hit = lex.gazetteer.longest(toks, i) if tok in lex.gazetteer.first else None
        if hit and self._alias_ok(i, hit[0], hit[1]):
            cands.append((hit[0], 3, "kb", hit[1]))
        title = lex.titles.longest(toks, i) if tok in lex.titles.first else None
        if tok in lex.prefixes and i + 1 < self.n:
            after = lex.titles.longest(toks, i + 1)
            if after:
                title = (after[0] + 1, after[1])
        if title:
            cands.append((title[0], 2, "title", title[1]))
        head = lex.heads.longest(toks, i) if tok in lex.heads.first else None
        if head and (head[1].kind == "ministry" or self._name_next(i + head[0])):
            cands.append((head[0], 1, "head", head[1]))
        hon = lex.honorifics.longest(toks, i) if tok in lex.honorifics.first else None
        if hon:
            cands.append((hon[0], 0, "hon", hon[1]))
        if not cands:
            return None
        # (length, priority) decide; priorities differ, so the tuples never compare further
        m, _prio, kind, value = cands[0] if len(cands) == 1 else max(cands)
        return Item(kind, i, i + m, value)

    def _segment(self) -> None:
        # only tokens that start some phrase table can start an item: visit those, in order
        starters = self.lex.starters
        i = 0
        for p in [p for p, t in enumerate(self.toks) if t in starters]:
            if p < i:
                continue
            item = self._best(p)
            if item is None:
                continue
            self.item_at[p] = item
            for k in range(item.i, item.j):
                self.owner[k] = item
            i = item.j

    # -- helpers -----------------------------------------------------------------------------
    def _free_cap(self, k: int) -> bool:
        return k < self.n and self.owner[k] is None and _is_cap(self.toks[k])

    def _name_run(self, k: int) -> int:
        """End (exclusive) of the run of capitalized name tokens starting at k."""
        toks, lex, j = self.toks, self.lex, k + 1
        while j < self.n and self.owner[j] is None:
            t = toks[j]
            glued = self.starts[j] == self.ends[j - 1]
            if _is_cap(t) or (t.isdigit() and glued):
                j += 1
            elif t in lex.particles and j + 1 < self.n and (_is_cap(toks[j + 1]) or toks[j + 1] == "-"):
                j += 1
            elif (t in "-'’" and glued and j + 1 < self.n and self.starts[j + 1] == self.ends[j]
                  and toks[j + 1][:1].isalnum()):
                j += 2
            elif t == "." and glued and len(toks[j - 1]) == 1 and toks[j - 1].isupper():
                j += 1
            else:
                break
        while j > k + 1 and not toks[j - 1][:1].isalnum():
            j -= 1
        return j

    def _emit(self, i: int, j: int, typ: str | None, **kw) -> Raw:
        """Record a mention once (a walk that backs off may meet the same phrase again)."""
        key = (self.starts[i], self.ends[j - 1])
        if key in self.by_span:
            return self.by_span[key]
        raw = Raw(key[0], key[1], self.sentence, typ, ntok=j - i, **kw)
        self.out.append(raw)
        self.by_span[key] = raw
        return raw

    def _metonymy(self, i: int) -> bool:
        """A capital or seat of government standing for its state, unless a locative word precedes."""
        if i == 0:
            return True
        prev = self.toks[i - 1].lower()
        prev2 = " ".join(self.toks[max(0, i - 2):i]).lower()
        item = self.owner[i - 1]
        if item and item.kind == "head" and item.value.kind == "place":
            return False
        return prev not in self.lex.locative and prev2 not in self.lex.locative

    def _paren_alias(self, p: int, target: Raw) -> int:
        """'(ABBR)' right after a mention: a KB item or free name inside is another alias of it."""
        toks = self.toks
        if p + 2 < self.n and toks[p] == "(":
            inner = self.item_at.get(p + 1)
            if inner and inner.kind == "kb" and toks[inner.j:inner.j + 1] == [")"]:
                if inner.value.eid == target.eid:
                    self._emit(p + 1, inner.j, target.type, eid=target.eid, cue="paren")
                    return inner.j + 1
                return p
            if self._free_cap(p + 1):
                end = self._name_run(p + 1)
                if end < self.n and toks[end] == ")" and target.type in ("ORG", "LOC"):
                    self._emit(p + 1, end, target.type, eid=target.eid, cue="paren", alias_of=target)
                    return end + 1
        return p

    # -- item handlers -----------------------------------------------------------------------
    def _kb(self, item: Item, roles: list[str] | None = None, state: str | None = None) -> Raw:
        ent = kb.get(item.value.eid)
        raw = self._emit(item.i, item.j, ent.type, eid=ent.id, cue="kb", roles=list(roles or []),
                         state=ent.state or state)
        if ent.kind in ("capital", "seat"):
            raw.metonymy = self._metonymy(item.i)
        return raw

    def _honorific(self, item: Item) -> int:
        p = item.j
        nxt = self.item_at.get(p)
        if nxt and nxt.kind == "kb" and kb.get(nxt.value.eid).type == "PER":
            return self._appositive(nxt.j, self._kb(nxt))
        if nxt and nxt.kind == "title":
            return p
        if self._free_cap(p) and len(self.toks[p]) > 1:
            end = self._name_run(p)
            raw = self._emit(p, end, "PER", cue="honorific")
            return self._appositive(end, raw)
        return p

    def _free(self, k: int) -> int:
        """A capitalized run that no phrase claimed: typed by name lists, context, or left to coref."""
        toks, lex = self.toks, self.lex
        end = self._name_run(k)
        first = toks[k]
        initial = k == 0 or toks[k - 1] in OPENERS
        if initial and end - k > 1 and first not in lex.given and first not in lex.surnames:
            k += 1
            first = toks[k]
        span = self.text[self.starts[k]:self.ends[end - 1]]
        ntok = sum(1 for t in toks[k:end] if t[:1].isalnum())
        folded = lex.folded.get(kb.fold(span)) if ntok > 1 else None
        if folded:
            raw = self._emit(k, end, "PER", eid=folded, cue="kb", state=kb.get(folded).state)
        elif ntok == 1 and first in lex.short and not initial:
            eid = lex.short[first]
            raw = self._emit(k, end, "PER", eid=eid, cue="short", state=kb.get(eid).state)
        elif ntok > 1 and (first in lex.given or (first in lex.surnames and ntok <= 4)):
            raw = self._emit(k, end, "PER", cue="name")
        elif (end + 2 < self.n and toks[end] == "," and toks[end + 1].isdigit()
              and toks[end + 2] in lex.age_words):
            raw = self._emit(k, end, "PER", cue="age")
        else:
            self._emit(k, end, None, cue="candidate")
            return end
        return self._appositive(end, raw)

    def run(self) -> list[Raw]:
        """All raw mentions of the sentence, in text order."""
        self._segment()
        # a mention can only start at an item or a capitalized token: jump between those
        caps = [p for p, t in enumerate(self.toks) if t[0].isupper() and t[0].isalpha()]  # (_is_cap, inlined)
        stops = sorted({*self.item_at, *caps})
        k, s = 0, 0
        while s < len(stops):
            if stops[s] < k:
                s += 1
                continue
            k = stops[s]
            item = self.item_at.get(k)
            if item is None:
                k = self._free(k) if self.owner[k] is None else k + 1
                continue
            if item.kind == "kb":
                raw = self._kb(item)
                nxt = self._paren_alias(item.j, raw)
                k = max(self._appositive(nxt, raw) if raw.type == "PER" else nxt, item.j)
            elif item.kind == "title":
                k = max(self._title(item), item.j)
            elif item.kind == "head":
                k = max(self._head(item), item.j)
            else:
                k = max(self._honorific(item), item.j)
        return self.out
