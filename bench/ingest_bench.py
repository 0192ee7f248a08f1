"""Ingestion throughput: builds N recombined corpus articles and prints documents/s and MB/s.

Two builds of the same files into fresh stores: ingestion alone (read, decode, clean, layout,
language id, hashes, MinHash/LSH dedup, SQLite writes; no analysis components), then the full
build with the current analysis pipeline, then a re-run of the full build on unchanged files.
A warm-up build of the bundled corpus first pays the one-time imports outside the timings.

    python bench/ingest_bench.py [--docs 10000] [--workers 1] [--json]
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from replicate import ROOT, replicate  # noqa: E402

from storyline.app import Storyline  # noqa: E402
from storyline.settings import Settings  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--ingest-only", action="store_true", help="skip the full build and the re-run")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        size = replicate(ROOT / "corpus" / "articles", folder, args.docs)
        # warm-up: imports and language data load once per process, outside the timed builds
        Storyline(Settings(db=str(Path(tmp) / "warm.db"))).build([str(ROOT / "corpus" / "articles")])
        ingest = Storyline(Settings(db=str(Path(tmp) / "ingest.db"), workers=args.workers,
                                    components=()))
        t = time.perf_counter()
        alone = ingest.build([str(folder)])
        ingest_secs = time.perf_counter() - t
        sl = Storyline(Settings(db=str(Path(tmp) / "bench.db"), workers=args.workers))
        t0 = time.perf_counter()
        first = sl.build([str(folder)]) if not args.ingest_only else alone
        t1 = time.perf_counter()
        second = sl.build([str(folder)]) if not args.ingest_only else alone
        t2 = time.perf_counter()
    secs = (t1 - t0) or ingest_secs
    result = {
        "docs": args.docs, "workers": args.workers, "mb": round(size / 1e6, 2),
        "ingest_stored": alone.new, "ingest_seconds": round(ingest_secs, 2),
        "ingest_docs_per_s_per_core": round(alone.new / ingest_secs / args.workers, 1),
        "ingest_mb_per_s": round(size / 1e6 / ingest_secs, 2),
        "build_stored": first.new, "build_errors": len(first.errors),
        "build_seconds": round(secs, 2),
        "build_docs_per_s_per_core": round(first.new / secs / args.workers, 1),
        "build_mb_per_s": round(size / 1e6 / secs, 2),
        "rerun_seconds": round(t2 - t1, 3), "rerun_new": second.new,
        "rerun_fraction": round((t2 - t1) / secs, 4),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    if args.json:
        print(json.dumps(result))
        return
    for k, v in result.items():
        print(f"{k:>22}: {v}")


if __name__ == "__main__":
    main()
