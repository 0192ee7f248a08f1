"""Fills start/end offsets of gold timexes, quotes and evidence from their text and context.

Annotators write `text` and a unique `context`; offsets then point into the cleaned document
text exactly as `storyline build` stores it. Usage:
    python -m storyline.tools.anchor_gold corpus/articles corpus/gold [--check]
"""
from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

from storyline.ingest.prepare import prepare
from storyline.ingest.readers import SourceFile, read_source
from storyline.model import RawRecord
from storyline.settings import Settings


def cleaned_text(article: Path, settings: Settings) -> str:
    """The document text the store would hold for this article file."""
    src = SourceFile(str(article), article.stat().st_size, 0, "txt")
    raw = next(r for r in read_source(src, settings) if isinstance(r, RawRecord))
    return prepare(raw, settings)[0].text


def _find_unique(text: str, needle: str) -> int | None:
    """Offset of the only occurrence of needle, else None."""
    first = text.find(needle)
    if first < 0 or text.find(needle, first + 1) >= 0:
        return None
    return first


def anchor(gold: dict, text: str) -> list[str]:
    """Set offsets in place; return a problem line for every item that could not be placed."""
    problems: list[str] = []
    for i, tx in enumerate(gold.get("timexes", [])):
        ctx = unicodedata.normalize("NFC", tx.get("context") or tx["text"])
        surf = unicodedata.normalize("NFC", tx["text"])
        at = _find_unique(text, ctx)
        inner = ctx.find(surf)
        if at is None or inner < 0:
            problems.append(f"timex {i} {tx['text']!r}: context {ctx!r} not found once")
            continue
        tx["start"], tx["end"] = at + inner, at + inner + len(surf)
        assert text[tx["start"]:tx["end"]] == surf
    for key, field in (("quotes", "text"), ("events", "evidence")):
        for i, item in enumerate(gold.get(key, [])):
            needle = unicodedata.normalize("NFC", item.get(field) or "")
            at = text.find(needle) if needle else -1
            if at < 0:
                problems.append(f"{key[:-1]} {i}: {field} {needle[:40]!r} not in text")
                continue
            item["start"], item["end"] = at, at + len(needle)
    return problems


def main(argv: list[str]) -> int:
    """Anchor every gold file; exit 1 if anything could not be placed."""
    if len(argv) < 2:
        print(__doc__)
        return 2
    articles, gold_dir = Path(argv[0]), Path(argv[1])
    check = "--check" in argv
    settings = Settings()
    bad = 0
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        article = articles / f"{path.stem}.txt"
        if not article.exists():
            print(f"{path}: no article {article}")
            bad += 1
            continue
        problems = anchor(gold, cleaned_text(article, settings))
        for p in problems:
            print(f"{path.name}: {p}")
        bad += bool(problems)
        if not check:
            path.write_text(json.dumps(gold, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"{'checked' if check else 'anchored'} {len(list(gold_dir.glob('*.json')))} gold files, "
          f"{bad} with problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
