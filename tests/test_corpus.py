"""The bundled corpus and its gold dev set keep the promises the issues rely on."""
from __future__ import annotations

import collections
import json
import unicodedata

from storyline.tools.anchor_gold import anchor, cleaned_text
from storyline.settings import Settings

from .conftest import CORPUS, GOLD


def _golds():
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("*.json"))}


def test_corpus_has_the_required_shapes():
    texts = {p.stem: p.read_bytes().decode("utf-8") for p in sorted(CORPUS.glob("*.txt"))}
    assert len(texts) >= 40
    assert sum(not t.lstrip("\ufeff").startswith(" date ") for t in texts.values()) >= 8
    assert sum(not unicodedata.is_normalized("NFC", t) for t in texts.values()) >= 2
    assert any("\r\n" in t for t in texts.values()) and any(t.startswith("\ufeff") for t in texts.values())
    assert sum(t.rstrip().endswith("…") for t in texts.values()) >= 6
    assert any("18-2" in t for t in texts.values()) and any("18/2" in t for t in texts.values())


def test_gold_ids_are_consistent_across_documents():
    """Dev and held-out gold together: one name and type per id, one id per name, one type per event."""
    by_id, by_name = collections.defaultdict(set), collections.defaultdict(set)
    events = collections.defaultdict(set)
    heldout = GOLD.parent / "heldout"
    for gold in [*_golds().values(), *(json.loads(p.read_text(encoding="utf-8")) for p in sorted(heldout.glob("*.json")))]:
        for ent in gold["entities"]:
            by_id[ent["id"]].add((ent["name"], ent["type"]))
            by_name[ent["name"]].add(ent["id"])
        for ev in gold["events"]:
            events[ev["id"]].add(ev["type"])
    assert {k: v for k, v in by_id.items() if len(v) > 1} == {}
    assert {k: v for k, v in by_name.items() if len(v) > 1} == {}
    assert {k: v for k, v in events.items() if len(v) > 1} == {}
    assert sum(1 for v in events if sum(v in [e["id"] for e in g["events"]] for g in _golds().values()) > 1) >= 10


def test_gold_offsets_point_at_their_text():
    settings = Settings()
    for doc_id, gold in _golds().items():
        text = cleaned_text(CORPUS / f"{doc_id}.txt", settings)
        fresh = json.loads(json.dumps(gold))
        assert anchor(fresh, text) == [], doc_id
        for tx, stored in zip(fresh["timexes"], gold["timexes"]):
            assert (tx["start"], tx["end"]) == (stored["start"], stored["end"]), (doc_id, tx["text"])
            assert text[tx["start"]:tx["end"]] == tx["text"]
        for ent in gold["entities"]:
            for alias in ent["aliases"]:
                assert alias in text, (doc_id, alias)
        names = {e["name"] for e in gold["entities"]}
        for q in gold["quotes"]:
            assert q["speaker"] in names, (doc_id, q["speaker"])
