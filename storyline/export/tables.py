"""Flat exports of the event record: GDELT-style TSV (one row per event) and CSV (one per report)."""
from __future__ import annotations

import csv
import json
from pathlib import Path

from storyline.store.db import Store

GDELT_COLUMNS = ("GlobalEventID", "Day", "Actor1Name", "Actor2Name", "ActorKey", "EventRootCode",
                 "EventMode", "GoldsteinScale", "NumMentions", "NumSources", "ActionGeo_FullName",
                 "Participants", "FirstDocument", "SOURCEURL")

CSV_COLUMNS = ("event_id", "type", "mode", "event_date", "doc_id", "doc_date", "published",
               "location", "actors", "participants", "evidence", "start", "end", "source")


def export_gdelt(store: Store, out: Path) -> int:
    """One tab-separated row per merged event, like GDELT's event table (no exact duplicates)."""
    n = 0
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(GDELT_COLUMNS)
        for (eid, date, actors, key, etype, mode, sc, nm, ns, loc, people, first, src, url) in store.iterate(
                "SELECT e.id, e.date, e.actors, e.actor_key, e.type, e.mode, e.score, e.num_mentions, "
                "e.num_sources, e.location, e.participants, e.first_doc, d.source, d.url FROM events e "
                "LEFT JOIN documents d ON d.id = e.first_doc ORDER BY e.date, e.id"):
            names = json.loads(actors or "[]")
            w.writerow((eid, (date or "").replace("-", ""), names[0] if names else "",
                        names[1] if len(names) > 1 else "", key, etype, mode,
                        "" if sc is None else f"{sc:.1f}", nm, ns, loc or "",
                        "; ".join(json.loads(people or "[]")), first or "", url or src or ""))
            n += 1
    return n


def export_csv(store: Store, out: Path) -> int:
    """One comma-separated row per report of an event (the mentions table), with its evidence."""
    n = 0
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(CSV_COLUMNS)
        for (eid, etype, mode, edate, doc_id, ddate, pub, loc, actors, people, s, e, text, src) in store.iterate(
                "SELECT m.event_id, e.type, m.mode, e.date, m.doc_id, m.doc_date, d.published, m.location, "
                "m.actors, m.participants, m.start_char, m.end_char, d.text, d.source FROM event_mentions m "
                "JOIN events e ON e.id = m.event_id JOIN documents d ON d.id = m.doc_id "
                "ORDER BY e.date, m.event_id, m.doc_id, m.sentence"):  # a total order: same file on every engine
            w.writerow((eid, etype, mode, edate or "", doc_id, ddate or "", pub or "", loc or "",
                        "; ".join(json.loads(actors or "[]")), "; ".join(json.loads(people or "[]")),
                        " ".join(text[s:e].split()), s, e, src))
            n += 1
    return n
