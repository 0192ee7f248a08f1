"""Read models for the web page: an event with its reports, an entity's quotes and events, a document."""
from __future__ import annotations

import json
from typing import Any

from storyline.store.db import Store


def _spans(store: Store, doc_id: str, s: int, e: int, trigger_type: str | None) -> list[dict[str, Any]]:
    """Marks inside [s, e): the event triggers, the entities (with ids to link) and the dates."""
    marks: list[dict[str, Any]] = []
    for st, en, label in store.query("SELECT start_char, end_char, label FROM spans WHERE doc_id = ? AND "
                                     "layer = 'events' AND start_char >= ? AND end_char <= ?", (doc_id, s, e)):
        if trigger_type is None or label == trigger_type:
            marks.append({"start": st, "end": en, "kind": "trigger", "label": label})
    for st, en, eid, name in store.query(
            "SELECT m.start_char, m.end_char, m.entity_id, x.name FROM entity_mentions m JOIN entities x "
            "ON x.id = m.entity_id WHERE m.doc_id = ? AND m.start_char >= ? AND m.end_char <= ?", (doc_id, s, e)):
        marks.append({"start": st, "end": en, "kind": "entity", "entity": eid, "label": name})
    for st, en, val in store.query("SELECT start_char, end_char, value FROM spans WHERE doc_id = ? AND "
                                   "layer = 'timexes' AND label = 'DATE' AND start_char >= ? AND end_char <= ?",
                                   (doc_id, s, e)):
        marks.append({"start": st, "end": en, "kind": "date", "label": json.loads(val) if val else None})
    return sorted(marks, key=lambda m: (m["start"], -m["end"]))


def event_detail(store: Store, eid: str) -> dict[str, Any] | None:
    """One event with every report: the document, the evidence sentence and its marks as offsets."""
    rows = store.query("SELECT id, type, mode, date, location, score, num_mentions, num_sources, actors, "
                       "participants, first_doc FROM events WHERE id = ?", (eid,))
    if not rows:
        return None
    (eid, etype, mode, date, loc, score, nm, ns, actors, people, first) = rows[0]
    reports = []
    for doc, sent, s, e, ddate, rmode, rloc, conf, title, pub, url, text in store.query(
            "SELECT m.doc_id, m.sentence, m.start_char, m.end_char, m.doc_date, m.mode, m.location, m.confidence, "
            "d.title, d.published, d.url, SUBSTR(d.text, m.start_char + 1, m.end_char - m.start_char) "
            "FROM event_mentions m JOIN documents d ON d.id = m.doc_id WHERE m.event_id = ? "
            "ORDER BY d.published, m.doc_id, m.sentence", (eid,)):
        reports.append({"doc": doc, "title": title, "published": pub, "url": url, "sentence": sent,
                        "start": s, "end": e, "text": text, "date": ddate, "mode": rmode, "location": rloc,
                        "confidence": conf, "marks": _spans(store, doc, s, e, etype)})
    return {"id": eid, "type": etype, "mode": mode, "date": date, "location": loc, "score": score,
            "mentions": nm, "num_sources": ns, "actors": json.loads(actors or "[]"),
            "participants": json.loads(people or "[]"), "first_doc": first, "reports": reports}


def entity_ids_by_name(store: Store, names: list[str]) -> dict[str, str]:
    """Canonical name → entity id, for linking the names an event lists."""
    if not names:
        return {}
    rows = store.query(f"SELECT name, id FROM entities WHERE name IN ({','.join('?' * len(names))})", names)
    return {n: i for n, i in rows}


def entity_quotes(store: Store, eid: str, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Quotes attributed to an entity, oldest first, each with its offsets."""
    rows = store.query(
        "SELECT q.doc_id, q.sentence, q.start_char, q.end_char, q.cue, d.published, d.title, "
        "SUBSTR(d.text, q.start_char + 1, q.end_char - q.start_char) FROM quotes q JOIN documents d "
        "ON d.id = q.doc_id WHERE q.speaker_entity = ? AND (d.duplicate_kind IS NULL OR d.duplicate_kind <> 'exact') "
        "ORDER BY d.published, q.doc_id, q.idx LIMIT ? OFFSET ?", (eid, limit, offset))
    return [{"doc": d, "sentence": sent, "start": s, "end": e, "cue": cue, "published": pub, "title": title,
             "text": text} for d, sent, s, e, cue, pub, title, text in rows]


def document(store: Store, doc_id: str) -> dict[str, Any] | None:
    """A stored document's text and header, with its sentences' offsets."""
    rows = store.query("SELECT id, title, url, published, published_given, source, text, duplicate_of, "
                       "duplicate_kind FROM documents WHERE id = ?", (doc_id,))
    if not rows:
        return None
    did, title, url, pub, given, source, text, dup, kind = rows[0]
    blocks = [{"kind": k, "start": s, "end": e} for k, s, e in store.query(
        "SELECT kind, start_char, end_char FROM blocks WHERE doc_id = ? ORDER BY idx", (doc_id,))]
    return {"id": did, "title": title, "url": url, "published": pub, "published_given": bool(given),
            "source": source, "text": text, "duplicate_of": dup, "duplicate_kind": kind, "blocks": blocks}
