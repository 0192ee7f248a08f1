"""Cross-document work done as each analyzed document is stored (entity linking, event merging).

A linker is a function `link(store, doc)` called inside the batch transaction once the document's own
rows are written; it reads the document's span layers and writes the shared tables (entities,
entity_mentions, events, event_mentions, quotes). A build runs each linker over the batch's stored
documents, in order, before the next linker (Builder._link_stored), so later ones can use what earlier
ones wrote for the same document.
"""
from __future__ import annotations

import importlib
from typing import Callable

from storyline.model import Document
from storyline.store.db import Store

# "module:function" paths, imported on first use.
LINKERS: tuple[str, ...] = ("storyline.resolve.entities:link", "storyline.resolve.quotes:link",
                             "storyline.resolve.events:link", "storyline.resolve.issues:link",
                             "storyline.resolve.search:link")

_LOADED: list[Callable[[Store, Document], None]] = []


def linkers() -> list[Callable[[Store, Document], None]]:
    """The linker functions, imported once."""
    if not _LOADED and LINKERS:
        for path in LINKERS:
            module, func = path.split(":")
            _LOADED.append(getattr(importlib.import_module(module), func))
    return _LOADED

