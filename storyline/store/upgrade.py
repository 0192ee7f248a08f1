"""Additions to the schema that CREATE ... IF NOT EXISTS cannot make on a store built before them."""
from __future__ import annotations

from storyline.store.db import Store

# (table, column, SQL type, backfill expression over the table's rows, index made once the column exists)
COLUMNS = (
    ("event_mentions", "published", "TEXT",
     "(SELECT d.published FROM documents d WHERE d.id = event_mentions.doc_id)",
     "CREATE INDEX IF NOT EXISTS event_mentions_published ON event_mentions (event_id, published, doc_id, sentence)"),
)


def has_column(store: Store, table: str, column: str) -> bool:
    """True when the store's table has the column (remembered per connection)."""
    seen = store.memo.setdefault("columns", {})
    if (table, column) not in seen:
        if store.dialect == "sqlite":
            n = store.scalar("SELECT COUNT(*) FROM pragma_table_info(?) WHERE name = ?", (table, column))
        else:
            n = store.scalar("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema() "
                             "AND table_name = ? AND column_name = ?", (table, column))
        seen[(table, column)] = bool(n)
    return seen[(table, column)]


def upgrade(store: Store) -> None:
    """Add the missing columns, fill them from what the store holds, and make their indexes (inside the
    caller's schema transaction)."""
    for table, column, kind, fill, index in COLUMNS:
        if not has_column(store, table, column):
            collate = ' COLLATE "C"' if store.dialect == "postgresql" and kind == "TEXT" else ""  # as schema_statements
            store.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}{collate}")
            store.execute(f"UPDATE {table} SET {column} = {fill}")
            store.memo.get("columns", {}).pop((table, column), None)
        store.execute(index)


def missing_columns(store: Store) -> list[str]:
    """'table.column' the store lacks that no upgrade adds (a store built by an older storyline)."""
    from storyline.store.schema import expected_columns

    if store.dialect == "sqlite":
        have = {(t, c) for t in expected_columns()
                for (c,) in store.query("SELECT name FROM pragma_table_info(?)", (t,))}
    else:
        have = set(store.query("SELECT table_name, column_name FROM information_schema.columns "
                               "WHERE table_schema = current_schema()"))
    tables = {t for t, _c in have}
    addable = {(t, c) for t, c, *_rest in COLUMNS}
    return [f"{t}.{c}" for t, cols in expected_columns().items() if t in tables
            for c in cols if (t, c) not in have and (t, c) not in addable]


def check_current(store: Store) -> None:
    """OutdatedStore (a StoreError) naming the fix when the store lacks columns this version reads."""
    from storyline.store.db import OutdatedStore

    gone = missing_columns(store)
    if gone:
        where = store.location
        if store.dialect != "sqlite":
            from storyline.store.postgres import redact

            where = redact(where)
        raise OutdatedStore(f"{where} was built by an older storyline (it has no {', '.join(gone[:3])}"
                         f"{' …' if len(gone) > 3 else ''}); build the articles again into a new store")
