"""The schema, written once in portable SQL; dialect words are filled in per engine."""
from __future__ import annotations

import functools
import re

SCHEMA_VERSION = 1

DIALECTS = {
    "sqlite": {"BLOB": "BLOB", "SERIAL_PK": "INTEGER PRIMARY KEY", "BIGINT": "INTEGER",
               "KEYED": " WITHOUT ROWID"},
    "postgresql": {"BLOB": "BYTEA", "SERIAL_PK": "BIGSERIAL PRIMARY KEY", "BIGINT": "BIGINT", "KEYED": ""},
}
# {KEYED}: a per-document table of small rows read by its primary key, which SQLite then stores as one
# B-tree ordered by that key instead of a rowid table plus a second B-tree for the key (rows written once,
# in key order: a first build of 10k documents makes a 251 MB file instead of 277 MB). Stores made before
# keep their rowid tables; the SQL is the same for both.

# Per-document tables: everything keyed by doc_id, deleted and rewritten together.
DOC_TABLES = ("teasers", "blocks", "sentences", "spans", "minhashes", "lsh_bands",
              "entity_mentions", "event_mentions", "quotes", "issue_mentions")

DDL = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS builds (
  id {SERIAL_PK}, started TEXT NOT NULL, finished TEXT, status TEXT NOT NULL,
  paths TEXT, new_docs INTEGER DEFAULT 0, changed_docs INTEGER DEFAULT 0,
  unchanged_docs INTEGER DEFAULT 0, exact_duplicates INTEGER DEFAULT 0,
  near_duplicates INTEGER DEFAULT 0, errors INTEGER DEFAULT 0, seconds REAL);
CREATE TABLE IF NOT EXISTS sources (
  path TEXT PRIMARY KEY, size {BIGINT} NOT NULL, mtime_ns {BIGINT} NOT NULL,
  docs INTEGER NOT NULL, errors INTEGER NOT NULL, build_id INTEGER);
CREATE TABLE IF NOT EXISTS documents (
  id TEXT PRIMARY KEY, hash TEXT NOT NULL, source TEXT NOT NULL, source_line INTEGER NOT NULL,
  title TEXT, url TEXT, published TEXT, published_given INTEGER NOT NULL, published_why TEXT,
  lang TEXT NOT NULL, lang_score REAL NOT NULL, text TEXT NOT NULL, n_chars INTEGER NOT NULL,
  n_words INTEGER NOT NULL, duplicate_of TEXT, duplicate_kind TEXT, similarity REAL,
  build_id INTEGER);
CREATE INDEX IF NOT EXISTS documents_hash ON documents (hash);
CREATE INDEX IF NOT EXISTS documents_published ON documents (published);
CREATE TABLE IF NOT EXISTS teasers (
  doc_id TEXT NOT NULL, idx INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (doc_id, idx)){KEYED};
CREATE TABLE IF NOT EXISTS blocks (
  doc_id TEXT NOT NULL, idx INTEGER NOT NULL, kind TEXT NOT NULL,
  start_char INTEGER NOT NULL, end_char INTEGER NOT NULL, PRIMARY KEY (doc_id, idx)){KEYED};
CREATE TABLE IF NOT EXISTS sentences (
  doc_id TEXT NOT NULL, idx INTEGER NOT NULL, start_char INTEGER NOT NULL,
  end_char INTEGER NOT NULL, block TEXT NOT NULL, PRIMARY KEY (doc_id, idx)){KEYED};
CREATE TABLE IF NOT EXISTS spans (
  doc_id TEXT NOT NULL, layer TEXT NOT NULL, idx INTEGER NOT NULL,
  start_char INTEGER NOT NULL, end_char INTEGER NOT NULL, sentence INTEGER NOT NULL,
  label TEXT NOT NULL, value TEXT, attrs TEXT, PRIMARY KEY (doc_id, layer, idx)){KEYED};
