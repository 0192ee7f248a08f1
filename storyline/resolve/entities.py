"""Cross-document entity linking: one id per real-world entity, found by alias keys (never all-pairs).

A document's 'mentions' layer already groups its mentions (attrs 'key'). Each group becomes a KB entity
(its KB id) or, outside the KB, the stored entity that has the group's name — or, for a one-word person
reference, that word — as a folded alias key (diacritics-, case- and transliteration-insensitive) and the
same type; only a unique hit links, otherwise a new entity is made. Mentions are written with their role
and the document date, so roles can be shown over time.
"""
from __future__ import annotations

from collections import OrderedDict

from storyline import kb
from storyline.model import Document, Span
from storyline.store.db import Store

MENTION_IDS_KEPT = 10_000  # documents whose mention ids may wait for the quotes linker (memory bound)


def _lookup(store: Store, key: str, etype: str) -> str | None:
    """The one stored entity of this type with this alias key, or None (zero or several). Answers are
    kept per connection until _add_alias writes that key (a build is the store's only writer)."""
    cache = store.memo.setdefault("entity_lookup", {})
    hit = cache.get((key, etype), cache)
    if hit is not cache:
        return hit
    rows = store.query("SELECT DISTINCT a.entity_id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id "
                       "WHERE a.alias_key = ? AND e.type = ? LIMIT 2", (key, etype))  # 2: enough to tell
    found = cache[(key, etype)] = rows[0][0] if len(rows) == 1 else None
    return found


def _free_id(store: Store, base: str) -> str:
    """base, or base-2, base-3 … if another entity already has that id (entities are never deleted,
    so probing resumes where this connection last found a free id: no rescans of a long run)."""
    first = base or "entity"
    resume = store.memo.setdefault("entity_free_id", {})
    n = resume.get(first, 1)
    eid = first if n == 1 else f"{base}-{n}"
    while store.scalar("SELECT 1 FROM entities WHERE id = ?", (eid,)):
        n += 1
        eid = f"{base}-{n}"
    resume[first] = n
    return eid


def _ensure_kb(store: Store, eid: str, doc_id: str) -> None:
    """Insert a knowledge-base entity the first time a document mentions it."""
    present = store.memo.setdefault("entity_kb_present", set())
    if eid in present:
        return
    present.add(eid)
    if store.scalar("SELECT 1 FROM entities WHERE id = ?", (eid,)):
        return
    ent = kb.get(eid)
    store.execute("INSERT INTO entities (id, name, type, wikidata, kind, state, in_kb, first_doc) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  (ent.id, ent.name, ent.type, ent.wikidata, ent.kind, kb.state_name(ent.state), 1, doc_id))


def _resolve_group(store: Store, spans: list[Span], surfaces: list[str], doc_id: str) -> str:
    """The entity id for one document-level group of mentions."""
    first = spans[0]
    if first.attrs.get("kb"):
        _ensure_kb(store, first.value, doc_id)
        return first.value
    name, etype = first.attrs.get("name") or surfaces[0], first.label
    found = _lookup(store, kb.fold(name), etype)
    state = next((s.attrs.get("state") for s in spans if s.attrs.get("state")), None)
    if found:
        stated = store.memo.setdefault("entity_stated", set())
        if state and found not in stated:
            stated.add(found)  # the first state given sticks: later ones would not change the row
            store.execute("UPDATE entities SET state = ? WHERE id = ? AND state IS NULL", (state, found))
        return found
    eid = _free_id(store, first.value or kb.slug(name))
    store.execute("INSERT INTO entities (id, name, type, wikidata, kind, state, in_kb, first_doc) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (eid, name, etype, None, None, state, 0, doc_id))
    _add_alias(store, eid, name)
    return eid


def _add_alias(store: Store, eid: str, alias: str) -> None:
    """Record a surface form if new (ON CONFLICT DO NOTHING: both engines accept it)."""
    known = store.memo.setdefault("entity_alias", set())
    if (eid, alias) in known:
        return
    known.add((eid, alias))
    key = kb.fold(alias)
    lookups = store.memo.get("entity_lookup")
    if lookups:
        for etype in kb.TYPES:  # answers about this key may change now
            lookups.pop((key, etype), None)
    store.execute("INSERT INTO entity_aliases (entity_id, alias, alias_key) VALUES (?, ?, ?) "
                  "ON CONFLICT DO NOTHING", (eid, alias, key))


def link(store: Store, doc: Document) -> None:
    """Write the document's entity mentions, creating or reusing entities across documents."""
    spans = doc.layer("mentions")
    store.execute("DELETE FROM entity_mentions WHERE doc_id = ?", (doc.id,))
    groups: OrderedDict[str, list[tuple[int, Span]]] = OrderedDict()
    for idx, span in enumerate(spans):
        groups.setdefault(span.attrs.get("key") or str(span.value), []).append((idx, span))
    rows = []
    for members in groups.values():
        surfaces = list(dict.fromkeys(doc.text[s.start:s.end] for _i, s in members))
        eid = _resolve_group(store, [s for _i, s in members], surfaces, doc.id)
        for alias in surfaces:
            _add_alias(store, eid, alias)
        for idx, span in members:
            rows.append((doc.id, idx, eid, span.sentence, span.start, span.end, span.attrs.get("role"),
                         doc.published.value, int(bool(span.attrs.get("metonymy")))))
    # the quotes linker, after this one, finds speakers' ids here rather than reading them back (it takes
    # them out; a builder links a batch's documents linker by linker, so several wait here at a time)
    waiting = store.memo.setdefault("doc_mention_ids", {})
    if len(waiting) >= MENTION_IDS_KEPT:
        waiting.clear()  # (a huge --batch-size, or no quotes linker: those documents' quotes read them back)
    waiting[doc.id] = {(r[4], r[5]): r[2] for r in rows}
    if rows:
        store.executemany("INSERT INTO entity_mentions (doc_id, span_idx, entity_id, sentence, start_char, "
                          "end_char, role, doc_date, metonymy) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
