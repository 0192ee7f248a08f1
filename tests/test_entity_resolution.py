"""Entity resolution on a real SQLite store built from the corpus, and the `storyline entity` command."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from storyline import baselines, kb
from storyline.baselines import underthesea_ner
from storyline.cli import app
from storyline.evaluate import evaluate_documents, load_annotations
from storyline.export.annotations import annotation
from storyline.store.db import open_store

from .conftest import CORPUS, GOLD


@pytest.fixture(scope="module")
def store(corpus_db):
    with open_store(str(corpus_db), readonly=True) as st:
        yield st


def _ids(store, doc_id, alias):
    """Entity ids a document's mentions of one surface form resolve to."""
    rows = store.query("SELECT m.entity_id, m.start_char, m.end_char, d.text FROM entity_mentions m "
                       "JOIN documents d ON d.id = m.doc_id WHERE m.doc_id = ?", (doc_id,))
    return {eid for eid, s, e, text in rows if text[s:e] == alias}


@pytest.mark.parametrize("doc_a, alias_a, doc_b, alias_b, eid", [
    ("art-002", "Sergey Lavrov", "art-003", "Sergei Lavrov", "sergey-lavrov"),
    ("art-002", "Yury Ushakov", "art-003", "Yuri Ushakov", "yuri-ushakov"),
    ("art-001", "Moskva", "art-003", "Moscow", "moscow"),
    ("art-004", "Mát-xcơ-va", "art-041", "Moskva", "moscow"),
    ("art-002", "Kiev", "art-003", "Kyiv", "kyiv"),
    ("art-002", "Ả Rập Xê Út", "art-001", "Ả Rập Saudi", "saudi-arabia"),
    ("art-042", "Hoa Kỳ", "art-042", "Mỹ", "united-states"),
])
def test_one_id_across_spellings_and_documents(store, doc_a, alias_a, doc_b, alias_b, eid):
    assert _ids(store, doc_a, alias_a) == {eid} == _ids(store, doc_b, alias_b)


@pytest.mark.parametrize("doc_id, short, full", [
    ("art-002", "Lavrov", "Sergey Lavrov"), ("art-002", "Rubio", "Marco Rubio"),
    ("art-016", "Bruce", "Tammy Bruce"), ("art-016", "Khoa", "Đỗ Minh Khoa"),
    ("art-042", "Hằng", "Phạm Thu Hằng"), ("art-038", "Tập", "Tập Cận Bình"),
    ("art-030", "Vladimir", "Vladimir Putin"), ("art-014", "Karasin", "Grigory Karasin"),
])
def test_short_references_attach_to_the_full_name(store, doc_id, short, full):
    assert _ids(store, doc_id, short) == _ids(store, doc_id, full)
    assert len(_ids(store, doc_id, full)) == 1


@pytest.mark.parametrize("name", ["Sonata Coulter", "Grigory Karasin", "Đỗ Minh Khoa", "Phạm Thu Hằng",
                                  "Ksenia Karelina", "Musaed al-Aiban"])
def test_people_outside_the_kb_are_found_typed_and_stored(store, name):
    assert kb.fold(name) not in {kb.fold(a) for e in kb.entities().values() for a in e.aliases}
    rows = store.query("SELECT e.id, e.type, e.in_kb FROM entities e JOIN entity_aliases a ON a.entity_id = e.id "
                       "WHERE a.alias_key = ?", (kb.fold(name),))
    assert len(rows) == 1 and rows[0][1:] == ("PER", 0)


def test_outside_the_kb_one_id_across_documents(store):
    docs = store.query("SELECT DISTINCT m.doc_id FROM entity_mentions m WHERE m.entity_id = 'sonata-coulter'")
    assert {d for (d,) in docs} >= {"art-005", "art-006", "art-015", "art-016", "art-040"}


def test_roles_are_kept_with_the_document_date(store):
    rows = store.query("SELECT m.role, m.doc_date FROM entity_mentions m WHERE m.entity_id = 'sergey-lavrov' "
                       "AND m.doc_id = 'art-003'")
    assert ("Ngoại trưởng Nga", "2025-02-19") in rows
    darchiev = {r for (r,) in store.query("SELECT role FROM entity_mentions WHERE entity_id = 'alexander-darchiev' "
                                          "AND role IS NOT NULL")}
    assert "Đại sứ Nga tại Mỹ" in darchiev


def test_demonym_in_a_title_is_a_mention_of_the_state(store):
    assert "russia" in _ids(store, "art-003", "Nga")
    text = store.scalar("SELECT text FROM documents WHERE id = 'art-003'")
    assert text.startswith("Ngoại trưởng Nga Sergei Lavrov")
    rows = store.query("SELECT entity_id FROM entity_mentions WHERE doc_id = 'art-003' AND start_char = 13")
    assert rows == [("russia",)]


def test_metonymy_is_marked(store):
    rows = store.query("SELECT d.text, m.start_char, m.end_char, m.metonymy FROM entity_mentions m "
                       "JOIN documents d ON d.id = m.doc_id WHERE m.doc_id = 'art-013' AND m.entity_id = 'moscow'")
    marks = {r[0][r[1]:r[2] + 7]: r[3] for r in rows}
    assert marks["Moskva đồng ý"] == 1
    assert marks["Moskva ngày 1"] == 0