CREATE TABLE IF NOT EXISTS minhashes (doc_id TEXT PRIMARY KEY, sig {BLOB} NOT NULL);
CREATE TABLE IF NOT EXISTS lsh_bands (band_key {BIGINT} NOT NULL, doc_id TEXT NOT NULL);
DROP INDEX IF EXISTS lsh_bands_key;
CREATE INDEX IF NOT EXISTS lsh_bands_key_doc ON lsh_bands (band_key, doc_id);
CREATE INDEX IF NOT EXISTS lsh_bands_doc ON lsh_bands (doc_id);
CREATE TABLE IF NOT EXISTS errors (
  id {SERIAL_PK}, build_id INTEGER, source TEXT NOT NULL, line INTEGER NOT NULL,
  doc_id TEXT, level TEXT NOT NULL, reason TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entities (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, wikidata TEXT, kind TEXT, state TEXT,
  in_kb INTEGER NOT NULL DEFAULT 0, first_doc TEXT);
CREATE TABLE IF NOT EXISTS entity_aliases (
  entity_id TEXT NOT NULL, alias TEXT NOT NULL, alias_key TEXT NOT NULL,
  PRIMARY KEY (entity_id, alias));
CREATE INDEX IF NOT EXISTS entity_aliases_key ON entity_aliases (alias_key);
CREATE TABLE IF NOT EXISTS entity_mentions (
  doc_id TEXT NOT NULL, span_idx INTEGER NOT NULL, entity_id TEXT NOT NULL,
  sentence INTEGER NOT NULL, start_char INTEGER NOT NULL, end_char INTEGER NOT NULL,
  role TEXT, doc_date TEXT, metonymy INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (doc_id, span_idx)){KEYED};
DROP INDEX IF EXISTS entity_mentions_entity;
CREATE INDEX IF NOT EXISTS entity_mentions_entity_doc ON entity_mentions (entity_id, doc_id);
CREATE TABLE IF NOT EXISTS events (
  id TEXT PRIMARY KEY, type TEXT NOT NULL, mode TEXT, date TEXT, location TEXT,
  score REAL, num_mentions INTEGER NOT NULL DEFAULT 0, num_sources INTEGER NOT NULL DEFAULT 0,
  first_doc TEXT, actor_key TEXT NOT NULL DEFAULT '', block TEXT NOT NULL DEFAULT '',
  actors TEXT, participants TEXT);
DROP INDEX IF EXISTS events_block;
CREATE INDEX IF NOT EXISTS events_date ON events (date);
CREATE INDEX IF NOT EXISTS events_dyad ON events (actor_key, date);
CREATE INDEX IF NOT EXISTS events_type_date ON events (type, date);
CREATE INDEX IF NOT EXISTS events_actor_type_date ON events (actor_key, type, date);
CREATE TABLE IF NOT EXISTS event_mentions (
  event_id TEXT NOT NULL, doc_id TEXT NOT NULL, sentence INTEGER NOT NULL,
  start_char INTEGER NOT NULL, end_char INTEGER NOT NULL, confidence REAL NOT NULL,
  doc_date TEXT, mode TEXT, location TEXT, actors TEXT, participants TEXT, published TEXT);
CREATE UNIQUE INDEX IF NOT EXISTS event_mentions_key ON event_mentions (event_id, doc_id, sentence);
CREATE INDEX IF NOT EXISTS event_mentions_doc ON event_mentions (doc_id);
CREATE TABLE IF NOT EXISTS issue_mentions (
  issue_id TEXT NOT NULL, doc_id TEXT NOT NULL, sentence INTEGER NOT NULL,
  start_char INTEGER NOT NULL, end_char INTEGER NOT NULL, date TEXT, status TEXT NOT NULL,
  PRIMARY KEY (issue_id, doc_id, sentence));
CREATE INDEX IF NOT EXISTS issue_mentions_doc ON issue_mentions (doc_id);
CREATE TABLE IF NOT EXISTS quotes (
  doc_id TEXT NOT NULL, idx INTEGER NOT NULL, start_char INTEGER NOT NULL,
  end_char INTEGER NOT NULL, sentence INTEGER NOT NULL, speaker_entity TEXT, cue TEXT,
  PRIMARY KEY (doc_id, idx)){KEYED};
CREATE TABLE IF NOT EXISTS search_rows (
  id {SERIAL_PK}, doc_id TEXT NOT NULL, sentence INTEGER NOT NULL,
  start_char INTEGER NOT NULL, end_char INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS search_rows_doc ON search_rows (doc_id);
"""

# Indexes only reads, deletes and rewrites use: a first build into an empty SQLite store (Store.bulk_load)
# makes them once at the end from the finished tables instead of updating them row by row; any writable
# open of a store that lacks one (a first build that was killed) makes it again.
# lsh_bands_key_doc answers near-duplicate lookups, which a first build answers from memory (store.bands);
# events_type_date and events_actor_type_date answer event merge lookups, which it answers from memory too
# (resolve/event_index). event_mentions_key is the table's unique key: in a first build every document is
# new and written once, so only a document's own rows can collide, and resolve/events checks those itself;
# its random inserts (keyed by event) dirtied most of its pages at every commit as the store grew.
# documents_published stays live: small, its pages cost less at commits (+1.3 s at 100k) than reading back
# the whole documents table, texts inline, to make it at the end (2.2 s).
BULK_DEFERRED = ("lsh_bands_doc", "lsh_bands_key_doc", "entity_mentions_entity_doc",
                 "events_date", "events_dyad", "events_type_date", "events_actor_type_date", "event_mentions_key",
                 "event_mentions_doc", "event_mentions_published", "issue_mentions_doc")

# Engine-specific statements, applied only for their dialect (full-text search: storyline/search.py).
# search_fts rowid = search_rows.id; its text has the barred d folded (unicode61 does not fold it).
# PostgreSQL's search_fts is a table with a tsvector (storyline/store/fulltext.py keeps it and its totals).
DIALECT_DDL = {
    "sqlite": ["CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
               "body, tokenize = 'unicode61 remove_diacritics 2')"],
    "postgresql": [
        "CREATE TABLE IF NOT EXISTS search_fts (rowid BIGINT PRIMARY KEY, body TEXT NOT NULL, "
        "words INTEGER NOT NULL, tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED)",
        "CREATE INDEX IF NOT EXISTS search_fts_tsv ON search_fts USING GIN (tsv)",
        "CREATE TABLE IF NOT EXISTS search_totals (id INTEGER PRIMARY KEY, n_rows BIGINT NOT NULL, "
        "n_words BIGINT NOT NULL)",
    ],
}


def ddl(dialect: str, skip: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """The CREATE statements for one engine, one statement per item (less the indexes named in skip)."""
    words = DIALECTS[dialect]
    text = DDL
    for key, val in words.items():
        text = text.replace("{" + key + "}", val)
    stmts = [stmt.strip() for stmt in text.split(";") if stmt.strip()] + DIALECT_DDL.get(dialect, [])
    return [s for s in stmts if not (m := _INDEX.match(s)) or m.group("name") not in skip]


_INDEX = re.compile(r"CREATE (?:UNIQUE )?INDEX IF NOT EXISTS (?P<name>\w+)")


@functools.lru_cache(maxsize=None)
def expected_columns() -> dict[str, list[str]]:
    """Table → column names, read off the portable DDL (what a store of this version must hold)."""
    out: dict[str, list[str]] = {}
    for stmt in ddl("sqlite"):
        m = re.match(r"CREATE TABLE IF NOT EXISTS (\w+) \((.*)\)(?: WITHOUT ROWID)?$", stmt, re.S)
        if not m:
            continue
        depth, item, items = 0, "", []
        for ch in m.group(2):
            depth += (ch == "(") - (ch == ")")
            if ch == "," and depth == 0:
                items.append(item)
                item = ""
            else:
                item += ch
        items.append(item)
        out[m.group(1)] = [i.split()[0] for i in map(str.strip, items)
                           if i and i.split()[0].upper() not in ("PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "CONSTRAINT")]
    return out
