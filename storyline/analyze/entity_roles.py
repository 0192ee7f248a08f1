"""Roles: title phrases before a name, appositions after it; titles are roles, never part of names."""
from __future__ import annotations

from typing import TYPE_CHECKING

from storyline import kb

if TYPE_CHECKING:
    from storyline.analyze.entity_find import Item, Raw

BOUNDARY = frozenset(",.;:!?)\u201d\"\u00bb\u2026")


class RoleRules:
    """Mixin of SentenceFinder: walks over title material and attaches roles to the person named."""

    def _role_walk(self, p: int, stop_at_name: bool) -> tuple[int, int, str | None]:
        """Walk over role material from token p: (next index, index after the role, state id)."""
        toks, lex, state, last = self.toks, self.lex, None, p
        while p < self.n:
            item = self.item_at.get(p)
            if item is not None:
                if item.kind == "title":
                    p = last = item.j
                    continue
                if item.kind == "kb":
                    ent = kb.get(item.value.eid)
                    if ent.type == "PER":
                        break
                    raw = self._kb(item)
                    state = state or (ent.id if ent.kind == "country" else ent.state)
                    p = last = self._paren_alias(item.j, raw)
                    continue
                if item.kind == "head":
                    before = len(self.out)
                    q = self._head(item)
                    for raw in self.out[before:]:
                        state = state or raw.state
                    if q == item.i:
                        break
                    p = last = q
                    continue
                break
            if toks[p] == "(" and p + 2 < self.n and toks[p + 2] == ")" and toks[p + 1].isupper():
                p = last = p + 3
                continue
            rw = lex.role_words.longest(toks, p)
            if rw:
                p += rw[0]
                if not all(t in lex.name_stop for t in toks[p - rw[0]:p]):
                    last = p
                continue
            break
        return p, last, state

    def _title(self, item: Item) -> int:
        p, last, state = self._role_walk(item.j, True)
        is_role = bool(item.value)
        role = self.text[self.starts[item.i]:self.ends[last - 1]] if is_role else None
        nxt = self.item_at.get(p)
        if nxt and nxt.kind == "kb" and kb.get(nxt.value.eid).type == "PER":
            raw = self._kb(nxt, [role] if role else [])
            return self._appositive(nxt.j, raw)
        if self._free_cap(p) and (p == last or self.toks[last - 1] not in self.lex.name_joiners):
            end = self._name_run(p)
            resume = self._compound_skip(p, end)
            if resume is not None:
                p2, last2, state2 = self._role_walk(resume, True)
                if self._free_cap(p2) or self._person_item(p2):
                    p, last, state = p2, last2, state or state2
                    role = self.text[self.starts[item.i]:self.ends[last - 1]] if is_role else None
                    nxt = self.item_at.get(p)
                    if nxt and nxt.kind == "kb":
                        raw = self._kb(nxt, [role] if role else [])
                        return self._appositive(nxt.j, raw)
                    end = self._name_run(p)
            raw = self._emit(p, end, "PER", cue="title", roles=[role] if role else [], state=state)
            return self._appositive(end, raw)
        return p

    def _compound_skip(self, p: int, end: int) -> int | None:
        """'<Title> <Cap> <lowercase…> <Country> <Name>': a one-word run opening a lowercase phrase that
        leads to a country is role material, not the name; returns where the role walk resumes."""
        if end - p != 1:
            return None
        q = end
        while q < self.n and q - end < 4 and self.owner[q] is None and self.toks[q][:1].islower():
            q += 1
        if q == end or q >= self.n:
            return None
        item = self.item_at.get(q)
        return q if item and item.kind == "kb" and kb.get(item.value.eid).type in ("LOC", "ORG") else None

    def _appositive(self, p: int, raw: Raw) -> int:
        """', <title …>,' or '<appointment word> <title …>' after a name adds roles to it."""
        toks = self.toks
        q = p
        if q < self.n and toks[q] == ",":
            q += 1
            opener = self.lex.openers.longest(toks, q) if q < self.n else None
            if opener:
                q += opener[0]
        elif q < self.n and self.lex.appointment.longest(toks, q):
            q += self.lex.appointment.longest(toks, q)[0]
        else:
            return p
        roles = []
        start = q
        while q < self.n:
            item = self.item_at.get(q)
            if item is None or item.kind != "title":
                break
            nq, last, state = self._role_walk(item.j, False)
            text = self.text[self.starts[item.i]:self.ends[last - 1]]
            raw.state = raw.state or state
            if nq < self.n and toks[nq] in self.lex.joiners:
                roles.append(text)
                q = nq + 1
                continue
            if nq >= self.n or toks[nq] in BOUNDARY or toks[nq] in self.lex.appositive_end:
                roles.append(text)
            elif self._free_cap(nq) or self._person_item(nq):
                return p  # the title belongs to the next name, not to this one
            q = nq
            break
        if q == start:
            return p
        raw.roles.extend(roles)
        return max(q, p)

    def _person_item(self, p: int) -> bool:
        item = self.item_at.get(p)
        return bool(item and item.kind == "kb" and kb.get(item.value.eid).type == "PER")