def test_export_has_entities_in_the_annotation_format(store):
    data = annotation(store, "art-001")
    rubio = next(e for e in data["entities"] if e["id"] == "marco-rubio")
    assert rubio == {"id": "marco-rubio", "name": "Marco Rubio", "type": "PER", "aliases": ["Marco Rubio"],
                     "roles": ["Ngoại trưởng"], "wikidata": "Q324546"}


def test_dev_set_figures(store, tmp_path):
    from storyline.export.annotations import export_annotations

    export_annotations(store, tmp_path)
    golds, _ = load_annotations(GOLD)
    preds, _ = load_annotations(tmp_path, strict=False)
    ent = evaluate_documents(golds, preds)["entities"]
    assert ent["f1"] >= 0.95 and ent["type_accuracy"] >= 0.97
    assert ent["alias_merge_accuracy"] >= 0.95 and ent["cross_doc_id_consistency"] >= 0.95


def test_without_people_in_the_kb_the_rules_still_find_and_merge_them(monkeypatch):
    """Ablation: drop every person from the KB, rerun the dev set, score people only."""
    from storyline.analyze import entity_lexicon
    from storyline.analyze.mentions import find_mentions
    from storyline.ingest.prepare import prepare
    from storyline.model import RawRecord
    from storyline.analyze.sentences import split_sentences
    from storyline.settings import Settings

    keep = {k: v for k, v in kb.entities().items() if v.type != "PER"}
    full_aliases = entity_lexicon.kb_aliases("vi")
    monkeypatch.setattr(kb, "entities", lambda: keep)
    monkeypatch.setattr(entity_lexicon, "kb_aliases", lambda lang: [r for r in full_aliases if r[1] in keep])
    entity_lexicon.lexicon.cache_clear()
    try:
        golds, preds = {}, {}
        for path in sorted(GOLD.glob("*.json")):
            gold = json.loads(path.read_text(encoding="utf-8"))
            src = CORPUS / f"{gold['id']}.txt"
            doc, _ = prepare(RawRecord(doc_id=gold["id"], source=str(src), data=src.read_bytes()), Settings())
            spans = find_mentions(doc.text, split_sentences(doc.text, doc.layer("blocks")))
            ents: dict[str, dict] = {}
            for s in spans:
                if s.label != "PER":
                    continue
                key = kb.fold(s.attrs["name"])  # cross-document: the folded-name key the linker matches on
                ent = ents.setdefault(key, {"id": key, "name": s.attrs["name"], "type": "PER", "aliases": []})
                if doc.text[s.start:s.end] not in ent["aliases"]:
                    ent["aliases"].append(doc.text[s.start:s.end])
            golds[gold["id"]] = {"id": gold["id"], "entities": [e for e in gold["entities"] if e["type"] == "PER"]}
            preds[gold["id"]] = {"id": gold["id"], "entities": list(ents.values())}
    finally:
        entity_lexicon.lexicon.cache_clear()
    ent = evaluate_documents(golds, preds)["entities"]
    assert ent["gold"] > 150
    assert ent["f1"] >= 0.95 and ent["alias_merge_accuracy"] >= 0.95
    assert ent["cross_doc_id_consistency"] >= 0.95


runner = CliRunner()


def test_entity_command_json(corpus_db):
    result = runner.invoke(app, ["entity", "Lavrov", "--db", str(corpus_db), "--json"])
    assert result.exit_code == 0, result.output
    rec = json.loads(result.output)
    assert rec["id"] == "sergey-lavrov" and rec["in_kb"]
    assert {"Sergey Lavrov", "Sergei Lavrov", "Lavrov"} <= {a["alias"] for a in rec["aliases"]}
    dated = [r for r in rec["roles"] if r["role"] == "Ngoại trưởng Nga"]
    assert dated and all(r["date"] for r in dated)
    assert len(rec["documents"]) >= 10
    assert "russia" in {c["id"] for c in rec["cooccurring"]}


def test_entity_command_table_and_spelling(corpus_db):
    result = runner.invoke(app, ["entity", "mat-xco-va", "--db", str(corpus_db)])
    assert result.exit_code == 0, result.output
    assert "Moscow" in result.output and "Mát-xcơ-va" in result.output and "roles" not in result.output


def test_entity_command_unknown_name(corpus_db):
    result = runner.invoke(app, ["entity", "Không Có Ai", "--db", str(corpus_db)])
    assert result.exit_code == 1


# -- the underthesea baseline (storyline eval --baseline underthesea) --------------------------------

def test_underthesea_baseline_registered_and_declares_its_field_without_loading_the_model():
    assert baselines.get("underthesea") is underthesea_ner.annotate
    assert underthesea_ner.annotate("", None) == {"entities": []}


def test_underthesea_groups_tagged_spans_by_surface():
    pytest.importorskip("underthesea")
    text = "Tổng thống Nga Vladimir Putin tiếp ông Trump tại Điện Kremlin.\nÔng Putin nói hai bên đã nhất trí."
    out = underthesea_ner.annotate(text, None)
    assert set(out) == {"entities"}
    for ent in out["entities"]:
        assert ent["type"] in ("PER", "ORG", "LOC") and ent["aliases"] == [ent["name"]]
        assert ent["name"] in text
    names = [e["name"] for e in out["entities"]]
    assert len(names) == len(set(names))
