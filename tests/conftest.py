"""Shared fixtures: real SQLite stores built from the bundled corpus and from made-up bad inputs."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from storyline.app import Storyline
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
