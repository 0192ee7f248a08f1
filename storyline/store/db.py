"""Connections: a SQLite file (WAL, batch commits) behind a small engine-neutral interface."""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from typing import Any, Iterable, Iterator, Sequence

from storyline.store.bands import BandIndex
from storyline.store.flusher import Flusher, fsync_path
from storyline.store.schema import BULK_DEFERRED, SCHEMA_VERSION, ddl

# A first build commits once this many documents have gathered, not after every batch: each commit
# rewrites every index page its inserts touched, and once the indexes outgrow the batch a small
# batch touches about one page per row, so per-batch commits grew faster than the store
BULK_COMMIT_DOCS = 2000
# Page cache of a first build (KiB; 128 MiB otherwise): on a 100k-document store the random-order index
# inserts (events, event reports, LSH bands) touched more pages than 128 MiB holds, and every re-read page
# was a read from the file, so per-document costs grew with the store
BULK_CACHE_KIB = 512 * 1024
CACHE_KIB = 128 * 1024
# Journal of a first build: a rollback journal copies only pages that existed before a commit, so the new
# pages that make up most of a growing store are written once, to the file; the WAL wrote each twice (log,
# then checkpoint). A killed process still finds its last commit: SQLite rolls a leftover journal back.
BULK_JOURNAL = "TRUNCATE"
BUSY_MS = 10_000  # how long a statement waits for another connection's lock
# Page size of a new store (an existing one keeps its own): 16 KiB pages hold four times the rows of the
# default 4 KiB, so a batch's inserts dirty fewer pages and a commit writes and syncs fewer (100k A/B:
# commits 8.4 -> 6.6 s, writing documents 39.5 -> 35.2 s, file 2 % smaller)
PAGE_BYTES = 16384
WAL_CHECKPOINT_BYTES = 40 * 2**20  # the WAL is copied back once it holds about this much


class StoreError(RuntimeError):
    """The store cannot be opened or is of an unknown schema; the message says what to do."""


class OutdatedStore(StoreError):
    """A store built by an older storyline, lacking columns this one reads (rebuild it)."""


