"""Temporal tagging + normalization throughput (words/s, one core), beside dateparser's.

    python bench/time_bench.py [--docs 2000] [--json]

Documents are the bundled corpus recombined (bench/replicate.py); sentences are split before the
clock starts, so the figure is the 'timexes' component alone: tagging, publication-date inference
and value resolution.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from replicate import ROOT, replicate  # noqa: E402

from storyline.analyze.pipeline import Pipeline  # noqa: E402
from storyline.analyze.timexes import annotate  # noqa: E402
from storyline.ingest.prepare import prepare  # noqa: E402
from storyline.ingest.readers import SourceFile, read_source  # noqa: E402
from storyline.settings import Settings  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--baseline-docs", type=int, default=100, help="documents given to dateparser")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    settings = Settings()
    split = Pipeline(["sentences"])
    docs = []
    with tempfile.TemporaryDirectory() as tmp:
        replicate(ROOT / "corpus" / "articles", Path(tmp), args.docs)
        for path in sorted(Path(tmp).glob("*.txt")):
            raw = next(read_source(SourceFile(str(path), path.stat().st_size, 0, "txt"), settings))
            doc, _ = prepare(raw, settings)
            docs.append(split(doc))
    words = sum(len(d.text.split()) for d in docs)
    annotate(docs[0], "vi")  # load the rules outside the clock
    t0 = time.perf_counter()
    found = 0
    for d in docs:
        annotate(d, "vi")
        found += len(d.layer("timexes"))
    secs = time.perf_counter() - t0
    from storyline.baselines.dateparser_time import annotate as dp

    sample = docs[: args.baseline_docs]
    sample_words = sum(len(d.text.split()) for d in sample)
    dp(sample[0].text, sample[0].published.value)
    t1 = time.perf_counter()
    for d in sample:
        dp(d.text, d.published.value)
    dp_secs = time.perf_counter() - t1
    result = {"docs": len(docs), "words": words, "timexes": found, "seconds": round(secs, 3),
              "words_per_s": round(words / secs), "dateparser_docs": len(sample),
              "dateparser_words_per_s": round(sample_words / dp_secs),
              "ratio": round((words / secs) / (sample_words / dp_secs), 1)}
    if args.json:
        print(json.dumps(result))
    else:
        for k, v in result.items():
            print(f"{k:>24}: {v}")


if __name__ == "__main__":
    main()
