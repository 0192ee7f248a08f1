"""Extractive answers to questions: each answer is read off the record and cites the sentence it rests on
(the question itself is read by storyline.ask_read)."""
from __future__ import annotations

import json
from typing import Any

from storyline.analyze.events import event_data
from storyline.ask_read import AskError, Reading, ask_data, content_words, read  # noqa: F401 - AskError for callers
from storyline.search import sentence_hits, terms
from storyline.store.db import Store

NO_ANSWER = "no answer found"
ROLE_SEP = "\n"


# -- citations ---------------------------------------------------------------------------------------
def cite(store: Store, doc_id: str, start: int, end: int, hl: tuple[int, int] | None = None) -> dict[str, Any]:
    """A citation: the document, the sentence holding [start, end), its text, and the answer's offsets."""
    hs, he = hl or (start, end)
    row = store.query("SELECT idx, start_char, end_char FROM sentences WHERE doc_id = ? AND start_char <= ? "
                      "AND end_char > ? ORDER BY idx LIMIT 1", (doc_id, hs, hs))
    idx, ss, se = row[0] if row else (-1, start, end)
    ss, se = min(ss, start, hs), max(se, end, he)
    title, published, text = store.query(
        "SELECT title, published, SUBSTR(text, ? + 1, ? - ?) FROM documents WHERE id = ?",
        (ss, se, ss, doc_id))[0]
    return {"doc": doc_id, "title": title, "published": published, "sentence": idx, "start": hs, "end": he,
            "sentence_start": ss, "sentence_end": se, "text": text}


def _span_in(store: Store, doc_id: str, layer: str, s: int, e: int, label: str | None = None,
             value_prefix: str | None = None) -> tuple[int, int] | None:
    """The first span of a layer inside [s, e) with the label and a value starting with value_prefix."""
    for st, en, lab, val in store.query("SELECT start_char, end_char, label, value FROM spans WHERE doc_id = ? "
                                        "AND layer = ? AND start_char >= ? AND end_char <= ? ORDER BY start_char",
                                        (doc_id, layer, s, e)):
        v = json.loads(val) if val else None
        if (label is None or lab == label) and (value_prefix is None or (isinstance(v, str) and (
                v.startswith(value_prefix) or value_prefix.startswith(v)) and len(v) >= 4)):
            return st, en
    return None


def _mention_in(store: Store, doc_id: str, s: int, e: int, entity_id: str,
                state: str | None = None) -> tuple[int, int] | None:
    """The first mention of the entity inside [s, e) (or of a place or body standing for the state)."""
    row = store.query("SELECT m.start_char, m.end_char FROM entity_mentions m JOIN entities x ON x.id = m.entity_id "
                      "WHERE m.doc_id = ? AND m.start_char >= ? AND m.end_char <= ? AND (m.entity_id = ? OR "
                      "(m.metonymy = 1 AND x.state = ?)) ORDER BY m.start_char LIMIT 1",
                      (doc_id, s, e, entity_id, state or "\x00"))
    return (row[0][0], row[0][1]) if row else None


# -- events ------------------------------------------------------------------------------------------
def _events(store: Store, r: Reading, need: str | None = None, limit: int = 40) -> list[tuple]:
    """Stored events naming every question entity, of the question's event types, best first."""
    if not r.entities:
        return []
    where, params = [], []
    for ent in r.entities:  # each entity named by the event or by one of its reports
        like = f'%"{ent["name"]}"%'
        where.append("(e.participants LIKE ? OR e.actors LIKE ? OR e.location = ? OR e.id IN (SELECT event_id "
                     "FROM event_mentions WHERE participants LIKE ? OR actors LIKE ? OR location = ?))")
        params += [like, like, ent["name"]] * 2
    types = sorted({t for t, _m in r.types})
    if types:
        where.append(f"e.type IN ({','.join('?' * len(types))})")
        params += types
    if need:
        where.append(f"e.{need} IS NOT NULL")
    rows = store.query(f"SELECT e.id, e.type, e.mode, e.date, e.location, e.actors, e.participants, "
                       f"e.num_sources FROM events e WHERE {' AND '.join(where)} LIMIT 500", params)
    modes = {m for _t, m in r.types if m}
    rows.sort(key=lambda x: (x[2] not in modes if modes else False, -x[7], -len(x[3] or ""), x[3] or "", x[0]))
    return rows[:limit]


