"""Makes the bad inputs the reader must refuse one by one (shared by tests and bench/mixed_build.py)."""
from __future__ import annotations

import json
from pathlib import Path

ARTICLE = " date 2025-02-19 Ngoại trưởng Nga Sergey Lavrov tại Riyadh. (Ảnh: TASS)\n\nHai bên nhất trí khôi phục hoạt động của các cơ quan đại diện ngoại giao.\n"

# file name -> the words its error line must contain
EXPECTED = {
    "binary.txt": "binary",
    "latin1.txt": "not valid UTF-8",
    "utf16-bom.txt": "UTF-16",
    "utf16-nobom.txt": "UTF-16",
    "empty.txt": "empty",
    "blank.txt": "empty",
    "huge.txt": "too large",
    "broken.jsonl": "not valid JSON",
    "no-article.html": "no article text",
}


def make_bad_inputs(folder: Path, huge_mb: int = 50) -> dict[str, str]:
    """Write every bad input into folder; return EXPECTED for the caller's checks."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "latin1.txt").write_bytes("Tin tức: Hà Nội, Nga và Mỹ".encode("latin-1", "replace") + b"\xe9\xe8 caf\xe9")
    (folder / "utf16-bom.txt").write_bytes(ARTICLE.encode("utf-16"))
    (folder / "utf16-nobom.txt").write_bytes(ARTICLE.encode("utf-16-le"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_bytes(b"  \n\n \r\n")
    chunk = ("Tin dài không xuống dòng. " * 100).encode()  # one single line of huge_mb MB
    with open(folder / "huge.txt", "wb") as fh:
        for _ in range(huge_mb * 1024 * 1024 // len(chunk) + 1):
            fh.write(chunk)
    good = {"id": "jsonl-good-1", "text": "Hai bên đã hội đàm tại Riyadh hôm thứ Ba (18/2).",
            "published": "2025-02-19", "url": "https://example.org/a", "title": "Hội đàm"}
    good2 = {"id": "jsonl-good-2", "text": "Cuộc tham vấn kéo dài khoảng 6 tiếng tại Istanbul.",
             "published": "2025-02-28T08:00:00+07:00"}
    lines = [json.dumps(good, ensure_ascii=False), "{not json", json.dumps([1, 2]),
             json.dumps({"id": "no-text"}), json.dumps(good2, ensure_ascii=False)]
    (folder / "broken.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "no-article.html").write_text(
        "<html><head><title>Trang chủ</title></head><body><nav><a href='/'>Trang chủ</a></nav>"
        "<script>var x = 1;</script></body></html>", encoding="utf-8")
    return EXPECTED
