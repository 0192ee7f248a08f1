"""Sentence splitting on the shapes of Vietnamese news text."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from storyline.analyze.sentences import split_range, split_sentences
from storyline.model import Span

CASES = [
    ("Ông Lavrov đến Riyadh. Ông Rubio cũng có mặt.", ["Ông Lavrov đến Riyadh.", "Ông Rubio cũng có mặt."]),
    ("Hội thảo ở TP.HCM thu hút 200 người. Ban tổ chức hài lòng.",
     ["Hội thảo ở TP.HCM thu hút 200 người.", "Ban tổ chức hài lòng."]),
    ("Ông T. cho biết sẽ kiến nghị. Bà H. từ chối bình luận.",
     ["Ông T. cho biết sẽ kiến nghị.", "Bà H. từ chối bình luận."]),
    ("Cuộc gặp kéo dài 4,5 giờ tại Riyadh.Cuộc gặp sau chưa định ngày.",
     ["Cuộc gặp kéo dài 4,5 giờ tại Riyadh.", "Cuộc gặp sau chưa định ngày."]),
    ("Ông nói: “Chúng tôi sẵn sàng. Nhưng cần thời gian.” Sau đó ông rời đi.",
     ["Ông nói: “Chúng tôi sẵn sàng. Nhưng cần thời gian.”", "Sau đó ông rời đi."]),
    ("“Đây là bước đầu. Còn nhiều việc phải làm”, ông Peskov nói.",
     ["“Đây là bước đầu. Còn nhiều việc phải làm”, ông Peskov nói."]),
    ("Tăng trưởng đạt 3.5% năm nay. Lạm phát giảm.", ["Tăng trưởng đạt 3.5% năm nay.", "Lạm phát giảm."]),
    ("Truy cập vnexpress.net để biết thêm. Hết.", ["Truy cập vnexpress.net để biết thêm.", "Hết."]),
    ("Theo TS. Nguyễn Văn Hùng, còn bất đồng.", ["Theo TS. Nguyễn Văn Hùng, còn bất đồng."]),
    ("Quang cảnh cuộc hội đàm. (Ảnh: TTXVN)", ["Quang cảnh cuộc hội đàm. (Ảnh: TTXVN)"]),
    ("Ông hỏi: Vì sao? Không ai trả lời!", ["Ông hỏi: Vì sao?", "Không ai trả lời!"]),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0][:30] for c in CASES])
def test_split(text, expected):
    assert [text[s:e] for s, e in split_range(text, 0, len(text))] == expected


def test_sentences_never_cross_blocks():
    text = "Dòng một không có dấu chấm\nDòng hai. Câu ba."
    blocks = [Span(0, 26, "paragraph"), Span(27, len(text), "paragraph")]
    got = [text[s.start:s.end] for s in split_sentences(text, blocks)]
    assert got == ["Dòng một không có dấu chấm", "Dòng hai.", "Câu ba."]


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=0, max_size=300))
def test_arbitrary_text_offsets_point_into_text(text):
    spans = split_range(text, 0, len(text))
    prev = 0
    for s, e in spans:
        assert prev <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()
        prev = e
