"""Quotes and their speakers: every example in lang/vi/quotes.yaml, shapes of attribution, bad marks."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from storyline import lang as langdata
from storyline.analyze.pipeline import Pipeline
from storyline.model import Document, Published, Span

EXAMPLES = langdata.load("vi", "quotes")["examples"]


def quotes(text: str) -> list[Span]:
    doc = Document(id="q", text=text, published=Published("2025-02-19", True, "test"))
    doc.set_layer("blocks", [Span(0, len(text), "paragraph")])
    Pipeline(["sentences", "mentions", "quotes"])(doc)
    return doc.layer("quotes")


@pytest.mark.parametrize("ex", EXAMPLES, ids=[e["text"][:30] for e in EXAMPLES])
def test_examples(ex):
    text = ex["text"]
    found = [q for q in quotes(text) if q.label == "quote"]
    assert [text[q.start:q.end] for q in found] == [ex["quote"]]
    q = found[0]
    s, e = q.attrs["speaker_span"]
    assert text[s:e] == ex["speaker"]
    assert q.attrs["cue"] == ex["cue"]


def test_quote_spanning_two_sentences_and_continuation():
    text = ("Ông Lavrov nói: “Chúng tôi đã lắng nghe nhau. Đó là điều quan trọng.” "
            "“Còn nhiều việc phải làm”, ông nói thêm.")
    found = [q for q in quotes(text) if q.label == "quote"]
    assert [text[q.start:q.end] for q in found] == ["Chúng tôi đã lắng nghe nhau. Đó là điều quan trọng.",
                                                   "Còn nhiều việc phải làm"]
    assert {q.attrs["speaker"] for q in found} == {found[0].attrs["speaker"]} != {None}


def test_unbalanced_marks_are_reported_not_fatal():
    found = quotes("Ông Peskov nói: “Chúng tôi sẵn sàng. Hai bên sẽ gặp lại.")
    assert [q.label for q in found] == ["unbalanced"]


@pytest.mark.parametrize("text, lone", [
    ("Ông Peskov nói: “Chúng tôi sẵn sàng. Hai bên sẽ gặp lại.", ["“"]),
    ("Ông Lavrov nói: “Đã xong”. Sau đó ông viết: “Còn tiếp.", ["“"]),  # a closed pair, then a lone mark
    ("Tờ báo viết \"mở lại đường bay. Hết.", []),                      # a lone straight quote is not reported
    ("Bản tin « chưa đóng và “ cũng chưa.", ["«", "“"]),
])
def test_each_lone_opening_mark_is_reported_where_it_stands(text, lone):
    found = [q for q in quotes(text) if q.label == "unbalanced"]
    assert [text[q.start:q.end] for q in found] == lone
    assert all(q.end == q.start + 1 for q in found)


def test_speaker_inside_the_quote_is_never_the_speaker():
    text = "Ông Trump tiếp ông Rutte. “Mỗi lần nói chuyện với Putin đều tốt đẹp”, ông nói."
    found = [q for q in quotes(text) if q.label == "quote"]
    assert found[0].attrs["speaker"] != "Vladimir Putin"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab “”\".,:-ông nói Lavrov")), max_size=120))
def test_arbitrary_marks_never_raise_and_offsets_hold(text):
    for q in quotes(text):
        assert 0 <= q.start <= q.end <= len(text)


def test_a_platform_carries_words_but_never_says_them():
    """'ông Trump viết trên Truth Social rằng … và cho rằng "…"': the post's author speaks, not the site."""
    text = ('Ngày 10/10, ông Trump viết trên Truth Social rằng Trung Quốc đang trở nên "rất thù địch" '
            'và cho rằng "dường như không còn lý do" để gặp ông Tập.')
    found = [q for q in quotes(text) if q.label == "quote"]
    assert len(found) == 2
    for q in found:
        s, e = q.attrs["speaker_span"]
        assert text[s:e] == "Trump", (text[q.start:q.end], text[s:e])


@pytest.mark.parametrize("text, speaker", [
    ('Ông Medvedev, hiện là Phó Chủ tịch Hội đồng An ninh Nga, viết rằng "mỗi tối hậu thư là một lời đe dọa".',
     "Dmitry Medvedev"),
    ('Ông Trump, trong cuộc gặp Thủ tướng Anh Keir Starmer tại Scotland, tuyên bố rút ngắn thời hạn xuống "10 ngày".',
     "Donald Trump"),
    ('Thủ tướng Anh Keir Starmer nói "chúng tôi ủng hộ".', "Keir Starmer"),
])
def test_an_insertion_before_the_speech_verb_does_not_speak(text, speaker):
    """'Medvedev, now deputy head of the Security Council, wrote…': who is named inside the commas
    does not speak; the subject before them does."""
    got = [q.attrs.get("speaker") for q in quotes(text)]
    assert got == [speaker], got
