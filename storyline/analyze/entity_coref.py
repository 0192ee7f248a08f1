"""Within one document: short references join full names, bare heads join the organisation they mean."""
from __future__ import annotations

from dataclasses import dataclass, field

from storyline import kb
from storyline.analyze.entity_find import Raw
from storyline.analyze.entity_lexicon import Lexicon, tokens_of
from storyline.model import Span

ROLE_SEP = "\n"


@dataclass
class Cluster:
    """One entity of the document: its key, id, canonical name and the mentions that name it."""

    key: str
    type: str
    eid: str | None
    name: str
    raws: list[Raw] = field(default_factory=list)


def _words(text: str) -> list[str]:
    return [t for t in tokens_of(text) if t[:1].isalnum()]


class DocumentCoref:
    """Groups the raw mentions of one document into entities."""

    def __init__(self, text: str, lex: Lexicon) -> None:
        self.text, self.lex = text, lex
        self.clusters: dict[str, Cluster] = {}
        self.assigned: dict[int, Cluster] = {}

    def surface(self, raw: Raw) -> str:
        return self.text[raw.start:raw.end]

    def _add(self, raw: Raw, key: str, typ: str, eid: str | None, name: str) -> Cluster:
        cl = self.clusters.get(key)
        if cl is None:
            cl = self.clusters[key] = Cluster(key, typ, eid, name)
        cl.raws.append(raw)
        self.assigned[id(raw)] = cl
        return cl

    def _full(self, raw: Raw) -> bool:
        """Place a mention that names its entity on its own; False for short or unknown ones."""
        if raw.eid and kb.get(raw.eid):
            ent = kb.get(raw.eid)
            self._add(raw, "kb:" + ent.id, ent.type, ent.id, ent.name)
            return True
        if raw.alias_of is not None:
            target = self.assigned.get(id(raw.alias_of))
            if target:
                target.raws.append(raw)
                self.assigned[id(raw)] = target
                return True
        if raw.type is None or raw.bare:
            return False
        if raw.type == "PER" and raw.ntok < 2:
            return False
        name = raw.name or self.surface(raw)
        self._add(raw, f"{raw.type}:{kb.fold(name)}", raw.type, raw.eid, name)
        return True

    def _person_index(self) -> dict[str, list[Cluster]]:
        """First and last words of every person's full surfaces and KB name → the persons."""
        index: dict[str, list[Cluster]] = {}
        for cl in self.clusters.values():
            if cl.type != "PER":
                continue
            forms = {self.surface(r) for r in cl.raws} | {cl.name}
            for form in forms:
                words = _words(form)
                if len(words) < 2:
                    continue
                for w in {words[0], words[-1]}:
                    lst = index.setdefault(kb.fold(w), [])
                    if cl not in lst:
                        lst.append(cl)
        return index

    def _short(self, raw: Raw, index: dict[str, list[Cluster]], acronyms: dict[str, Cluster]) -> None:
        """Attach a one-word person reference or an unknown capitalized run, or drop it."""
        form = self.surface(raw)
        key = kb.fold(form)
        if raw.type is None and form in acronyms:
            cl = acronyms[form]
            cl.raws.append(raw)
            self.assigned[id(raw)] = cl
            raw.type = cl.type
            return
        if raw.type not in (None, "PER"):
            return
        cands = index.get(key, []) if raw.ntok == 1 else [c for c in self.clusters.values()
                                                            if c.type == "PER" and c.key == f"PER:{key}"]
        if cands:
            before = [c for c in cands if any(r.start < raw.start for r in c.raws)]
            cl = (before or cands)[-1] if len(cands) > 1 else cands[0]
            raw.type = "PER"
            cl.raws.append(raw)
            self.assigned[id(raw)] = cl
            return
        eid = (self.lex.short_cued if raw.type == "PER" else self.lex.short).get(form)
        if eid:
            raw.type = "PER"
            self._add(raw, "kb:" + eid, "PER", eid, kb.get(eid).name)
        elif raw.type == "PER":
            self._add(raw, f"PER:{key}", "PER", None, form)

    def _bare(self, raw: Raw) -> None:
        """A ministry named without its state: the one of that kind already named, else the home state's."""
        form = self.surface(raw)
        same = {cl.key: cl for cl in self.clusters.values()
                if cl.type == "ORG" and any((r.name and r.name.endswith(raw.bare))
                                            or self.surface(r).startswith(form + " ") for r in cl.raws)}
        if len(same) == 1:
            cl = next(iter(same.values()))
            cl.raws.append(raw)
            self.assigned[id(raw)] = cl
            return
        home = kb.get(self.lex.home_state) if self.lex.home_state else None
        name = f"{home.demonym} {raw.bare}" if home and home.demonym else raw.bare
        eid = kb.slug(name) if kb.get(kb.slug(name)) else None
        raw.state = home.id if home else None
        if eid:
            self._add(raw, "kb:" + eid, "ORG", eid, kb.get(eid).name)
        else:
            self._add(raw, f"ORG:{kb.fold(name)}", "ORG", None, name)

    def resolve(self, raws: list[Raw]) -> list[Span]:
        """Spans of the resolved mentions, with entity ids (KB id or slug of the name) as values."""
        pending = [r for r in raws if not self._full(r)]
        index = self._person_index()
        acronyms = {self.surface(r): self.assigned[id(r)] for r in raws
                    if r.cue == "paren" and id(r) in self.assigned}
        for raw in pending:
            if raw.bare:
                self._bare(raw)
            else:
                self._short(raw, index, acronyms)
        for cl in self.clusters.values():
            if cl.type == "PER" and cl.eid is None:
                cl.name = max((self.surface(r) for r in cl.raws), key=lambda s: (len(_words(s)), len(s)))
        return self._spans(raws)

    def _spans(self, raws: list[Raw]) -> list[Span]:
        spans = []
        for raw in raws:
            cl = self.assigned.get(id(raw))
            if cl is None:
                continue
            ent = kb.get(cl.eid) if cl.eid else None
            state = raw.state or (ent.state if ent else None)
            if state is None:
                state = next((r.state for r in cl.raws if r.state), None)
            roles = [r for r in dict.fromkeys(raw.roles) if r]
            attrs = {"name": cl.name, "role": ROLE_SEP.join(roles) or None, "metonymy": raw.metonymy,
                     "wikidata": ent.wikidata if ent else None, "state": kb.state_name(state),
                     "kb": ent is not None, "key": cl.key}
            spans.append(Span(raw.start, raw.end, cl.type, sentence=raw.sentence,
                              value=cl.eid or kb.slug(cl.name), attrs=attrs))
        return spans
