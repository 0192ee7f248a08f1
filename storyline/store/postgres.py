"""PostgreSQL behind the same Store interface (psycopg 3, optional extra), for shared or large stores.

The schema is the portable one in schema.py with three engine words filled in, plus two rewrites
that make PostgreSQL answer exactly as SQLite does: TEXT columns use the "C" collation (byte order,
like SQLite's BINARY: ORDER BY and MIN over ids agree) and REAL is DOUBLE PRECISION (SQLite's REAL
is 8 bytes). SQL keeps its '?' placeholders; they become '%s' here, LIKE becomes ILIKE (SQLite's
LIKE ignores ASCII case) and ORDER BY terms get SQLite's NULL order (first ascending, last
descending). The connection runs in autocommit mode like the SQLite one: begin() opens the batch
transaction explicitly.
"""
from __future__ import annotations

import contextlib
import functools
import re
from typing import Any, Iterable, Iterator, Sequence
from urllib.parse import urlsplit, urlunsplit

from storyline.store.db import Store, StoreError
from storyline.store.schema import SCHEMA_VERSION, ddl

_TEXT = re.compile(r"\bTEXT\b")
_REAL = re.compile(r"\bREAL\b")
_TOKENS = re.compile(r"'(?:[^']|'')*'|\"[^\"]*\"|\?|%|\bLIKE\b", re.IGNORECASE)


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


_ORDER_END = re.compile(r"\b(?:LIMIT|OFFSET|FETCH|FOR|UNION|EXCEPT|INTERSECT|WINDOW)\b", re.IGNORECASE)
_ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)
_HAS_NULLS = re.compile(r"\bNULLS\s+(?:FIRST|LAST)\s*$", re.IGNORECASE)
_DESC = re.compile(r"\bDESC\s*$", re.IGNORECASE)


def _mask(sql: str) -> str:
    """The SQL with quoted text blanked out (same length), so keywords inside strings are not seen."""
    return re.sub(r"'(?:[^']|'')*'|\"[^\"]*\"", lambda m: "_" * len(m.group(0)), sql)


def nulls_like_sqlite(sql: str) -> str:
    """Every ORDER BY term sorts NULLs as SQLite does: first when ascending, last when descending."""
    masked = _mask(sql)
    out, pos = [], 0
    for m in _ORDER_BY.finditer(masked):
        start, depth, k, cuts = m.end(), 0, m.end(), []
        while k < len(masked):
            ch = masked[k]
            if ch == "(":
                depth += 1
            elif ch == ")":
                if depth == 0:
                    break
                depth -= 1
            elif ch == "," and depth == 0:
                cuts.append(k)
            elif depth == 0 and _ORDER_END.match(masked, k) and not masked[k - 1].isalnum():
                break
            k += 1
        terms, lo = [], start
        for cut in cuts + [k]:
            term = sql[lo:cut]
            body = term.rstrip()
            if not _HAS_NULLS.search(body):
                body += " NULLS LAST" if _DESC.search(body) else " NULLS FIRST"
            terms.append(body + term[len(term.rstrip()):])
            lo = cut + 1
        out.append(sql[pos:start] + ",".join(terms))
        pos = k
    out.append(sql[pos:])
    return "".join(out)


@functools.lru_cache(maxsize=4096)
def translate(sql: str) -> str:
    """SQLite-flavoured SQL for PostgreSQL: '?' placeholders to '%s', literal '%' doubled, LIKE to
    ILIKE, NULLs ordered as SQLite orders them; quoted text left alone."""
    sql = nulls_like_sqlite(sql)
    def sub(m: re.Match) -> str:
        tok = m.group(0)
        if tok == "?":
            return "%s"
        if tok == "%":
            return "%%"
        if tok.upper() == "LIKE":
            return "ILIKE"
        return tok.replace("%", "%%")
    return _TOKENS.sub(sub, sql)


def column_types(stmt: str) -> str:
    """A schema statement with PostgreSQL's column types: TEXT in the "C" collation, REAL as 8 bytes."""
    return _REAL.sub("DOUBLE PRECISION", _TEXT.sub('TEXT COLLATE "C"', stmt))


