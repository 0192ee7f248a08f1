"""End-to-end build throughput on a generated corpus, with per-stage times and the underthesea yardstick.

Generates N articles (bench/generate.py), builds them into a fresh store with stage timing on, then
re-runs the build on the unchanged files; underthesea's `ner` runs on a sample of the same texts in a
separate process before and after (the mean is the yardstick: the machine's speed drifts). Prints documents/s, words/s (and per core), peak RSS (this process, the largest worker,
and their sum as an upper bound), seconds per stage (analysis stages are summed over workers), the
ratio of our words/s per core to underthesea's, and the re-run time as a fraction of the first build.
A warm-up build of the bundled corpus pays one-time imports and language-data loading first.

    python bench/run.py [--docs 10000] [--workers 2] [--engine local|ray] [--db URL] [--json]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from generate import generate  # noqa: E402

from storyline.app import Storyline  # noqa: E402
from storyline.settings import Settings  # noqa: E402


def _rss_mb(who: int) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)


def underthesea_rate(folder: Path, words_wanted: int) -> dict:
    """underthesea `ner` words/s on the first generated texts, about words_wanted words in all."""
    from storyline.baselines.underthesea_ner import spans

    paths = sorted(folder.rglob("*.txt"))
    spans(paths[-1].read_text(encoding="utf-8").splitlines()[0])  # loads the model outside the timing
    words, docs, t = 0, 0, time.perf_counter()
    for p in paths:
        text = p.read_text(encoding="utf-8")
        spans(text)
        words += len(text.split())
        docs += 1
        if words >= words_wanted:
            break
    secs = time.perf_counter() - t
    return {"docs": docs, "words": words, "seconds": round(secs, 2), "words_per_s": round(words / secs, 1)}


def underthesea_rate_apart(folder: Path, words_wanted: int) -> dict:
    """underthesea_rate in a fresh process: its model never sits in the build's memory."""
    out = subprocess.run([sys.executable, __file__, "--underthesea-only", str(folder),
                          "--sample-words", str(words_wanted)], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def _mean_rate(before: dict, after: dict) -> dict:
    """The yardstick measured before and after the build, and their mean (the machine's speed drifts
    during a long build; one short sample can be 20% off)."""
    return {"docs": before["docs"], "words": before["words"], "words_per_s_before": before["words_per_s"],
            "words_per_s_after": after["words_per_s"],
            "words_per_s": round((before["words_per_s"] + after["words_per_s"]) / 2, 1)}


def _db(arg: str | None, tmp: str, name: str) -> str:
    if arg is None:
        return str(Path(tmp) / f"{name}.db")
    return arg


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--engine", default="local", choices=("local", "ray"))
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--db", default=None, help="store to build into (default: a fresh SQLite file); "
                    "a postgresql:// URL must name an empty database")
    ap.add_argument("--corpus", type=Path, default=None,
                    help="reuse a generated folder (made with the same --docs/--seed) instead of a new one")
    ap.add_argument("--sample-words", type=int, default=6000, help="underthesea sample size, in words")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--underthesea-only", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.underthesea_only:  # the child process of underthesea_rate_apart
        print(json.dumps(underthesea_rate(args.underthesea_only, args.sample_words)))
        return
    with tempfile.TemporaryDirectory(prefix="storyline-bench-") as tmp:
        folder = args.corpus or Path(tmp) / "articles"
        t = time.perf_counter()
        mb = generate(args.docs, folder, args.seed) / 1e6 if args.corpus is None else None
        gen_secs = time.perf_counter() - t
        # spawned while this process is still small: a child's peak RSS counts the parent's pages up
        # to its exec, and that peak must not pass for a worker's
        uts_before = underthesea_rate_apart(folder, args.sample_words)
        if mb is None:
            mb = sum(p.stat().st_size for p in folder.rglob("*.txt")) / 1e6
        Storyline(Settings(db=str(Path(tmp) / "warm.db"))).build([str(ROOT / "corpus" / "articles")])
        settings = Settings(db=_db(args.db, tmp, "bench"), workers=args.workers, engine=args.engine,
                            stage_times=True)
        sl = Storyline(settings)
        t0 = time.perf_counter()
        first = sl.build([str(folder)])
        t1 = time.perf_counter()
        second = sl.build([str(folder)])
        t2 = time.perf_counter()
        words = int(sl.overview()["words"])
        main_rss, child_rss = _rss_mb(resource.RUSAGE_SELF), _rss_mb(resource.RUSAGE_CHILDREN)
        uts = _mean_rate(uts_before, underthesea_rate_apart(folder, args.sample_words))
    secs = t1 - t0
    stored = first.new + first.changed
    per_core = words / secs / args.workers
    pool = args.workers if args.workers > 1 or args.engine == "ray" else 0  # worker processes
    result = {
        "docs": args.docs, "workers": args.workers, "engine": args.engine,
        "store": "postgresql" if args.db and args.db.startswith("postgres") else "sqlite",
        "mb": round(mb, 2), "generate_seconds": round(gen_secs, 2),
        "stored": stored, "errors": len(first.errors),
        "exact_duplicates": first.exact_duplicates, "near_duplicates": first.near_duplicates,
        "words": words, "build_seconds": round(secs, 2),
        "docs_per_s": round(stored / secs, 1), "words_per_s": round(words / secs, 1),
        "words_per_s_per_core": round(per_core, 1),
        "peak_rss_mb": {"main": main_rss, "largest_worker": child_rss,
                        "sum_upper_bound": round(main_rss + child_rss * pool, 1)},
        "stages_seconds": {k: round(v, 2) for k, v in sorted(first.stages.items(), key=lambda kv: -kv[1])},
        "rerun_seconds": round(t2 - t1, 3), "rerun_unchanged": second.unchanged,
        "rerun_new": second.new, "rerun_fraction": round((t2 - t1) / secs, 4),
        "underthesea_ner": uts,
        "ratio_ours_per_core_to_underthesea": round(per_core / uts["words_per_s"], 1),
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    for k, v in result.items():
        if isinstance(v, dict):
            print(f"{k:>34}:")
            for kk, vv in v.items():
                print(f"{'':>36}{kk}: {vv}")
        else:
            print(f"{k:>34}: {v}")


if __name__ == "__main__":
    main()
