"""Additions to the schema that CREATE ... IF NOT EXISTS cannot make on a store built before them, and
the check that a store holds every column this version reads."""
from __future__ import annotations

from storyline.store.db import OutdatedStore, Store
from storyline.store.schema import expected_columns

# (table, column, SQL type, backfill expression over the table's rows, index made once the column exists)
COLUMNS = (
    ("event_mentions", "published", "TEXT",
     "(SELECT d.published FROM documents d WHERE d.id = event_mentions.doc_id)",
     "CREATE INDEX IF NOT EXISTS event_mentions_published ON event_mentions (event_id, published, doc_id, sentence)"),
)

# unique indexes that were their table's PRIMARY KEY in stores built before (as an index, a first build can
# make one at its end: schema.BULK_DEFERRED); such a store's primary key still holds them
ONCE_PRIMARY = {"event_mentions_key": "event_mentions"}


def held_by_primary_key(store: Store) -> set[str]:
    """The ONCE_PRIMARY indexes this store need not make: their table has the primary key already."""
    out = set()
    for index, table in ONCE_PRIMARY.items():
        if store.dialect == "sqlite":
            sql = "SELECT 1 FROM pragma_index_list(?) WHERE origin = 'pk'"
        else:
            sql = ("SELECT 1 FROM information_schema.table_constraints WHERE table_name = ? "
                   "AND constraint_type = 'PRIMARY KEY' AND table_schema = current_schema()")
        if store.query(sql, (table,)):
            out.add(index)
    return out


def _columns(store: Store) -> set[tuple[str, str]]:
    """The (table, column) pairs the store holds, read once per connection."""
    held = store.memo.get("columns")
    if held is None:
        if store.dialect == "sqlite":
            held = {(t, c) for t in expected_columns()
                    for (c,) in store.query("SELECT name FROM pragma_table_info(?)", (t,))}
        else:
            held = set(store.query("SELECT table_name, column_name FROM information_schema.columns "
                                   "WHERE table_schema = current_schema()"))
        store.memo["columns"] = held
    return held


def has_column(store: Store, table: str, column: str) -> bool:
    """True when the store's table has the column."""
    return (table, column) in _columns(store)


def upgrade(store: Store) -> None:
    """Add the missing columns, fill them from what the store holds, and make their indexes (inside the
    caller's schema transaction, right after its CREATE statements)."""
    store.memo.pop("columns", None)  # the CREATE statements may have just made the tables
    for table, column, kind, fill, index in COLUMNS:
        if not has_column(store, table, column):
            add = f"ALTER TABLE {table} ADD COLUMN {column} {kind}"
            if store.dialect == "postgresql":
                from storyline.store.postgres import column_types

                add = column_types(add)
            store.execute(add)
            store.execute(f"UPDATE {table} SET {column} = {fill}")
            _columns(store).add((table, column))
        store.execute(index)


def check_current(store: Store) -> None:
    """OutdatedStore naming the fix when an existing table lacks a column this version reads and no
    upgrade adds."""
    from storyline.store.postgres import redact

    held = _columns(store)
    tables = {t for t, _c in held}
    addable = {(t, c) for t, c, *_rest in COLUMNS}
    gone = [f"{t}.{c}" for t, cols in expected_columns().items() if t in tables
            for c in cols if (t, c) not in held and (t, c) not in addable]
    if gone:
        raise OutdatedStore(f"{redact(store.location)} was built by an older storyline (it has no "
                            f"{', '.join(gone[:3])}{' …' if len(gone) > 3 else ''}); build the articles "
                            "again into a new store")
