"""The timeline: events in date order at their true granularity, with sources and a summary line."""
from __future__ import annotations

import json
from typing import Any

from storyline.resolve.scores import dyad_key, state_name
from storyline.store.db import Store
from storyline.store.upgrade import has_column

SUMMARY_CHARS = 160
MAX_EVIDENCE = 100  # reports listed per event (the earliest); mentions and num_sources count them all


def _summary(text: str, s: int, e: int) -> str:
    """The evidence sentence on one line, cut at a word boundary."""
    line = " ".join(text[s:e].split())
    return line if len(line) <= SUMMARY_CHARS else line[:SUMMARY_CHARS].rsplit(" ", 1)[0] + "…"


def timeline(store: Store, *, dyad: tuple[str, str] | None = None, entity: str | None = None,
             start: str | None = None, end: str | None = None, etype: str | None = None,
             limit: int = 200, offset: int = 0) -> list[dict[str, Any]]:
    """Events matching the filters, dated ones in date order, each with its earliest MAX_EVIDENCE reports
    (an anniversary retold by thousands of articles is one row, not thousands of texts to read)."""
    where, params = ["e.date IS NOT NULL"], []
    if dyad:
        where.append("e.actor_key = ?")
        params.append(dyad_key(*dyad))
    if etype:
        where.append("e.type = ?")
        params.append(etype.upper())
    if start:
        where.append("e.date >= ?")
        params.append(start)
    if end:
        where.append("SUBSTR(e.date, 1, ?) <= ?")
        params.extend([len(end), end])
    if entity:
        where.append("(e.participants LIKE ? OR e.actors LIKE ? OR e.location = ?)")
        params.extend([f'%"{entity}"%', f'%"{entity}"%', entity])
    rows = store.query(
        f"SELECT e.id, e.date, e.type, e.mode, e.location, e.actors, e.participants, e.num_mentions, "
        f"e.num_sources, e.score FROM events e WHERE {' AND '.join(where)} "
        f"ORDER BY e.date, e.num_sources DESC, e.id LIMIT ? OFFSET ?", (*params, limit, max(0, offset)))
    # reports in publication order: read off their own column and index, where the store has them
    # (a store built before that column, opened read-only, sorts by joining documents instead)
    order = "m.published" if has_column(store, "event_mentions", "published") else \
        "(SELECT d.published FROM documents d WHERE d.id = m.doc_id)"
    reports = (f"SELECT m.doc_id, m.start_char, m.end_char FROM event_mentions m WHERE m.event_id = ? "
               f"ORDER BY {order}, m.doc_id, m.sentence LIMIT ?")
    out = []
    for eid, date, t, mode, loc, actors, people, nm, ns, score in rows:
        sources = store.query(reports, (eid, MAX_EVIDENCE))
        first = sources[0] if sources else None
        said = store.scalar("SELECT SUBSTR(text, ? + 1, ? - ?) FROM documents WHERE id = ?",
                            (first[1], first[2], first[1], first[0])) if first else None
        out.append({"id": eid, "date": date, "type": t, "mode": mode, "location": loc,
                    "actors": json.loads(actors or "[]"), "participants": json.loads(people or "[]"),
                    "mentions": nm, "sources": list(dict.fromkeys(s[0] for s in sources)), "num_sources": ns,
                    "score": score, "summary": _summary(said, 0, len(said)) if said else "",
                    "evidence": [{"doc": s[0], "start": s[1], "end": s[2]} for s in sources]})
    return out


def parse_dyad(store: Store, text: str) -> tuple[str, str]:
    """'RU-US', 'Russia,United States' or aliases → two canonical state names (ValueError if not)."""
    parts = [p.strip() for p in text.split("," if "," in text else "-") if p.strip()]
    if len(parts) != 2:
        raise ValueError(f"a dyad is two states, like RU-US or 'Russia,United States' (got {text!r})")
    names = [state_name(store, p) for p in parts]
    missing = [p for p, n in zip(parts, names) if n is None]
    if missing:
        raise ValueError(f"unknown state {missing[0]!r}; use an ISO code (RU, US) or a name")
    return names[0], names[1]
