"""Reading the plain-text news format: decoding, date line, captions, byline, teaser tail."""
from __future__ import annotations

import unicodedata

import pytest

from storyline.ingest.decode import DecodeError, decode, normalize
from storyline.ingest.layout import analyse_layout, split_date_line
from storyline.ingest.prepare import RecordError, prepare
from storyline.model import RawRecord
from storyline.settings import Settings

from .conftest import FORMAT_EXAMPLES

SETTINGS = Settings()


@pytest.mark.parametrize("data, words", [
    (b"", "empty"),
    (b"  \n \r\n", "empty"),
    (b"\xff\xfeH\x00i\x00", "UTF-16"),
    ("Xin chào các bạn".encode("utf-16-le"), "UTF-16"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"caf\xe9 au lait", "not valid UTF-8"),
    (bytes(range(1, 9)) * 200, "binary"),
])
def test_decode_refuses_bad_bytes(data, words):
    with pytest.raises(DecodeError) as exc:
        decode(data)
    assert words in str(exc.value)


def test_decode_strips_utf8_bom():
    assert decode("\ufeffHà Nội".encode("utf-8")) == "Hà Nội"


def test_normalize_nfc_crlf_spaces():
    nfd = unicodedata.normalize("NFD", "Ngoại trưởng Nga")
    text = normalize(f"{nfd}\r\nvà\u00a0Mỹ  hội đàm\r\n\r\n\r\n\r\nHết")
    assert text == "Ngoại trưởng Nga\nvà Mỹ hội đàm\n\nHết"
    assert unicodedata.is_normalized("NFC", text)


@pytest.mark.parametrize("raw, date, rest", [
    (" date 2025-02-19 Ông Lavrov tại Riyadh.", "2025-02-19", "Ông Lavrov tại Riyadh."),
    (" date 2025-11\nBài viết", "2025-11", "\nBài viết"),
    ("date 2026-03-12 Quang cảnh", "2026-03-12", "Quang cảnh"),
    ("\ufeff date 2025-02-19 X", "2025-02-19", "X"),
    ("Bài không có dòng ngày", None, "Bài không có dòng ngày"),
    (" date 2025-02-19x", None, " date 2025-02-19x"),
])
def test_date_line(raw, date, rest):
    got, remaining, _warn = split_date_line(raw)
    assert got == date
    assert remaining == rest


def test_impossible_date_line_warns():
    got, rest, warn = split_date_line(" date 2025-13-40 Tin")
    assert got is None and rest == "Tin" and "not a real date" in warn


def _layout(text):
    lay = analyse_layout(normalize(text))
    part = lambda spans: [lay.text[s:e] for s, e in spans]
    return lay, part


def test_teaser_tail_is_cut_and_byline_marked():
    text = ("Đoạn một của bài.\nĐoạn hai, kết thúc.\nMinh Anh, theo Kyodo\n"
            "Giá vàng trong nước tăng mạnh phiên đầu tuần sau khi…\nHà Nội sẽ thí điểm thu phí…")
    lay, part = _layout(text)
    assert lay.teasers == ["Giá vàng trong nước tăng mạnh phiên đầu tuần sau khi…", "Hà Nội sẽ thí điểm thu phí…"]
    assert part(lay.bylines) == ["Minh Anh, theo Kyodo"]
    assert "Giá vàng" not in lay.text


def test_single_ellipsis_line_without_byline_is_body():
    lay, part = _layout("Đoạn một.\nAi cũng biết rằng câu chuyện còn dài…")
    assert lay.teasers == []
    assert "câu chuyện còn dài…" in lay.text


def test_caption_on_first_line_before_body():
    lay, part = _layout("Ông Lavrov tại Riyadh (Ảnh: TASS) Cuộc gặp kéo dài 4,5 giờ.\nĐoạn hai.")
    assert part(lay.captions) == ["Ông Lavrov tại Riyadh (Ảnh: TASS)"]
    assert part(lay.paragraphs)[0] == "Cuộc gặp kéo dài 4,5 giờ."


@pytest.mark.skipif(not FORMAT_EXAMPLES.is_dir(), reason="shared/format-examples not beside the checkout")
def test_format_examples_read_as_documented():
    raw1 = RawRecord("01", "01.txt", data=(FORMAT_EXAMPLES / "01-with-date-line.txt").read_bytes())
    doc, _ = prepare(raw1, SETTINGS)
    assert doc.published.value == "2026-03-12" and doc.published.given
    caps = [doc.text[b.start:b.end] for b in doc.layer("blocks") if b.label == "caption"]
    assert caps == ["Quang cảnh cuộc hội đàm tại Hà Nội. (Ảnh: TTXVN)"]
    raw2 = RawRecord("02", "02.txt", data=(FORMAT_EXAMPLES / "02-no-date-line-teaser-tail.txt").read_bytes())
    doc2, _ = prepare(raw2, SETTINGS)
    assert doc2.published.value is None and not doc2.published.given
    assert len(doc2.teasers) == 3 and all(t.endswith("…") for t in doc2.teasers)
    kinds = [b.label for b in doc2.layer("blocks")]
    assert kinds[0] == "caption" and kinds[-1] == "byline"
    assert doc.lang == "vi" and doc2.lang == "vi"


def test_mixed_nfd_nfc_and_crlf_give_same_document():
    text = " date 2025-02-19 Ngoại trưởng Nga Sergey Lavrov.\r\nHai bên hội đàm tại Ả Rập Xê Út.\r\n"
    mixed = text[:40] + unicodedata.normalize("NFD", text[40:])
    a, _ = prepare(RawRecord("a", "a.txt", data=text.encode()), SETTINGS)
    b, _ = prepare(RawRecord("b", "b.txt", data=("\ufeff" + mixed).encode()), SETTINGS)
    assert a.text == b.text and a.published.value == b.published.value == "2025-02-19"


def test_jsonl_published_timestamp_is_cut_to_date():
    raw = RawRecord("j", "x.jsonl", text="Hai bên đã hội đàm tại Riyadh.", published="2025-02-28T08:00:00+07:00",
                    kind="jsonl")
    doc, warnings = prepare(raw, SETTINGS)
    assert doc.published.value == "2025-02-28" and doc.published.why == "published field" and not warnings


def test_prepare_refuses_whitespace_only():
    with pytest.raises(RecordError):
        prepare(RawRecord("w", "w.txt", data=b"   \n  "), SETTINGS)


def test_language_id_restricted_to_supported():
    raw = RawRecord("en", "en.txt", data=b"The foreign ministers met in Riyadh on Tuesday and agreed "
                                        b"to restore the work of their embassies as soon as possible.")
    doc, _ = prepare(raw, SETTINGS)
    assert doc.lang == "en"
    assert doc.lang in SETTINGS.languages


@pytest.mark.parametrize("stat_size, limit, want", [
    (12, 1000, 12),   # as stat said
    (3, 1000, 12),    # grown since the stat: read on, whole
    (3, 5, 6),        # grown past the limit: the limit and one byte, as before
])
def test_a_text_file_is_read_whole_and_a_grown_one_no_further_than_the_limit(tmp_path, stat_size, limit, want):
    from storyline.ingest.readers import SourceFile, read_source

    path = tmp_path / "a.txt"
    path.write_bytes(b"Tin ngan 123")
    recs = list(read_source(SourceFile(str(path), stat_size, 0, "txt"), Settings(max_file_bytes=limit)))
    assert len(recs) == 1 and recs[0].data == b"Tin ngan 123"[:want]
