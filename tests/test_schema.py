"""Tests for the annotation-file JSON Schema and its validate_annotation helper."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from storyline.schema import load_schema, validate_annotation

GOLD_DIR = Path(__file__).resolve().parent.parent / "corpus" / "gold"


def good_annotation() -> dict[str, Any]:
    """The contract's example document."""
    return {
        "id": "vn-2025-0412",
        "published": {"value": "2025-04", "given": False,
                      "why": "no date line; 'thứ Sáu (11/4)' is a Friday only in 2025"},
        "entities": [
            {"id": "marco-rubio", "name": "Marco Rubio", "type": "PER",
             "aliases": ["Marco Rubio", "Rubio"], "roles": ["Ngoại trưởng Mỹ"], "wikidata": "Q324546"},
        ],
        "timexes": [
            {"text": "11/4", "start": 118, "end": 122, "type": "DATE", "value": "2025-04-11",
             "context": "hôm thứ Sáu (11/4) tại Istanbul"},
        ],
        "events": [
            {"id": "ev-2025-04-11-istanbul-consultations", "type": "CONSULT", "mode": "meeting",
             "date": "2025-04-11", "location": "Istanbul", "actors": ["United States", "Russia"],
             "participants": ["Sonata Coulter", "Alexander Darchiev"],
             "key": "2025-04-11 istanbul consultations",
             "evidence": "Hai phái đoàn đã gặp nhau hôm thứ Sáu (11/4) tại Istanbul"},
        ],
        "quotes": [
            {"text": "Chúng tôi đã có những bước tiến cụ thể", "speaker": "Alexander Darchiev",
             "cue": "cho biết", "start_words": "Chúng tôi đã có những"},
        ],
    }


Mutation = Callable[[dict[str, Any]], None]


def _set(path: list[Any], value: Any) -> Mutation:
    """A mutation that sets a nested key or list index."""
    def apply(doc: dict[str, Any]) -> None:
        target: Any = doc
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value
    return apply


def _delete(path: list[Any]) -> Mutation:
    """A mutation that removes a nested key."""
    def apply(doc: dict[str, Any]) -> None:
        target: Any = doc
        for part in path[:-1]:
            target = target[part]
        del target[path[-1]]
    return apply


def test_good_example_is_valid() -> None:
    assert validate_annotation(good_annotation()) == []


@pytest.mark.parametrize(
    "mutation",
    [
        _set(["published", "value"], None),
        _set(["published", "value"], "2025"),
        _set(["published", "why"], None),
        _set(["events", 0, "date"], None),
        _set(["events", 0, "date"], "2025-04"),
        _set(["events", 0, "location"], None),
        _set(["events", 0, "type"], "STATEMENT"),
        _set(["timexes", 0, "value"], None),
        _set(["timexes", 0, "value"], "PAST_REF"),
        _set(["quotes", 0, "speaker"], None),
        _set(["quotes", 0, "cue"], None),
        _delete(["entities", 0, "wikidata"]),
        _delete(["timexes", 0, "start"]),
        _delete(["timexes", 0, "context"]),
        _set(["entities"], []),
        _set(["extra_key"], {"anything": 1}),
        _set(["entities", 0, "confidence"], 0.9),
        _set(["timexes", 0, "sentence"], 3),
    ],
    ids=[
        "published-null", "published-year", "why-null", "event-date-null", "event-date-month",
        "location-null", "statement-type", "timex-value-null", "timex-vague-value", "speaker-null",
        "cue-null", "no-wikidata", "no-offsets", "no-context", "empty-list", "extra-top-key",
        "extra-entity-key", "extra-timex-key",
    ],
)
def test_valid_variants(mutation: Mutation) -> None:
    doc = good_annotation()
    mutation(doc)
    assert validate_annotation(doc) == []