def now() -> str:
    """UTC timestamp for build records."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Store:
    """A database connection with the project's schema; SQL is written with '?' placeholders."""

    def __init__(self, conn: Any, dialect: str, location: str) -> None:
        self.conn = conn
        self.dialect = dialect
        self.location = location
        # Linkers' caches of what this connection has written (ids taken, running counts); only
        # valid while rows are added, so a rollback or any document delete empties it.
        self.memo: dict[str, Any] = {}
        self.bulk = False  # inside bulk_load: batches may share a commit (see commit_batch)
        # inside bulk_load: the LSH rows written so far, answering near-duplicate lookups while the
        # table's key index is deferred (writer.near_duplicate); None otherwise
        self.bands: BandIndex | None = None
        self._uncommitted = 0

    # -- low level -----------------------------------------------------------------------
    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """Run one statement."""
        return self.conn.execute(sql, tuple(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement for many rows."""
        self.conn.executemany(sql, list(rows))

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        """All rows of a query."""
        return list(self.conn.execute(sql, tuple(params)).fetchall())

    def iterate(self, sql: str, params: Sequence[Any] = (), size: int = 500) -> Iterator[tuple]:
        """Rows of a query, fetched in chunks (never the whole table in memory)."""
        cur = self.conn.execute(sql, tuple(params))
        while True:
            rows = cur.fetchmany(size)
            if not rows:
                return
            yield from rows

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first column of the first row, or None."""
        row = self.conn.execute(sql, tuple(params)).fetchone()
        return row[0] if row else None

    @contextlib.contextmanager
    def snapshot(self) -> Iterator["Store"]:
        """A read transaction: every query inside sees the same committed state (WAL readers are
        never blocked by a build writing, and never see half a batch)."""
        if self.conn.in_transaction:
            yield self
            return
        self.conn.execute("BEGIN")
        try:
            yield self
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    def begin(self) -> None:
        """Open a write transaction (one per batch)."""
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        """Make the batch durable (with what linkers kept pending)."""
        self.flush()
        self.conn.commit()
        self._uncommitted = 0

    def commit_batch(self, docs: int) -> bool:
        """End a batch of `docs` documents: commit it, or in a bulk load only once BULK_COMMIT_DOCS
        documents have gathered (a killed first build then redoes at most that many). True if it
        committed."""
        self._uncommitted += docs
        if self.bulk and self._uncommitted < BULK_COMMIT_DOCS:
            self.flush()
            return False
        self.commit()
        return True

    def flush(self) -> None:
        """Write what linkers keep pending in memo["pending"] (name → function of the store): called
        before a commit and before anything empties the memo."""
        pending = self.memo.get("pending")
        while pending:
            pending.popitem()[1](self)

    def rollback(self) -> None:
        """Drop the open batch (and the in-memory band rows, which may now hold rows it dropped)."""
        self.memo.clear()
        self.bands = None
        self.conn.rollback()

    @contextlib.contextmanager
    def bulk_load(self) -> Iterator["Store"]:
        """A build into a store that holds no document yet: batches commit in groups of
        BULK_COMMIT_DOCS documents without waiting for the disk (synchronous=OFF: a killed process
        still loses nothing committed; only a power cut during this first build can damage the new
        file), pages go through a rollback journal instead of the WAL (BULK_JOURNAL), written pages are
        handed to the disk every few seconds by a thread (store/flusher.py) and everything is synced
        once at the end, and the indexes only reads use (schema.BULK_DEFERRED) are made at the end from
        the finished tables. On a large first build per-batch syncs, per-batch page rewrites and
        read-side index updates were the costs growing faster than the store. A build into a store
        that holds documents commits every batch durably."""
        if self.dialect != "sqlite" or self.scalar("SELECT 1 FROM documents LIMIT 1") is not None:
            yield self
            return
        self.conn.execute("PRAGMA synchronous=OFF")
        self._journal(BULK_JOURNAL, wait=False)  # (a store someone holds busy keeps its WAL: no waiting)
        self.conn.execute(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
        self.bulk = True
        self.memo.clear()  # linkers' in-memory indexes start empty with the store (resolve/event_index)
        self.bands = BandIndex()
        self.begin()
        for name in BULK_DEFERRED:
            self.execute(f"DROP INDEX IF EXISTS {name}")
        self.commit()
        try:
            with Flusher([self.location, self.location + "-wal"]):
                yield self
                if self.conn.in_transaction:
                    self.commit()  # the batches gathered since the last commit
        finally:
            self.bulk = False
            self.bands = None
            if self.conn.in_transaction:
                self.rollback()  # a failed build keeps what it committed, not half a batch
            self.ensure_schema()  # the deferred indexes, built from the finished tables
            self._journal("WAL", wait=True)  # readers and later builds share the store through it again
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")  # back to the usual size
            self.sync()

    def _journal(self, mode: str, *, wait: bool) -> None:
        """Switch the file's journal mode; a store another connection holds busy (after BUSY_MS, or at
        once without `wait`) keeps its mode, which only costs speed (SQLite reads and writes safely in
        either; any later writable open asks for WAL again)."""
        if not wait:
            self.conn.execute("PRAGMA busy_timeout=0")
        try:
            self.conn.execute(f"PRAGMA journal_mode={mode}").fetchone()
        except sqlite3.OperationalError:
            pass  # busy: the mode it has stays
        finally:
            self.conn.execute(f"PRAGMA busy_timeout={BUSY_MS}")

    def sync(self) -> None:
        """Force the SQLite file and its WAL to disk (what synchronous=OFF skipped)."""
        self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        for name in (self.location, self.location + "-wal"):
            fsync_path(name)  # a missing WAL has nothing to sync

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema --------------------------------------------------------------------------
    def ensure_schema(self) -> None:
        """Create tables on first use; refuse a store written by a newer schema."""
        from storyline.store.upgrade import held_by_primary_key, upgrade

        self.begin()
        for stmt in ddl(self.dialect, held_by_primary_key(self)):
            self.conn.execute(stmt)
        version = self.scalar("SELECT MAX(version) FROM schema_version")
        if version is None:
            self.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))
        elif version > SCHEMA_VERSION:
            self.rollback()
            raise StoreError(f"{self.location} has schema version {version}, newer than this "
                             f"storyline ({SCHEMA_VERSION}); upgrade storyline")
        upgrade(self)
        self.commit()


def _sqlite(path: str, readonly: bool) -> Store:
    """Open (or create) a SQLite file in WAL mode."""
    if readonly:
        if not os.path.exists(path):
            raise StoreError(f"no store at {path}; run 'storyline build PATH --db {path}' first")
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None,
                               check_same_thread=False)
    else:
        parent = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(parent):
            raise StoreError(f"cannot create {path}: folder {parent} does not exist")
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA page_size={PAGE_BYTES}")  # (before the WAL: only an empty file takes it)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        # checkpoint every ~40 MB of WAL, not every 4 MB: a page rewritten by many batches (an
        # event counted by report after report) is copied back once, so batch commits stay flat
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        conn.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_BYTES // page}")
    conn.execute(f"PRAGMA busy_timeout={BUSY_MS}")
    conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    conn.execute("PRAGMA foreign_keys=ON")
    return Store(conn, "sqlite", path)


def open_store(location: str, *, readonly: bool = False) -> Store:
    """A store from a SQLite path or a postgresql:// URL (store/postgres.py)."""
    if location.startswith(("postgresql://", "postgres://")):
        from storyline.store.postgres import open_postgres

        return open_postgres(location, readonly=readonly)
    try:
        store = _sqlite(location, readonly)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open {location}: {exc}") from None
    try:
        from storyline.store.upgrade import check_current

        check_current(store)  # before the schema statements, which would trip on an old table
        if not readonly:
            store.ensure_schema()
    except sqlite3.DatabaseError as exc:
        store.close()
        raise StoreError(f"{location} is not a storyline database ({exc})") from None
    except StoreError:
        store.close()
        raise
    return store
