"""Stores issue mentions and reads an issue's course: dated mentions and its status over time."""
from __future__ import annotations

from typing import Any

from storyline.model import Document
from storyline.store.db import Store


def link(store: Store, doc: Document) -> None:
    """Write the 'issues' layer to the issue_mentions table."""
    rows = [(m.label, doc.id, m.sentence, m.attrs["evidence"][0], m.attrs["evidence"][1], m.value,
             m.attrs["status"]) for m in doc.layer("issues")]
    if rows:
        store.executemany("INSERT INTO issue_mentions (issue_id, doc_id, sentence, start_char, end_char, "
                          "date, status) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", rows)


def overview(store: Store, names: dict[str, str]) -> list[dict[str, Any]]:
    """Every issue with its mentions count, first and last dates and its latest status."""
    out = []
    for issue_id, name in names.items():
        n, docs, first, last = store.query(
            "SELECT COUNT(*), COUNT(DISTINCT doc_id), MIN(date), MAX(date) FROM issue_mentions "
            "WHERE issue_id = ?", (issue_id,))[0]
        latest = store.query("SELECT status, date FROM issue_mentions WHERE issue_id = ? AND date IS NOT NULL "
                             "ORDER BY date DESC, doc_id DESC LIMIT 1", (issue_id,))
        out.append({"id": issue_id, "name": name, "mentions": n, "documents": docs, "first": first,
                    "last": last, "status": latest[0][0] if latest else None})
    return sorted(out, key=lambda r: (-r["mentions"], r["name"]))


def course(store: Store, issue_id: str) -> list[dict[str, Any]]:
    """An issue's dated mentions in date order, each with its status and evidence sentence."""
    rows = store.query(
        "SELECT m.date, m.status, m.doc_id, m.sentence, m.start_char, m.end_char, d.text "
        "FROM issue_mentions m JOIN documents d ON d.id = m.doc_id WHERE m.issue_id = ? "
        "ORDER BY m.date IS NULL, m.date, m.doc_id, m.sentence", (issue_id,))
    return [{"date": date, "status": status, "doc": doc, "sentence": sent, "start": s, "end": e,
             "evidence": " ".join(text[s:e].split())} for date, status, doc, sent, s, e, text in rows]