@pytest.mark.parametrize(
    ("mutation", "where"),
    [
        (_delete(["id"]), "<root>"),
        (_set(["id"], 412), "id"),
        (_delete(["quotes"]), "<root>"),
        (_set(["events"], None), "events"),
        (_set(["entities", 0, "type"], "PERSON"), "entities/0/type"),
        (_set(["timexes", 0, "type"], "DAY"), "timexes/0/type"),
        (_set(["events", 0, "type"], "MEET"), "events/0/type"),
        (_set(["published", "value"], "2025/04/11"), "published/value"),
        (_set(["published", "value"], "11-04-2025"), "published/value"),
        (_set(["published", "given"], "yes"), "published/given"),
        (_delete(["published", "given"]), "published"),
        (_set(["events", 0, "date"], "2025-4-11"), "events/0/date"),
        (_set(["entities", 0, "wikidata"], "324546"), "entities/0/wikidata"),
        (_set(["entities", 0, "aliases"], ["Rubio", 7]), "entities/0/aliases/1"),
        (_delete(["entities", 0, "roles"]), "entities/0"),
        (_set(["timexes", 0, "start"], -1), "timexes/0/start"),
        (_set(["timexes", 0, "end"], "122"), "timexes/0/end"),
        (_delete(["quotes", 0, "start_words"]), "quotes/0"),
        (_set(["events", 0, "actors"], "Russia"), "events/0/actors"),
    ],
    ids=[
        "missing-id", "id-not-string", "missing-quotes", "events-null", "bad-entity-type",
        "bad-timex-type", "bad-event-type", "bad-published-slashes", "bad-published-order",
        "given-not-bool", "missing-given", "bad-event-date", "bad-wikidata", "alias-not-string",
        "missing-roles", "negative-start", "end-not-int", "missing-start-words", "actors-not-array",
    ],
)
def test_broken_variants(mutation: Mutation, where: str) -> None:
    doc = good_annotation()
    mutation(doc)
    errors = validate_annotation(doc)
    assert errors, "expected at least one error"
    assert all(isinstance(err, str) for err in errors)
    assert any(err.startswith(f"{where}: ") for err in errors), errors


def test_not_an_object_is_reported() -> None:
    errors = validate_annotation([])
    assert errors and errors[0].startswith("<root>: ")


def test_several_errors_are_all_reported() -> None:
    doc = good_annotation()
    doc["entities"][0]["type"] = "PERSON"
    doc["events"][0]["date"] = "soon"
    errors = validate_annotation(doc)
    assert len(errors) == 2
    assert errors[0].startswith("entities/0/type") and errors[1].startswith("events/0/date")


def test_load_schema_is_draft_2020_12_and_a_fresh_copy() -> None:
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(schema["required"]) == {"id", "published", "entities", "timexes", "events", "quotes"}
    schema["required"].clear()
    assert load_schema()["required"]


def test_event_type_enum_has_plover_and_statement() -> None:
    types = load_schema()["$defs"]["event"]["properties"]["type"]["enum"]
    assert len(types) == 17 and "STATEMENT" in types and "ASSAULT" in types


def test_schema_file_is_valid_json() -> None:
    path = Path(__file__).resolve().parent.parent / "storyline" / "schema" / "annotation.schema.json"
    assert json.loads(path.read_text(encoding="utf-8")) == load_schema()


def test_mutations_do_not_leak_between_cases() -> None:
    first = good_annotation()
    second = copy.deepcopy(first)
    _set(["id"], 1)(first)
    assert validate_annotation(second) == []


@pytest.mark.parametrize("path", sorted(GOLD_DIR.glob("*.json")), ids=lambda p: p.stem)
def test_bundled_gold_files_are_valid(path: Path) -> None:
    assert validate_annotation(json.loads(path.read_text(encoding="utf-8"))) == []


def test_a_store_built_before_a_column_reads_the_same_and_is_upgraded(corpus_db, tmp_path):
    """event_mentions.published (reports in publication order without reading documents): a store
    built before it gives the same timeline read-only, and gets the column filled on a writable open."""
    import shutil
    import sqlite3

    from storyline.store.db import open_store
    from storyline.timeline import timeline

    with open_store(str(corpus_db), readonly=True) as st:
        want = timeline(st, limit=500)
    old = tmp_path / "old.db"
    shutil.copy(corpus_db, old)
    conn = sqlite3.connect(old)
    conn.execute("DROP INDEX event_mentions_published")
    conn.execute("ALTER TABLE event_mentions DROP COLUMN published")
    conn.commit()
    conn.close()
    with open_store(str(old), readonly=True) as st:
        assert timeline(st, limit=500) == want
    with open_store(str(old)) as st:
        assert st.scalar("SELECT COUNT(*) FROM event_mentions WHERE published IS NULL") == \
            st.scalar("SELECT COUNT(*) FROM event_mentions m JOIN documents d ON d.id = m.doc_id "
                      "WHERE d.published IS NULL")
        assert st.scalar("SELECT COUNT(*) FROM event_mentions m JOIN documents d ON d.id = m.doc_id "
                         "WHERE m.published IS NOT d.published") == 0
        assert timeline(st, limit=500) == want
    assert want and sum(len(e["evidence"]) for e in want) > len(want)


