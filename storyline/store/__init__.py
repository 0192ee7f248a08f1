"""The store: one schema, SQLite by default (PostgreSQL by URL in a later step)."""
from storyline.store.db import Store, open_store

__all__ = ["Store", "open_store"]