def _reports(store: Store, eid: str) -> list[tuple]:
    """An event's reports (doc, start, end, doc_date, location), most precise date and earliest first."""
    rows = store.query("SELECT m.doc_id, m.start_char, m.end_char, m.doc_date, m.location, d.published "
                       "FROM event_mentions m JOIN documents d ON d.id = m.doc_id WHERE m.event_id = ?", (eid,))
    return sorted(rows, key=lambda x: (-len(x[3] or ""), x[5] or "", x[0]))


def _best_reports(store: Store, r: Reading, reports: list[tuple]) -> list[tuple]:
    """Reports whose sentence names at least one asked entity, those naming the most first."""
    scored = []
    for rep in reports:
        doc, s, e = rep[0], rep[1], rep[2]
        n = sum(bool(_mention_in(store, doc, s, e, ent["id"], ent["name"] if ent["type"] == "LOC" else None))
                for ent in r.entities)
        if n:
            scored.append((-n, len(scored), rep))
    return [rep for _n, _i, rep in sorted(scored)]


def _event_answers(store: Store, r: Reading, limit: int) -> list[dict[str, Any]]:
    """Answers read off events: their date, place, or (for 'whom did X meet') the other side."""
    need = {"date": "date", "place": "location"}.get(r.kind)
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    asked = {e["name"] for e in r.entities}
    for eid, etype, mode, date, loc, actors, people, _ns in _events(store, r, need):
        reports = _best_reports(store, r, _reports(store, eid))
        if not reports:
            continue
        doc, s, e, ddate, _loc, _pub = reports[0]
        hl = _span_in(store, doc, "events", s, e, etype)
        if r.kind == "date":
            value, text = date, date
            hl = _span_in(store, doc, "timexes", s, e, "DATE", date) or hl
        elif r.kind == "place":
            value, text = loc, loc
            place = store.scalar("SELECT id FROM entities WHERE name = ? LIMIT 1", (loc,))
            for rdoc, rs, re_, _d, rloc, _p in reports:
                span = _mention_in(store, rdoc, rs, re_, place) if place else None
                if span:
                    doc, s, e, hl = rdoc, rs, re_, span
                    break
        else:
            others = [p for p in json.loads(people or "[]") if p not in asked] or \
                     [a for a in json.loads(actors or "[]") if a not in asked]
            value = others
            text = ", ".join(others) if others else "?"
            text += f" ({etype.lower()}/{mode}, {date or '?'}{', ' + loc if loc else ''})"
        if not value or str(value) in seen:
            continue
        seen.add(str(value))
        out.append({"answer": text, "value": value, "event": eid, "type": etype, "mode": mode, "date": date,
                    "citations": [cite(store, doc, s, e, hl)]})
        if len(out) >= limit:
            break
    return out


