"""The knowledge base: every entry well-formed, ids unique and slug-shaped, every alias found in text."""
from __future__ import annotations

import re

import pytest

from storyline import kb
from storyline.analyze.entity_lexicon import kb_aliases, lexicon
from storyline.analyze.mentions import find_mentions
from storyline.model import Span

ENTITIES = kb.entities()
VI_ALIASES = kb_aliases("vi")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def test_size_and_coverage():
    assert len(ENTITIES) >= 600
    kinds = [e.kind for e in ENTITIES.values()]
    assert kinds.count("country") >= 193
    assert kinds.count("capital") >= 180
    assert sum(e.type == "PER" for e in ENTITIES.values()) >= 100


@pytest.mark.parametrize("eid", sorted(ENTITIES))
def test_entry_is_well_formed(eid):
    ent = ENTITIES[eid]
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", ent.id)
    assert ent.type in ("PER", "ORG", "LOC") and ent.kind and ent.name
    assert ent.wikidata is None or re.fullmatch(r"Q[1-9]\d*", ent.wikidata)
    assert ent.state is None or ENTITIES[ent.state].kind in ("country", "former_state", "supranational")
    assert ent.name in ent.aliases
    if ent.kind == "country":
        assert ent.state == ent.id and ent.demonym
    for role in ent.roles:
        assert role.title
        assert not role.start or DATE.match(role.start), role
        assert not role.end or DATE.match(role.end), role
        assert not (role.start and role.end) or role.start <= role.end


def test_ids_are_slugs_of_names_where_the_guidelines_fix_them():
    for eid, name in [("united-states", "United States"), ("washington-dc", "Washington, D.C."),
                      ("sergey-lavrov", "Sergey Lavrov"), ("russian-ministry-of-foreign-affairs",
                                                           "Russian Ministry of Foreign Affairs"),
                      ("kremlin", "Kremlin"), ("vietnam-news-agency", "Vietnam News Agency"),
                      ("yuri-ushakov", "Yuri Ushakov"), ("kyiv", "Kyiv"), ("saudi-arabia", "Saudi Arabia")]:
        assert ENTITIES[eid].name == name


def test_vietnamese_aliases_name_known_ids_once():
    seen = set()
    for alias, eid, flags in VI_ALIASES:
        assert eid in ENTITIES, alias
        assert (alias, eid) not in seen
        assert flags <= {"ambiguous", "pair_only"}
        seen.add((alias, eid))


def test_every_country_has_a_vietnamese_name():
    named = {eid for _a, eid, _f in VI_ALIASES}
    missing = [e.id for e in ENTITIES.values() if e.kind == "country" and e.id not in named]
    assert not missing


def _alias_cases():
    for alias, eid, flags in VI_ALIASES:
        if "pair_only" in flags:
            yield f"Quan hệ Mỹ - {alias} được cải thiện.", alias, eid
        else:
            yield f"Theo tin mới, {alias} đã lên tiếng.", alias, eid


ALIAS_CASES = list(_alias_cases())


@pytest.mark.parametrize("text, alias, eid", ALIAS_CASES, ids=[f"{a}->{e}" for _t, a, e in ALIAS_CASES])
def test_each_alias_is_found_in_a_sentence(text, alias, eid):
    spans = find_mentions(text, [Span(0, len(text), "sentence", sentence=0, attrs={"block": "paragraph"})])
    hits = {text[s.start:s.end]: s.value for s in spans}
    assert hits.get(alias) == eid, hits


@pytest.mark.parametrize("rule", kb.translit_rules(), ids=lambda r: r[0].pattern)
def test_translit_rule_examples_fold_together(rule):
    _pattern, _repl, a, b = rule
    assert kb.fold_word(a) == kb.fold_word(b)


@pytest.mark.parametrize("a, b", [("Sergey Lavrov", "Sergei Lavrov"), ("Yuri Ushakov", "Yury Ushakov"),
                                  ("Alexander Darchiev", "Aleksandr Darchiev"), ("Zelenskyy", "Zelensky"),
                                  ("Đỗ Minh Khoa", "do minh khoa")])
def test_fold_is_spelling_insensitive(a, b):
    assert kb.fold(a) == kb.fold(b)


def test_fold_keeps_different_names_apart():
    assert kb.fold("Khoa") != kb.fold("Hoa") and kb.fold("Trump") != kb.fold("Trum")


def test_lexicon_short_forms_are_unique_people():
    lex = lexicon("vi")
    assert lex.short["Lavrov"] == "sergey-lavrov"
    assert lex.short_cued["Tập"] == "xi-jinping"
    assert "Tập" not in lex.short
    assert all(ENTITIES[eid].type == "PER" for eid in lex.short.values())
