"""Organisation and place heads (ministries, funds, palaces): how far a name runs, and what it is."""
from __future__ import annotations

from typing import TYPE_CHECKING

from storyline import kb
from storyline.analyze.entity_lexicon import Head

if TYPE_CHECKING:
    from storyline.analyze.entity_find import Item, Raw


class HeadRules:
    """Mixin of SentenceFinder: names built from an organisation, unit, outlet or place head."""

    def _head(self, item: Item) -> int:
        """Handle an organisation/place head; returns the token index after what it consumed."""
        head: Head = item.value
        p = item.j
        nxt = self.item_at.get(p)
        if head.kind == "ministry":
            if nxt and self._country_item(nxt):
                country = kb.get(nxt.value.eid)
                name = f"{country.demonym} {head.en}" if country.demonym else f"{head.en} of {country.name}"
                eid = kb.slug(name)
                ent = kb.get(eid)
                self._emit(item.i, nxt.j, "ORG", eid=eid if ent else None, cue="head", name=name,
                           state=country.id)
                return nxt.j
            self._emit(item.i, item.j, "ORG", cue="head", bare=head.en)
            return p
        if head.kind == "media" and nxt and nxt.kind == "kb" and self._free_cap(nxt.j):
            if kb.get(nxt.value.eid).type == "LOC":  # a place name may open an outlet's name (Kyiv Post)
                end = self._name_run(nxt.j)
                self._emit(p, end, "ORG", cue="media")
                return end
        if head.kind in ("media", "place") and not head.part_of_name:
            if self._free_cap(p):
                end = self._name_run(p)
                typ = "ORG" if head.kind == "media" else "LOC"
                self._emit(p, end, typ, cue=head.kind)
                return end
            return p
        if head.kind == "place":
            if nxt and nxt.kind == "kb" and head.en and kb.get(nxt.value.eid).type == "LOC":
                self._emit(item.i, nxt.j, "LOC", cue="head", name=head.en.format(name=kb.get(nxt.value.eid).name))
                return nxt.j
            if self._free_cap(p):
                end = self._name_run(p)
                name = head.en.format(name=self.text[self.starts[p]:self.ends[end - 1]]) if head.en else None
                self._emit(item.i, end, "LOC", cue="head", name=name)
                return end
            return p
        end, country, place = self._org_name(p, head)
        if end == p:
            return p
        if end < self.n and self.toks[end] in self.lex.part_of and self._org_follows(end + 1):
            return end  # a unit of the organisation named next: part of a role, not an entity
        if head.kind == "subunit":
            return end
        name = None
        if head.en and country and "{state}" in head.en:
            name = head.en.format(state=country.name if country.id != "united-states" else "the United States")
            if place:
                name += f" in {place.name}"
        raw = self._emit(item.i, end, "ORG", cue="head", name=name, state=country.id if country else None)
        return self._paren_alias(end, raw)

    def _org_follows(self, p: int) -> bool:
        item = self.item_at.get(p)
        if item is None:
            return False
        if item.kind == "kb":
            return kb.get(item.value.eid).type == "ORG"
        return item.kind == "head" and item.value.kind in ("ministry", "org")

    def _org_name(self, p: int, head: Head) -> tuple[int, object, object]:
        """Extend an organisation name over capitalized words, compounds and places after its head."""
        toks, end, country, place, q = self.toks, p, None, None, p
        while q < self.n:
            item = self.item_at.get(q)
            if item and item.kind == "kb" and kb.get(item.value.eid).type == "LOC":
                ent = kb.get(item.value.eid)
                if ent.kind == "country" and country is None:
                    country = ent
                q = end = item.j
                continue
            if self._free_cap(q):
                q = end = q + 1
                lower, most = 0, 9 if head.kind == "subunit" else 2
                while (q < self.n and self.owner[q] is None and toks[q][:1].islower() and lower < most
                       and toks[q] not in self.lex.name_stop):
                    q, lower = q + 1, lower + 1
                    end = q
                continue
            if toks[q] in self.lex.name_joiners and q > p and self._free_cap(q + 1):
                q += 1
                continue
            if head.at_place and toks[q] in self.lex.at_place and q + 1 < self.n:
                item = self.item_at.get(q + 1)
                if item and item.kind == "kb" and kb.get(item.value.eid).type == "LOC":
                    place = kb.get(item.value.eid)
                    end = item.j
                break
            break
        return end, country, place
