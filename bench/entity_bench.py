"""Mention-detection throughput: storyline's finder next to underthesea's ner, same texts, same run.

Both read the cleaned texts of the bundled corpus (captions and bylines included). Ours runs the
'mentions' component (gazetteer, heads, cues, capitalized runs and within-document grouping) on the
sentence layer, `--repeat` times, in this one process, so the figure is per core; underthesea tags each
line once. Words are whitespace-separated tokens of the text. Imports and language data load before the
clocks start.

    python bench/entity_bench.py [--repeat 20] [--json] [--skip-underthesea]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from storyline.analyze.entity_lexicon import lexicon  # noqa: E402
from storyline.analyze.mentions import find_mentions  # noqa: E402
from storyline.analyze.sentences import split_sentences  # noqa: E402
from storyline.ingest.prepare import prepare  # noqa: E402
from storyline.model import RawRecord  # noqa: E402
from storyline.settings import Settings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def corpus_texts() -> list[tuple[str, list]]:
    """(text, sentences) of every bundled article, cleaned exactly as a build cleans it."""
    out = []
    for path in sorted((ROOT / "corpus" / "articles").glob("*.txt")):
        doc, _ = prepare(RawRecord(doc_id=path.stem, source=str(path), data=path.read_bytes()), Settings())
        out.append((doc.text, split_sentences(doc.text, doc.layer("blocks"), "vi")))
    return out


def bench_ours(docs: list[tuple[str, list]], repeat: int) -> tuple[float, int]:
    """Seconds for `repeat` passes over the texts, and mentions found per pass."""
    lexicon("vi")
    found = sum(len(find_mentions(t, s)) for t, s in docs)  # warm-up pass, not timed
    start = time.perf_counter()
    for _ in range(repeat):
        for text, sentences in docs:
            find_mentions(text, sentences)
    return time.perf_counter() - start, found


def bench_underthesea(docs: list[tuple[str, list]]) -> tuple[float, int] | None:
    """Seconds for one pass of underthesea.ner over the same texts (line by line), or None if absent."""
    try:
        from underthesea import ner
    except ImportError:
        return None
    ner(docs[0][0].splitlines()[0])  # model load, not timed
    found = 0
    start = time.perf_counter()
    for text, _ in docs:
        for line in text.splitlines():
            if line.strip():
                found += sum(1 for row in ner(line) if row[-1].startswith("B-"))
    return time.perf_counter() - start, found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=20, help="passes of our finder over the corpus")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--skip-underthesea", action="store_true")
    args = ap.parse_args()
    docs = corpus_texts()
    words = sum(len(t.split()) for t, _ in docs)
    secs, ours_found = bench_ours(docs, args.repeat)
    ours = {"words": words * args.repeat, "seconds": round(secs, 3),
            "words_per_s": round(words * args.repeat / secs), "mentions_per_pass": ours_found}
    result = {"documents": len(docs), "words_per_pass": words, "storyline": ours, "underthesea": None}
    theirs = None if args.skip_underthesea else bench_underthesea(docs)
    if theirs:
        result["underthesea"] = {"words": words, "seconds": round(theirs[0], 3),
                                 "words_per_s": round(words / theirs[0]), "entity_spans": theirs[1]}
        result["speedup"] = round(ours["words_per_s"] / result["underthesea"]["words_per_s"], 1)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{len(docs)} documents, {words} words per pass (one process = one core)")
    print(f"storyline mentions : {ours['words_per_s']:>9,} words/s  ({ours['words']} words in {secs:.2f} s, "
          f"{ours_found} mentions per pass)")
    if theirs:
        u = result["underthesea"]
        print(f"underthesea ner    : {u['words_per_s']:>9,} words/s  ({words} words in {u['seconds']:.2f} s, "
              f"{u['entity_spans']} entity spans)")
        print(f"speed-up           : {result['speedup']}x")
    else:
        print("underthesea ner    : not installed (pip install '.[baselines]')")


if __name__ == "__main__":
    main()