# -- sentences ---------------------------------------------------------------------------------------
def _sentences(store: Store, r: Reading, limit: int = 200) -> list[tuple[str, int, int, int]]:
    """(doc, sentence, start, end) of sentences naming every question entity and enough of its words."""
    if r.entities:
        sets = []
        for ent in r.entities:
            sets.append({(d, i) for d, i in store.query(
                "SELECT DISTINCT doc_id, sentence FROM entity_mentions WHERE entity_id = ? LIMIT 5000",
                (ent["id"],))})
        keys = sorted(set.intersection(*sets))[:2000]
        rows = []
        for d, i in keys:
            got = store.query("SELECT start_char, end_char, SUBSTR((SELECT text FROM documents WHERE id = ?), "
                              "start_char + 1, end_char - start_char) FROM sentences WHERE doc_id = ? AND idx = ?",
                              (d, d, i))
            if got:
                rows.append((d, i, got[0][0], got[0][1], got[0][2]))
        need = 0.5
    else:
        rows = sentence_hits(store, r.words, limit=limit)
        need = 0.75
    words = [w for w in r.words if w not in r.trigger_words]
    types = sorted({t for t, _m in r.types})
    out = []
    for d, i, s, e, text in rows:
        have = set(terms(text))
        if words and sum(w in have for w in words) / len(words) < need:
            continue
        if types and not store.scalar(
                f"SELECT 1 FROM spans WHERE doc_id = ? AND layer = 'events' AND start_char >= ? AND end_char <= ? "
                f"AND label IN ({','.join('?' * len(types))}) LIMIT 1", (d, s, e, *types)):
            continue
        out.append((d, i, s, e))
        if len(out) >= limit:
            break
    return out


def _sentence_answers(store: Store, r: Reading, limit: int, lang: str = "vi") -> list[dict[str, Any]]:
    """Answers read off sentences: a date, a place after a place word, or the people named."""
    if not r.entities and not r.words:
        return []
    ed = event_data(lang)
    asked = {e["id"] for e in r.entities}
    found: dict[str, dict[str, Any]] = {}
    for doc, _i, s, e in _sentences(store, r):
        if r.kind == "date":
            spans = store.query("SELECT start_char, end_char, value FROM spans WHERE doc_id = ? AND layer = "
                                "'timexes' AND label = 'DATE' AND start_char >= ? AND end_char <= ?", (doc, s, e))
            hits = [(st, en, json.loads(v)) for st, en, v in spans if v and not json.loads(v).startswith("UNDEF")]
        else:
            ment = store.query("SELECT m.start_char, m.end_char, m.entity_id, x.name, x.type FROM entity_mentions m "
                               "JOIN entities x ON x.id = m.entity_id WHERE m.doc_id = ? AND m.start_char >= ? "
                               "AND m.end_char <= ? ORDER BY m.start_char", (doc, s, e))
            hits = []
            for st, en, eid, name, etype in ment:
                if eid in asked:
                    continue
                if r.kind == "people" and etype == "PER":
                    hits.append((st, en, name))
                elif r.kind == "place" and etype == "LOC":
                    before = store.scalar("SELECT SUBSTR(text, ?, ?) FROM documents WHERE id = ?",
                                          (max(1, st - 19), min(st, 20), doc)) or ""
                    if ed.location_intro.search(before):
                        hits.append((st, en, name))
        for st, en, value in hits:
            ans = found.setdefault(value, {"answer": value, "value": value, "support": 0, "citations": []})
            ans["support"] += 1
            if len(ans["citations"]) < 3:
                ans["citations"].append(cite(store, doc, s, e, (st, en)))
    ranked = sorted(found.values(), key=lambda a: (-a["support"], a["answer"]))
    return ranked[:limit]


def _role_answers(store: Store, r: Reading, limit: int) -> list[dict[str, Any]]:
    """'Who is <role>?': the people the record gives that role, with the sentences that say so."""
    want = " ".join(r.all_words)
    if len(r.all_words) < 2:
        return []
    roles = {}
    for (role,) in store.query("SELECT DISTINCT role FROM entity_mentions WHERE role IS NOT NULL"):
        for one in role.split(ROLE_SEP):
            if " ".join(terms(one)) == want:
                roles[one] = True
    out: dict[str, dict[str, Any]] = {}
    for role in roles:
        for doc, s, e, eid, name in store.query(
                "SELECT m.doc_id, m.start_char, m.end_char, m.entity_id, x.name FROM entity_mentions m JOIN "
                "entities x ON x.id = m.entity_id WHERE m.role LIKE ? ORDER BY m.doc_date DESC, m.doc_id LIMIT 200",
                (f"%{role}%",)):
            held = store.scalar("SELECT role FROM entity_mentions WHERE doc_id = ? AND start_char = ?", (doc, s))
            if role not in (held or "").split(ROLE_SEP):
                continue
            ans = out.setdefault(eid, {"answer": name, "value": eid, "role": role, "support": 0, "citations": []})
            ans["support"] += 1
            if len(ans["citations"]) < 3:
                ans["citations"].append(cite(store, doc, s, e, (s, e)))
    return sorted(out.values(), key=lambda a: (-a["support"], a["answer"]))[:limit]


