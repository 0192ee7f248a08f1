"""Shared fixtures: real SQLite stores built from the bundled corpus and from made-up bad inputs."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from storyline.analyze.pipeline import Pipeline
from storyline.app import Storyline
from storyline.model import Document, Published, Span
from storyline.settings import Settings

os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "articles"
GOLD = ROOT / "corpus" / "gold"
FORMAT_EXAMPLES = ROOT.parent / "shared" / "format-examples"


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory) -> Path:
    """The bundled corpus built once into a real SQLite file."""
    db = tmp_path_factory.mktemp("corpus") / "corpus.db"
    Storyline(Settings(db=str(db))).build([str(CORPUS)])
    return db


@pytest.fixture()
def workdir(tmp_path) -> Path:
    """A folder holding a copy of a handful of corpus articles."""
    src = tmp_path / "in"
    src.mkdir()
    for p in sorted(CORPUS.glob("*.txt"))[:6]:
        shutil.copy(p, src / p.name)
    return tmp_path


def analyze_events(text: str, published: str) -> list[Span]:
    """The event spans of a text run through the whole pipeline, each of its lines a paragraph."""
    doc = Document(id="e", text=text, published=Published(published, True, "test"))
    blocks, at = [], 0
    for line in text.split("\n"):
        blocks.append(Span(at, at + len(line), "paragraph"))
        at += len(line) + 1
    doc.set_layer("blocks", blocks)
    Pipeline()(doc)
    return doc.layer("events")


def stored_events(tmp_path: Path, body: str, published: str = "2025-02-19") -> list[dict]:
    """The exported events of a one-article build into a real SQLite store (linking included)."""
    from storyline.store import reader
    from storyline.store.db import open_store

    src = tmp_path / "in"
    src.mkdir(parents=True)
    (src / "a.txt").write_text(f" date {published}\n{body}\n", encoding="utf-8")
    db = tmp_path / "s.db"
    Storyline(Settings(db=str(db))).build([str(src)])
    with open_store(str(db), readonly=True) as st:
        return reader.doc_events(st, "a")
