"""underthesea's CRF named-entity tagger as an entity baseline (optional extra: pip install .[baselines]).

Its B-/I- PER/ORG/LOC tags are joined into spans and spans with the same surface form become one entity:
the tagger has no aliases, no knowledge base and no cross-document ids, so this is what it can offer.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from storyline import kb

TYPES = ("PER", "ORG", "LOC")


def _tagger():
    """underthesea.ner, imported only when the baseline runs."""
    try:
        from underthesea import ner
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError("the underthesea baseline needs the optional extra: pip install 'storyline[baselines]'") from exc
    return ner


def spans(text: str) -> list[tuple[str, str]]:
    """(surface, type) of every entity span underthesea tags, line by line."""
    ner = _tagger()
    out: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        words: list[str] = []
        etype = None
        for row in ner(line):
            word, tag = row[0], row[-1]
            kind = tag[2:] if tag[:2] in ("B-", "I-") else None
            if tag.startswith("I-") and etype == kind and words:
                words.append(word)
                continue
            if words and etype in TYPES:
                out.append((" ".join(words), etype))
            words, etype = ([word], kind) if tag.startswith("B-") else ([], None)
        if words and etype in TYPES:
            out.append((" ".join(words), etype))
    return out


def annotate(text: str, published: str | None) -> dict[str, Any]:
    """Entities in the annotation format: one per distinct surface form, typed by majority vote."""
    if not text.strip():
        return {"entities": []}
    types: dict[str, Counter] = {}
    for surface, etype in spans(text):
        types.setdefault(surface, Counter())[etype] += 1
    entities = []
    for surface, votes in types.items():
        entities.append({"id": kb.slug(surface), "name": surface, "type": votes.most_common(1)[0][0],
                         "aliases": [surface], "roles": []})
    return {"entities": entities}
