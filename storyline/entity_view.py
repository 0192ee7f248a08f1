"""What the store knows about one entity: aliases, roles over time, documents, co-occurring entities."""
from __future__ import annotations

from typing import Any

from storyline import kb
from storyline.store.db import Store

ROLE_SEP = "\n"


def find(store: Store, name: str) -> list[tuple[str, str, str, int]]:
    """(id, name, type, mentions) of entities whose id, name or alias matches, most mentioned first."""
    key = kb.fold(name)
    rows = store.query(
        "SELECT e.id, e.name, e.type, (SELECT COUNT(*) FROM entity_mentions m WHERE m.entity_id = e.id) "
        "FROM entities e WHERE e.id = ? OR e.id IN (SELECT entity_id FROM entity_aliases WHERE alias_key = ?)",
        (name, key))
    if not rows:
        rows = store.query(
            "SELECT e.id, e.name, e.type, (SELECT COUNT(*) FROM entity_mentions m WHERE m.entity_id = e.id) "
            "FROM entities e WHERE e.id = ?", (kb.slug(name),))
    return sorted(rows, key=lambda r: (-r[3], r[0]))


def record(store: Store, eid: str, limit: int = 15) -> dict[str, Any] | None:
    """Everything about one entity id, as plain data (for --json and for rendering)."""
    rows = store.query("SELECT id, name, type, wikidata, kind, state, in_kb FROM entities WHERE id = ?", (eid,))
    if not rows:
        return None
    eid, name, etype, wikidata, kind, state, in_kb = rows[0]
    mentions = store.query(
        "SELECT m.doc_id, m.start_char, m.end_char, m.role, m.doc_date, m.metonymy, d.text FROM entity_mentions m "
        "JOIN documents d ON d.id = m.doc_id WHERE m.entity_id = ? ORDER BY m.doc_date, m.doc_id, m.start_char",
        (eid,))
    aliases: dict[str, int] = {}
    roles: dict[tuple[str, str | None], list[str]] = {}
    documents: dict[str, dict[str, Any]] = {}
    metonymic = 0
    for doc_id, s, e, role, date, meto, text in mentions:
        alias = text[s:e]
        aliases[alias] = aliases.get(alias, 0) + 1
        metonymic += int(bool(meto))
        doc = documents.setdefault(doc_id, {"id": doc_id, "date": date, "mentions": 0})
        doc["mentions"] += 1
        for one in filter(None, (role or "").split(ROLE_SEP)):
            docs = roles.setdefault((one, date), [])
            if doc_id not in docs:
                docs.append(doc_id)
    co = store.query(
        "SELECT e.id, e.name, e.type, COUNT(DISTINCT m.doc_id) AS n FROM entity_mentions m "
        "JOIN entities e ON e.id = m.entity_id WHERE m.entity_id <> ? AND m.doc_id IN "
        "(SELECT doc_id FROM entity_mentions WHERE entity_id = ?) GROUP BY e.id, e.name, e.type "
        "ORDER BY n DESC, e.id LIMIT ?", (eid, eid, limit))
    ent = kb.get(eid) if in_kb else None
    return {
        "id": eid, "name": name, "type": etype, "wikidata": wikidata, "kind": kind, "state": state,
        "in_kb": bool(in_kb),
        "kb_roles": [{"title": r.title, "from": r.start or None, "to": r.end or None} for r in ent.roles] if ent else [],
        "aliases": [{"alias": a, "mentions": n} for a, n in sorted(aliases.items(), key=lambda x: (-x[1], x[0]))],
        "roles": [{"role": r, "date": d, "documents": docs}
                  for (r, d), docs in sorted(roles.items(), key=lambda x: (x[0][1] or "", x[0][0]))],
        "documents": sorted(documents.values(), key=lambda d: (d["date"] or "", d["id"])),
        "metonymic_mentions": metonymic,
        "cooccurring": [{"id": i, "name": n, "type": t, "documents": c} for i, n, t, c in co],
    }


def render(rec: dict[str, Any], console) -> None:
    """Print an entity record as rich tables."""
    from rich.table import Table

    head = f"[bold]{rec['name']}[/] ({rec['type']}, id {rec['id']}"
    head += f", {rec['wikidata']}" if rec["wikidata"] else ""
    head += f", {rec['state']}" if rec["state"] else ""
    console.print(head + (", knowledge base)" if rec["in_kb"] else ")"), highlight=False)
    tables = [
        ("aliases", ("alias", "mentions"), [(a["alias"], str(a["mentions"])) for a in rec["aliases"]]),
        ("roles over time", ("date", "role", "documents"),
         [(r["date"] or "?", r["role"], ", ".join(r["documents"])) for r in rec["roles"]]
         + [(f"{k['from'] or '?'}..{k['to'] or ''}", k["title"], "knowledge base") for k in rec["kb_roles"]]),
        ("documents", ("date", "document", "mentions"),
         [(d["date"] or "?", d["id"], str(d["mentions"])) for d in rec["documents"]]),
        ("appears with", ("entity", "type", "documents"),
         [(f"{c['name']} ({c['id']})", c["type"], str(c["documents"])) for c in rec["cooccurring"]]),
    ]
    for title, cols, rows in tables:
        if not rows:
            continue
        table = Table(title=title, title_justify="left")
        for col in cols:
            table.add_column(col)
        for row in rows:
            table.add_row(*row)
        console.print(table)
