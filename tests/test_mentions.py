"""Mention detection: every example in the entity language files runs here, plus a table of hard cases."""
from __future__ import annotations

import pytest

from storyline import lang as langdata
from storyline.analyze.mentions import find_mentions
from storyline.analyze.pipeline import Pipeline
from storyline.analyze.sentences import split_range
from storyline.model import Span

FILES = ("titles", "honorifics", "org_heads", "place_heads", "mention_cues", "names")


def spans_of(text: str, block: str = "paragraph") -> list[Span]:
    """Mentions of a text split into sentences the way a build splits one paragraph."""
    sents = [Span(s, e, "sentence", sentence=i, attrs={"block": block})
             for i, (s, e) in enumerate(split_range(text, 0, len(text)))]
    return find_mentions(text, sents)


def _examples(node, where):
    """Every example dict under a language-data node, with the path it came from."""
    if isinstance(node, dict):
        for key, val in node.items():
            if key == "examples" or key.endswith("_examples"):
                for ex in val:
                    yield f"{where}.{key}", ex
            else:
                yield from _examples(val, f"{where}.{key}")
    elif isinstance(node, list):
        for i, val in enumerate(node):
            yield from _examples(val, f"{where}[{i}]")


EXAMPLES = [(f"{name}{path}", ex) for name in FILES for path, ex in _examples(langdata.load("vi", name), "")]


def test_every_rule_group_has_examples():
    for name in FILES:
        data = langdata.load("vi", name)
        for key, val in data.items():
            groups = val if isinstance(val, list) else [val]
            for group in groups:
                if isinstance(group, dict) and "surface" in group:
                    assert group.get("examples"), f"{name}.{key} has a rule without examples"
    assert len(EXAMPLES) > 50


@pytest.mark.parametrize("where, ex", EXAMPLES, ids=[w for w, _ in EXAMPLES])
def test_language_data_example(where, ex):
    text = ex["text"]
    spans = spans_of(text)
    found = {(text[s.start:s.end], s.label): s for s in spans}
    surfaces = {text[s.start:s.end] for s in spans}
    if "name" in ex:
        people = [s for s in spans if s.label == "PER"]
        if ex["name"] is None:
            assert not people, [text[s.start:s.end] for s in people]
        else:
            hit = found.get((ex["name"], "PER"))
            assert hit is not None, f"{ex['name']!r} not found as PER in {sorted(surfaces)}"
            roles = (hit.attrs.get("role") or "").split("\n")
            if "roles" in ex:
                assert roles == ex["roles"]
            elif ex.get("role") is not None:
                assert roles[0] == ex["role"], roles
    for item in ex.get("mentions", []):
        surface, label = item[0], item[1]
        hit = found.get((surface, label))
        assert hit is not None, f"{surface!r} ({label}) not found in {sorted(found)}"
        if len(item) > 2:
            assert hit.value == item[2]
    for surface in ex.get("none", []):
        assert surface not in surfaces, f"{surface!r} should not be a mention"
    for surface, expected in (ex.get("metonymy") or {}).items():
        hit = next(s for s in spans if text[s.start:s.end] == surface)
        assert hit.attrs["metonymy"] is expected


