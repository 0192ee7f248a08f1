"""The application object: one factory shared by the CLI, the HTTP API and batch jobs."""
from __future__ import annotations

from typing import Any, Callable

from storyline import heap
from storyline.build import Builder, BuildReport
from storyline.settings import Settings
from storyline.store.db import Store, open_store


class Storyline:
    """Holds the settings and opens stores; every front end goes through here."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()

    def store(self, *, readonly: bool = False) -> Store:
        """Open the configured store (created with its schema unless read-only)."""
        return open_store(self.settings.db, readonly=readonly)

    def build(self, paths: list[str], on_progress: Callable[[int], None] | None = None,
              on_error: Callable[[str], None] | None = None) -> BuildReport:
        """Ingest, analyze and store the given paths (the memory the build freed goes back to the system)."""
        try:
            with self.store() as store:
                return Builder(store, self.settings, on_progress, on_error).run(paths)
        finally:
            heap.trim()

    def overview(self) -> dict[str, Any]:
        """Counts that describe the store at a glance."""
        with self.store(readonly=True) as st:
            q = st.scalar
            return {
                "documents": q("SELECT COUNT(*) FROM documents"),
                "published_given": q("SELECT COUNT(*) FROM documents WHERE published_given = 1"),
                "published_unknown": q("SELECT COUNT(*) FROM documents WHERE published IS NULL"),
                "published_inferred": q("SELECT COUNT(*) FROM documents WHERE published_given = 0 "
                                        "AND published IS NOT NULL"),
                "entities": q("SELECT COUNT(DISTINCT entity_id) FROM entity_mentions"),
                "timexes": q("SELECT COUNT(*) FROM spans WHERE layer = 'timexes'"),
                "events": q("SELECT COUNT(*) FROM events"),
                "event_reports": q("SELECT COUNT(*) FROM event_mentions"),
                "quotes": q("SELECT COUNT(*) FROM quotes WHERE speaker_entity IS NOT NULL"),
                "issue_mentions": q("SELECT COUNT(*) FROM issue_mentions"),
                "exact_duplicates": q("SELECT COUNT(*) FROM documents WHERE duplicate_kind = 'exact'"),
                "near_duplicates": q("SELECT COUNT(*) FROM documents WHERE duplicate_kind = 'near'"),
                "sentences": q("SELECT COUNT(*) FROM sentences"),
                "captions": q("SELECT COUNT(*) FROM blocks WHERE kind = 'caption'"),
                "bylines": q("SELECT COUNT(*) FROM blocks WHERE kind = 'byline'"),
                "teasers": q("SELECT COUNT(*) FROM teasers"),
                "words": q("SELECT COALESCE(SUM(n_words), 0) FROM documents"),
                "errors": q("SELECT COUNT(*) FROM errors WHERE level = 'error'"),
                "languages": dict(st.query("SELECT lang, COUNT(*) FROM documents GROUP BY lang ORDER BY 2 DESC")),
                "date_range": st.query("SELECT MIN(published), MAX(published) FROM documents "
                                       "WHERE published IS NOT NULL")[0],
                "duplicates": st.query("SELECT id, duplicate_of, duplicate_kind, similarity FROM documents "
                                       "WHERE duplicate_of IS NOT NULL ORDER BY id LIMIT 20"),
                "sample": st.query(
                    "SELECT d.id, d.published, d.published_given, d.n_words, "
                    "(SELECT COUNT(*) FROM sentences s WHERE s.doc_id = d.id), "
                    "(SELECT MIN(s.start_char) FROM sentences s WHERE s.doc_id = d.id AND s.block = 'paragraph'), "
                    "d.text FROM documents d ORDER BY d.published IS NULL, d.published DESC, d.id LIMIT 8"),
                "recent_errors": st.query("SELECT source, line, reason FROM errors WHERE level = 'error' "
                                          "ORDER BY id DESC LIMIT 10"),
            }