def test_a_store_from_an_older_storyline_gets_one_clear_line_and_the_demo_rebuilds_its_own(workdir, tmp_path):
    import sqlite3

    from typer.testing import CliRunner

    from storyline.cli import app

    runner = CliRunner()
    db = str(tmp_path / "old.db")
    assert runner.invoke(app, ["build", str(workdir / "in"), "--db", db, "--quiet"]).exit_code == 0
    conn = sqlite3.connect(db)  # as a store written before entity_aliases had alias_key
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql LIKE '%alias_key%'"):
        conn.execute(f"DROP INDEX {name}")
    conn.execute("ALTER TABLE entity_aliases DROP COLUMN alias_key")
    conn.commit()
    conn.close()
    for args in (["timeline"], ["ask", "Lavrov nói gì?"], ["build", str(workdir / "in")]):
        res = runner.invoke(app, [*args, "--db", db])
        assert res.exit_code == 2, args
        assert "older storyline" in res.output and "entity_aliases.alias_key" in res.output, args
        assert "Traceback" not in res.output
    res = runner.invoke(app, ["demo", "--corpus", str(workdir / "in"), "--db", db])
    assert res.exit_code == 0 and "rebuilding" in res.output
    assert runner.invoke(app, ["timeline", "--db", db]).exit_code == 0


def test_keyed_tables_are_one_btree_and_stores_made_before_with_rowid_tables_work_the_same(tmp_path):
    """A new SQLite store keeps its small per-document tables WITHOUT ROWID (schema {KEYED}); a store
    made before, whose tables have rowids and a second B-tree for their key, builds, rebuilds a changed
    document and exports exactly as a new one."""
    import shutil
    import sqlite3

    from storyline.app import Storyline
    from storyline.export.annotations import export_annotations
    from storyline.settings import Settings
    from storyline.store.db import open_store
    from storyline.store.schema import DIALECTS, ddl

    from .conftest import CORPUS

    keyed = {"teasers", "blocks", "sentences", "spans", "entity_mentions", "quotes"}
    assert "WITHOUT ROWID" not in " ".join(ddl("postgresql"))
    src = tmp_path / "in"
    shutil.copytree(CORPUS, src)
    old, new = str(tmp_path / "old.db"), str(tmp_path / "new.db")
    conn = sqlite3.connect(old)
    for stmt in ddl("sqlite"):  # the schema as it was: every table with a rowid
        conn.execute(stmt.replace(DIALECTS["sqlite"]["KEYED"], ""))
    conn.commit()
    conn.close()
    outs = []
    for db in (old, new):
        Storyline(Settings(db=db)).build([str(src)])
        outs.append(tmp_path / f"out-{Path(db).stem}")
    first = sorted(src.glob("*.txt"))[0]  # a changed document: deleted and written again in both stores
    first.write_text(first.read_text(encoding="utf-8").replace("\n\n", "\n\nThêm một câu mới.\n\n", 1),
                     encoding="utf-8")
    for db, out in zip((old, new), outs):
        rep = Storyline(Settings(db=db)).build([str(src)])
        assert rep.changed == 1
        with open_store(db, readonly=True) as st:
            export_annotations(st, out)
            rowless = {n for (n,) in st.query("SELECT name FROM sqlite_master WHERE type = 'table' "
                                              "AND sql LIKE '%WITHOUT ROWID'")}
        assert rowless & keyed == (set() if db == old else keyed)
    files = sorted(p.name for p in outs[0].iterdir())
    assert len(files) > 70 and files == sorted(p.name for p in outs[1].iterdir())
    assert all((outs[0] / f).read_bytes() == (outs[1] / f).read_bytes() for f in files)