CASES = [
    # (text, surface, label, id, role) — role None means "no role"
    ("Ngoại trưởng Nga Sergey Lavrov phát biểu.", "Nga", "LOC", "russia", None),
    ("Ngoại trưởng Nga Sergey Lavrov phát biểu.", "Sergey Lavrov", "PER", "sergey-lavrov", "Ngoại trưởng Nga"),
    ("Ngoại trưởng Nga Sergei Lavrov phát biểu.", "Sergei Lavrov", "PER", "sergey-lavrov", "Ngoại trưởng Nga"),
    ("Trợ lý Tổng thống Yury Ushakov nói.", "Yury Ushakov", "PER", "yuri-ushakov", "Trợ lý Tổng thống"),
    ("Phái đoàn tới Mát-xcơ-va hôm qua.", "Mát-xcơ-va", "LOC", "moscow", None),
    ("Ông Zelensky nói Kiev sẽ không nhượng bộ.", "Kiev", "LOC", "kyiv", None),
    ("Hội đàm ở Riyadh, thủ đô Ả Rập Xê Út, kéo dài 4 giờ.", "Ả Rập Xê Út", "LOC", "saudi-arabia", None),
    ("Quan chức Nhà Trắng xác nhận.", "Nhà Trắng", "ORG", "white-house", None),
    ("Doanh nghiệp Mỹ mất 300 tỷ USD.", "Mỹ", "LOC", "united-states", None),
    ("Theo TTXVN, cuộc gặp diễn ra tốt đẹp.", "TTXVN", "ORG", "vietnam-news-agency", None),
    ("Hai bên gặp nhau tại Cung điện Diriyah.", "Cung điện Diriyah", "LOC", "diriyah-palace", None),
    ("Chủ tịch Trung Quốc Tập Cận Bình tới Busan.", "Tập Cận Bình", "PER", "xi-jinping", "Chủ tịch Trung Quốc"),
    # 'Đức' (Germany, also a given name) right after a title is the title's state, not the name's start
    ("Bộ trưởng Quốc phòng Đức Boris Pistorius phát biểu.", "Đức", "LOC", "germany", None),
    ("Thứ trưởng Lê Minh Đức phát biểu.", "Lê Minh Đức", "PER", "le-minh-duc", "Thứ trưởng"),
]


@pytest.mark.parametrize("text, surface, label, eid, role", CASES)
def test_hard_cases(text, surface, label, eid, role):
    hit = [s for s in spans_of(text) if text[s.start:s.end] == surface]
    assert hit, f"{surface!r} not found"
    assert (hit[0].label, hit[0].value, hit[0].attrs["role"]) == (label, eid, role)


def test_titles_never_inside_names():
    text = "Tổng thống Mỹ Donald Trump và Ngoại trưởng Marco Rubio tới Moskva."
    for s in spans_of(text):
        surface = text[s.start:s.end]
        assert not surface.startswith(("Tổng thống", "Ngoại trưởng")), surface


def test_short_references_join_the_full_name():
    text = ("Người phát ngôn Bộ Ngoại giao Mỹ Tammy Bruce cho biết như vậy. Trước đó, bà Bruce nói rõ. "
            "TS. Đỗ Minh Khoa nhận định tích cực. “Đây là kết quả thực chất”, ông Khoa nói.")
    ids = {text[s.start:s.end]: s.value for s in spans_of(text) if s.label == "PER"}
    assert ids["Bruce"] == ids["Tammy Bruce"] == "tammy-bruce"
    assert ids["Khoa"] == ids["Đỗ Minh Khoa"] == "do-minh-khoa"


def test_byline_keeps_only_news_agencies():
    text = "Minh Anh, theo Reuters, TASS"
    got = {(text[s.start:s.end], s.label) for s in spans_of(text, block="byline")}
    assert got == {("Reuters", "ORG"), ("TASS", "ORG")}


def test_spans_have_offsets_and_attrs():
    text = "Moskva và Washington nhất trí khôi phục đối thoại."
    spans = spans_of(text)
    assert [text[s.start:s.end] for s in spans] == ["Moskva", "Washington"]
    for s in spans:
        assert set(s.attrs) >= {"name", "role", "metonymy", "wikidata", "state"}
        assert s.attrs["metonymy"] is True and s.sentence == 0
    assert spans[0].attrs["state"] == "Russia" and spans[1].attrs["wikidata"] == "Q61"


def test_empty_text_gives_empty_list():
    assert find_mentions("", []) == []


def test_component_is_in_the_default_pipeline():
    pipe = Pipeline()
    assert "mentions" in pipe.provides
    assert [c.name for c in pipe.components].index("mentions") > 0
