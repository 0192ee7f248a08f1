"""Store integrity: every reference resolves, every offset lies inside its text, counts agree."""
from __future__ import annotations

from dataclasses import dataclass, field

from storyline.store.db import Store

# (table, offset columns, what the rows are) for the per-document span tables
SPAN_TABLES = (("blocks", "blocks"), ("sentences", "sentences"), ("spans", "spans"),
               ("entity_mentions", "entity mentions"), ("event_mentions", "event reports"),
               ("quotes", "quotes"), ("issue_mentions", "issue mentions"))
# (child table, column, parent table, what is dangling)
REFERENCES = (("entity_mentions", "entity_id", "entities", "entity mentions of unknown entities"),
              ("event_mentions", "event_id", "events", "event reports of unknown events"),
              ("quotes", "speaker_entity", "entities", "quotes by unknown speakers"),
              ("entity_aliases", "entity_id", "entities", "aliases of unknown entities"))


@dataclass
class CheckReport:
    """What was checked and every problem found (empty problems: the store is sound)."""

    checked: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _orphans(store: Store, table: str, what: str, report: CheckReport) -> None:
    """Rows of a per-document table whose document is gone."""
    n = store.scalar(f"SELECT COUNT(*) FROM {table} t LEFT JOIN documents d ON d.id = t.doc_id "
                     f"WHERE d.id IS NULL")
    if n:
        report.problems.append(f"{n} {what} belong to no stored document ({table})")


def _offsets(store: Store, table: str, what: str, report: CheckReport) -> None:
    """Spans whose offsets fall outside their document's text or run backwards."""
    n = store.scalar(f"SELECT COUNT(*) FROM {table} t JOIN documents d ON d.id = t.doc_id "
                     f"WHERE t.start_char < 0 OR t.end_char < t.start_char OR t.end_char > d.n_chars")
    report.checked[what] = store.scalar(f"SELECT COUNT(*) FROM {table}")
    if n:
        report.problems.append(f"{n} {what} have offsets outside their document's text ({table})")


def check_store(store: Store) -> CheckReport:
    """Run every check; never raises for a damaged store, it reports."""
    report = CheckReport()
    report.checked["documents"] = store.scalar("SELECT COUNT(*) FROM documents")
    bad_len = store.scalar("SELECT COUNT(*) FROM documents WHERE n_chars <> LENGTH(text)")
    if bad_len:
        report.problems.append(f"{bad_len} documents record a length different from their text")
    for table, what in SPAN_TABLES:
        _orphans(store, table, what, report)
        _offsets(store, table, what, report)
    for child, col, parent, what in REFERENCES:
        n = store.scalar(f"SELECT COUNT(*) FROM {child} c LEFT JOIN {parent} p ON p.id = c.{col} "
                         f"WHERE c.{col} IS NOT NULL AND p.id IS NULL")
        if n:
            report.problems.append(f"{n} {what}")
    dup = store.scalar("SELECT COUNT(*) FROM documents d LEFT JOIN documents f ON f.id = d.duplicate_of "
                       "WHERE d.duplicate_of IS NOT NULL AND f.id IS NULL")
    if dup:
        report.problems.append(f"{dup} duplicates link to a first copy that is not stored")
    counts = store.scalar(
        "SELECT COUNT(*) FROM events e WHERE e.num_mentions <> (SELECT COUNT(*) FROM event_mentions m "
        "WHERE m.event_id = e.id) OR e.num_sources <> (SELECT COUNT(DISTINCT m.doc_id) FROM event_mentions m "
        "WHERE m.event_id = e.id)")
    report.checked["events"] = store.scalar("SELECT COUNT(*) FROM events")
    if counts:
        report.problems.append(f"{counts} events count mentions or sources wrongly")
    empty = store.scalar("SELECT COUNT(*) FROM events e WHERE NOT EXISTS "
                         "(SELECT 1 FROM event_mentions m WHERE m.event_id = e.id)")
    if empty:
        report.problems.append(f"{empty} events have no report left")
    if store.dialect == "sqlite":
        verdict = store.scalar("PRAGMA quick_check")
        if verdict != "ok":
            report.problems.append(f"SQLite quick_check: {verdict}")
    return report