def schema_statements(skip: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """The CREATE statements for PostgreSQL, with the collation and float rewrites."""
    return [column_types(s) for s in ddl("postgresql", skip)]


class PostgresStore(Store):
    """A psycopg connection with the Store methods; SQL is written for SQLite and translated."""

    def __init__(self, conn: Any, location: str) -> None:
        super().__init__(conn, "postgresql", location)

    @staticmethod
    def _params(sql: str, params: Sequence[Any]) -> tuple[str, tuple]:
        return translate(sql), tuple(params)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """Run one statement (returns the cursor: rowcount, fetch*)."""
        return self.conn.execute(*self._params(sql, params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement for many rows (psycopg pipelines them)."""
        rows = [tuple(r) for r in rows]
        if rows:
            with self.conn.cursor() as cur:
                cur.executemany(translate(sql), rows)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        """All rows of a query."""
        return self.conn.execute(*self._params(sql, params)).fetchall()

    def iterate(self, sql: str, params: Sequence[Any] = (), size: int = 500) -> Iterator[tuple]:
        """Rows of a query in chunks (client-side, so other queries may run while iterating)."""
        cur = self.conn.execute(*self._params(sql, params))
        while True:
            rows = cur.fetchmany(size)
            if not rows:
                return
            yield from rows

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first column of the first row, or None."""
        row = self.conn.execute(*self._params(sql, params)).fetchone()
        return row[0] if row else None

    def _in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.conn.info.transaction_status != TransactionStatus.IDLE

    @contextlib.contextmanager
    def snapshot(self) -> Iterator["PostgresStore"]:
        """A read transaction whose queries all see one committed state (REPEATABLE READ: a build
        committing meanwhile is not seen half-way); closed even when the route fails."""
        if self._in_transaction():
            yield self
            return
        self.conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        try:
            yield self
        finally:
            if self._in_transaction():
                self.conn.execute("COMMIT")

    def begin(self) -> None:
        """Open the batch transaction (a no-op when one is open)."""
        if not self._in_transaction():
            self.conn.execute("BEGIN")

    def commit(self) -> None:
        """Make the batch durable (with what linkers kept pending)."""
        self.flush()
        if self._in_transaction():
            self.conn.execute("COMMIT")

    def rollback(self) -> None:
        """Drop the open batch."""
        self.memo.clear()
        if self._in_transaction():
            self.conn.execute("ROLLBACK")

    def ensure_schema(self) -> None:
        """Create tables on first use (one transaction, serialized by an advisory lock); refuse a
        store written by a newer schema."""
        self.begin()
        self.conn.execute("SELECT pg_advisory_xact_lock(7170)")  # two first builds at once
        from storyline.store.upgrade import held_by_primary_key

        for stmt in schema_statements(held_by_primary_key(self)):
            self.conn.execute(stmt)
        version = self.scalar("SELECT MAX(version) FROM schema_version")
        if version is None:
            self.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))
        elif version > SCHEMA_VERSION:
            self.rollback()
            raise StoreError(f"{redact(self.location)} has schema version {version}, newer than this "
                             f"storyline ({SCHEMA_VERSION}); upgrade storyline")
        from storyline.store.upgrade import upgrade

        upgrade(self)
        self.commit()


def open_postgres(url: str, *, readonly: bool = False) -> PostgresStore:
    """Connect to a postgresql:// URL (schema created unless read-only)."""
    try:
        import psycopg
    except ImportError:
        raise StoreError("PostgreSQL stores need the optional extra: pip install 'storyline[postgres]'") from None
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StoreError(f"cannot connect to {redact(url)}: {reason}") from None
    store = PostgresStore(conn, url)
    try:
        if readonly:
            conn.execute("SET default_transaction_read_only = on")
            if store.scalar("SELECT to_regclass('documents')") is None:
                conn.close()
                raise StoreError(f"no store at {redact(url)}; run 'storyline build PATH --db URL' first")
        from storyline.store.upgrade import check_current

        check_current(store)  # before the schema statements, which would trip on an old table
        if not readonly:
            store.ensure_schema()
    except StoreError:
        conn.close()
        raise
    except psycopg.Error as exc:
        conn.close()
        raise StoreError(f"{redact(url)}: {str(exc).strip().splitlines()[0]}") from None
    return store
