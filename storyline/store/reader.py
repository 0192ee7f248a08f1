"""Reads documents and their annotations back out of the store."""
from __future__ import annotations

import json
from typing import Any, Iterator

from storyline.model import Document, Published, Span
from storyline.store.db import Store

ROLE_SEP = "\n"  # a mention with several roles (two titles joined) keeps them newline-separated

_DOC_SELECT = ("SELECT id, text, published, published_given, published_why, source, source_line, "
               "title, url, lang, lang_score, duplicate_of, duplicate_kind, similarity FROM documents")


def doc_ids(store: Store) -> Iterator[str]:
    """Every stored document id, in id order, streamed."""
    for (doc_id,) in store.iterate("SELECT id FROM documents ORDER BY id"):
        yield doc_id


def load_document(store: Store, doc_id: str) -> tuple[Document, dict[str, Any]] | None:
    """A stored document with all its layers, plus its duplicate link info."""
    rows = store.query(_DOC_SELECT + " WHERE id = ?", (doc_id,))
    if not rows:
        return None
    (did, text, pub, given, why, source, line, title, url, lang, score, dup, kind, sim) = rows[0]
    doc = Document(id=did, text=text, published=Published(pub, bool(given), why), source=source,
                   source_line=line, title=title, url=url, lang=lang, lang_score=score)
    doc.teasers = [t for (t,) in store.query("SELECT text FROM teasers WHERE doc_id = ? ORDER BY idx",
                                             (doc_id,))]
    doc.set_layer("blocks", [Span(s, e, k) for k, s, e in store.query(
        "SELECT kind, start_char, end_char FROM blocks WHERE doc_id = ? ORDER BY idx", (doc_id,))])
    doc.set_layer("sentences", [Span(s, e, "sentence", sentence=i, attrs={"block": b}) for i, s, e, b in
                                store.query("SELECT idx, start_char, end_char, block FROM sentences "
                                            "WHERE doc_id = ? ORDER BY idx", (doc_id,))])
    layers: dict[str, list[Span]] = {}
    for layer, s, e, sent, label, value, attrs in store.query(
            "SELECT layer, start_char, end_char, sentence, label, value, attrs FROM spans "
            "WHERE doc_id = ? ORDER BY layer, idx", (doc_id,)):
        layers.setdefault(layer, []).append(Span(s, e, label, sentence=sent,
                                                 value=None if value is None else json.loads(value),
                                                 attrs=json.loads(attrs) if attrs else {}))
    for name, spans in layers.items():
        doc.set_layer(name, spans)
    return doc, {"duplicate_of": dup, "duplicate_kind": kind, "similarity": sim}


def doc_entities(store: Store, doc_id: str) -> list[dict[str, Any]]:
    """Entities mentioned in a document with the aliases and roles used there."""
    out: dict[str, dict[str, Any]] = {}
    rows = store.query(
        "SELECT e.id, e.name, e.type, e.wikidata, m.start_char, m.end_char, m.role, d.text "
        "FROM entity_mentions m JOIN entities e ON e.id = m.entity_id JOIN documents d ON d.id = m.doc_id "
        "WHERE m.doc_id = ? ORDER BY m.start_char", (doc_id,))
    for eid, name, etype, wikidata, s, e, role, text in rows:
        ent = out.setdefault(eid, {"id": eid, "name": name, "type": etype, "aliases": [], "roles": []})
        if wikidata:
            ent["wikidata"] = wikidata
        alias = text[s:e]
        if alias not in ent["aliases"]:
            ent["aliases"].append(alias)
        for one in (role or "").split(ROLE_SEP):
            if one and one not in ent["roles"]:
                ent["roles"].append(one)
    return list(out.values())


def doc_events(store: Store, doc_id: str) -> list[dict[str, Any]]:
    """Events a document reports, with the date and arguments this document gives and its evidence."""
    rows = store.query(
        "SELECT e.id, e.type, m.mode, m.doc_date, m.location, m.actors, m.participants, "
        "m.start_char, m.end_char, d.text, e.num_sources FROM event_mentions m "
        "JOIN events e ON e.id = m.event_id JOIN documents d ON d.id = m.doc_id "
        "WHERE m.doc_id = ? ORDER BY m.start_char, e.id", (doc_id,))
    out: dict[str, dict[str, Any]] = {}
    for eid, etype, mode, date, loc, actors, people, s, e, text, sources in rows:
        out.setdefault(eid, {"id": eid, "type": etype, "mode": mode, "date": date, "location": loc,
                             "actors": json.loads(actors or "[]"),
                             "participants": json.loads(people or "[]"),
                             "key": " ".join(x for x in (date, (loc or "").lower(), mode) if x),
                             "evidence": text[s:e], "start": s, "end": e, "sources": sources})
    return list(out.values())


def doc_quotes(store: Store, doc_id: str) -> list[dict[str, Any]]:
    """Attributed quotes in a document with their speakers' canonical names (the annotation format
    lists only quotes with a speaker; unattributed ones stay in the 'quotes' span layer)."""
    rows = store.query(
        "SELECT q.start_char, q.end_char, e.name, q.cue, d.text FROM quotes q "
        "JOIN documents d ON d.id = q.doc_id JOIN entities e ON e.id = q.speaker_entity "
        "WHERE q.doc_id = ? ORDER BY q.idx", (doc_id,))
    out = []
    for s, e, speaker, cue, text in rows:
        quote = text[s:e]
        out.append({"text": quote, "speaker": speaker, "cue": cue,
                    "start_words": " ".join(quote.split()[:5]), "start": s, "end": e})
    return out