# -- quotes ------------------------------------------------------------------------------------------
def _quote_answers(store: Store, r: Reading, limit: int) -> list[dict[str, Any]]:
    """'What did X say about Y?': X's quotes whose sentence names Y (or holds Y's words)."""
    speakers = r.names(before=r.cue[0]) or r.entities[:1]
    if not speakers:
        return []
    topics = [e for e in r.names(after=r.cue[1]) if e not in speakers]
    ad = ask_data()
    words = content_words(r.question[r.cue[1]:], [(e["start"] - r.cue[1], e["end"] - r.cue[1]) for e in topics],
                     ad.filler)
    ids = [s["id"] for s in speakers]
    rows = store.query(f"SELECT q.doc_id, q.start_char, q.end_char, q.sentence, d.published FROM quotes q JOIN "
                       f"documents d ON d.id = q.doc_id WHERE q.speaker_entity IN ({','.join('?' * len(ids))}) "
                       f"AND (d.duplicate_kind IS NULL OR d.duplicate_kind <> 'exact') "
                       f"ORDER BY d.published, q.doc_id, q.idx LIMIT 2000", ids)
    out = []
    for doc, s, e, _sent, _pub in rows:
        c = cite(store, doc, s, e, (s, e))
        if topics and not any(_mention_in(store, doc, c["sentence_start"], c["sentence_end"], t["id"],
                                          t["name"] if t["type"] == "LOC" else None) for t in topics):
            continue
        if words and not topics:
            have = set(terms(c["text"]))
            if sum(w in have for w in words) / len(words) < 0.5:
                continue
        quote = c["text"][s - c["sentence_start"]:e - c["sentence_start"]]
        out.append({"answer": quote, "value": quote, "speaker": speakers[0]["name"], "citations": [c]})
        if len(out) >= limit:
            break
    return out


def _merge(answers: list[dict[str, Any]], unknown: list[str], limit: int) -> list[dict[str, Any]]:
    """Answers whose citations hold every unnamed capitalized word of the question, same answers merged."""
    out: dict[str, dict[str, Any]] = {}
    for a in answers:
        cites = [c for c in a["citations"] if all(w in set(terms(c["text"])) for w in unknown)]
        if not cites:
            continue
        key = " ".join(str(a["answer"]).split())
        if key in out:
            out[key]["citations"] += [c for c in cites if len(out[key]["citations"]) < 3]
        else:
            out[key] = {**a, "citations": cites}
    return list(out.values())[:limit]


def ask(store: Store, question: str, limit: int = 3, lang: str = "vi") -> dict[str, Any]:
    """Answers to a question, best first, each with its citations; an empty list when the record has none."""
    r = read(store, question, lang)
    wide = limit * 4
    if r.kind == "quotes":
        answers = _quote_answers(store, r, wide)
    elif r.kind == "people":
        answers = (_role_answers(store, r, wide) or (_event_answers(store, r, wide) if r.types else [])
                   or _sentence_answers(store, r, wide, lang))
    elif r.kind == "events":
        answers = _event_answers(store, r, wide)
    else:
        answers = _event_answers(store, r, wide) or _sentence_answers(store, r, wide, lang)
    answers = _merge(answers, r.unknown, limit)
    for a in answers:
        a["kind"] = r.kind
    return {"question": question, "kind": r.kind,
            "entities": [{k: e[k] for k in ("id", "name", "type", "text")} for e in r.entities],
            "event_types": sorted({t for t, _m in r.types}), "words": r.words, "unknown": r.unknown,
            "answers": answers, "note": None if answers else NO_ANSWER}
