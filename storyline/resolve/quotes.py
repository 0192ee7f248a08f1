"""Stores a document's quotes, pointing each at the speaker's stored (cross-document) entity id."""
from __future__ import annotations

from storyline.model import Document
from storyline.store.db import Store


def link(store: Store, doc: Document) -> None:
    """Write the 'quotes' layer to the quotes table (runs after the entity linker)."""
    rows = []
    ids = store.memo.get("doc_mention_ids", {}).pop(doc.id, None)  # (left by the entity linker)
    for idx, q in enumerate(s for s in doc.layer("quotes") if s.label == "quote"):
        entity = q.value
        span = q.attrs.get("speaker_span")
        if span and ids is not None:
            entity = ids.get((span[0], span[1])) or entity
        elif span:
            found = store.scalar("SELECT entity_id FROM entity_mentions WHERE doc_id = ? AND "
                                 "start_char = ? AND end_char = ?", (doc.id, span[0], span[1]))
            entity = found or entity
        rows.append((doc.id, idx, q.start, q.end, q.sentence, entity, q.attrs.get("cue")))
    if rows:
        store.executemany("INSERT INTO quotes (doc_id, idx, start_char, end_char, sentence, "
                          "speaker_entity, cue) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
