"""The bundled knowledge base: a language-neutral entity table plus folding rules shared by all languages."""
from __future__ import annotations

import csv
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

KB_DIR = Path(__file__).parent
TYPES = ("PER", "ORG", "LOC")


class KBError(ValueError):
    """A knowledge-base file is malformed; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Role:
    """A title held from one date to another (ISO prefixes; empty = open)."""

    title: str
    start: str = ""
    end: str = ""


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world entity with its canonical name and Latin-script aliases."""

    id: str
    name: str
    type: str
    kind: str
    wikidata: str | None = None
    state: str | None = None
    demonym: str | None = None
    roles: tuple[Role, ...] = ()
    aliases: tuple[str, ...] = field(default=())


def _rows(path: Path) -> list[dict[str, str]]:
    """Data rows of a TSV file whose comment lines start with '#'."""
    with open(path, encoding="utf-8", newline="") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _roles(text: str) -> tuple[Role, ...]:
    """Parse 'title@from..to; …' into roles."""
    out = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        title, _, span = part.partition("@")
        start, _, end = span.partition("..")
        out.append(Role(title.strip(), start.strip(), end.strip()))
    return tuple(out)


@functools.lru_cache(maxsize=None)
def entities() -> dict[str, Entity]:
    """Every KB entity by id, read once per process."""
    path = KB_DIR / "entities.tsv"
    out: dict[str, Entity] = {}
    for n, row in enumerate(_rows(path), start=1):
        eid = row["id"]
        if eid in out:
            raise KBError(f"{path}: row {n}: duplicate id {eid!r}")
        if row["type"] not in TYPES:
            raise KBError(f"{path}: row {n}: type {row['type']!r} is not one of {TYPES}")
        aliases = tuple(dict.fromkeys([row["name"], *filter(None, row["aliases"].split("|"))]))
        out[eid] = Entity(eid, row["name"], row["type"], row["kind"], row["wikidata"] or None,
                          row["state"] or None, row["demonym"] or None, _roles(row["roles"]), aliases)
    return out


def get(eid: str) -> Entity | None:
    """A KB entity by id, or None."""
    return entities().get(eid)


def kind_of(key: str | None) -> str | None:
    """The kind of the KB entity a mention's key names ('kb:<id>'), or None for other keys."""
    ent = get(key[3:]) if key and key.startswith("kb:") else None
    return ent.kind if ent is not None else None


@functools.lru_cache(maxsize=None)
def given_names() -> frozenset[str]:
    """Latin-script given names that mark a capitalized run as a person."""
    return frozenset(r["name"] for r in _rows(KB_DIR / "given_names.tsv"))


@functools.lru_cache(maxsize=None)
def translit_rules() -> tuple[tuple["re.Pattern[str]", str, str, str], ...]:
    """(pattern, replacement, example a, example b) folding rules, in file order."""
    return tuple((re.compile(r["pattern"]), r["replacement"], r["example_a"], r["example_b"])
                 for r in _rows(KB_DIR / "translit.tsv"))


def strip_marks(text: str) -> str:
    """Lowercase ASCII-ish text: diacritics removed, the barred d (U+0111/U+0110) folded to 'd'."""
    text = text.replace("\u0111", "d").replace("\u0110", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@functools.lru_cache(maxsize=65536)
def slug(name: str) -> str:
    """The id form of a canonical name: lowercase ASCII words joined by hyphens (memoized: the same
    names are slugged for every mention, event place and cluster)."""
    flat = re.sub(r"[.'’]", "", strip_marks(name))
    return re.sub(r"[^a-z0-9]+", "-", flat).strip("-")


def fold_word(word: str) -> str:
    """One diacritic-free lowercase word with the transliteration rules applied."""
    for pattern, repl, _a, _b in translit_rules():
        word = pattern.sub(repl, word)
    return word


@functools.lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """Diacritics-, case-, punctuation- and transliteration-insensitive key of a name."""
    words = re.findall(r"[a-z0-9]+", strip_marks(name))
    return " ".join(fold_word(w) for w in words)


def state_name(eid: str | None) -> str | None:
    """Canonical name of the state an entity id belongs to."""
    ent = get(eid) if eid else None
    return ent.name if ent else None
