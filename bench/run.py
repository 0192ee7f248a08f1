"""End-to-end build throughput on a generated corpus, with per-stage times and the underthesea yardstick.

Generates N articles (bench/generate.py), builds them into a fresh store with stage timing on, then
re-runs the build on the unchanged files. The yardstick is underthesea's `ner` on a sample of the same
texts, in a separate process that keeps its model loaded: it runs before and after the build and, in a
one-worker local build, also for about a second every --probe-every seconds of the build (the build waits
meanwhile and that time is not counted as build time), so the two speeds are measured on the same machine
at the same times (this machine's speed drifts by 20-50 % within minutes; a sample before and after a
ten-minute build can miss that). Its words/s is all its words over all its seconds. Prints documents/s,
words/s (and per core), peak RSS (this process, the largest worker, and their sum as an upper bound),
seconds per stage (analysis stages are summed over workers), the ratio of our words/s per core to
underthesea's, and the re-run time as a fraction of the first build. A warm-up build of the bundled
corpus pays one-time imports and language-data loading first.

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


def sample_texts(folder: Path, words_wanted: int) -> list[str]:
    """The first generated texts, about words_wanted words in all: the yardstick's sample."""
    texts, words = [], 0
    for p in sorted(folder.rglob("*.txt")):
        texts.append(p.read_text(encoding="utf-8"))
        words += len(texts[-1].split())
        if words >= words_wanted:
            break
    return texts


def serve_underthesea(folder: Path, words_wanted: int) -> None:
    """The yardstick's process: loads the model, then for each line read ("all" or a word count) tags
    that many words of the sample, going round it, and prints {"words", "seconds"} as one JSON line."""
    from storyline.baselines.underthesea_ner import spans

    texts = sample_texts(folder, words_wanted)
    spans(texts[-1].splitlines()[0])  # loads the model outside the timing
    print("ready", flush=True)
    pos, every_word = 0, sum(len(t.split()) for t in texts)
    for line in sys.stdin:
        if line.strip() == "all":
            want, pos = every_word, 0
        else:
            want = int(line)
            spans(texts[(pos - 1) % len(texts)].splitlines()[0])  # caches warm again after the build ran
        words, t = 0, time.perf_counter()
        while words < want:
            text = texts[pos % len(texts)]
            spans(text)
            words += len(text.split())
            pos += 1
        print(json.dumps({"words": words, "seconds": time.perf_counter() - t}), flush=True)


class Yardstick:
    """underthesea `ner` in its own process (its model never sits in the build's memory), asked for a
    timed run whenever the bench wants one; `pause` is the time the build spent waiting for it."""

    def __init__(self, folder: Path, words_wanted: int, probe_words: int, every: float) -> None:
        self.proc = subprocess.Popen([sys.executable, __file__, "--underthesea-only", str(folder),
                                      "--sample-words", str(words_wanted)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        if self.proc.stdout.readline().strip() != "ready":
            raise RuntimeError("the underthesea yardstick did not start (is the baselines extra installed?)")
        self.probe_words, self.every = probe_words, every
        self.runs: dict[str, list[dict]] = {"before": [], "during": [], "after": []}
        self.pause, self.last = 0.0, time.perf_counter()

    def run(self, when: str, words: str = "all") -> dict:
        """One timed run of the yardstick, filed under when ("before", "during", "after")."""
        self.proc.stdin.write(words + "\n")
        self.proc.stdin.flush()
        out = json.loads(self.proc.stdout.readline())
        self.runs[when].append(out)
        return out

    def probe(self, _done: int = 0) -> None:
        """A short run if --probe-every seconds of build passed since the last (an on_progress hook)."""
        now = time.perf_counter()
        if now - self.last < self.every:
            return
        self.run("during", str(self.probe_words))
        self.last = time.perf_counter()
        self.pause += self.last - now

    def report(self) -> dict:
        """Words/s before, during and after, and over all runs (all words over all seconds)."""
        def rate(runs: list[dict]) -> float | None:
            secs = sum(r["seconds"] for r in runs)
            return round(sum(r["words"] for r in runs) / secs, 1) if secs else None

        every = [r for runs in self.runs.values() for r in runs]
        return {"words": self.runs["before"][0]["words"] if self.runs["before"] else 0,
                "words_per_s_before": rate(self.runs["before"]),
                "words_per_s_during": rate(self.runs["during"]), "probes_during": len(self.runs["during"]),
                "words_per_s_after": rate(self.runs["after"]),
                "seconds": round(sum(r["seconds"] for r in every), 2), "words_per_s": rate(every)}

    def close(self) -> None:
        """End the yardstick's process (its loop ends with its input)."""
        self.proc.stdin.close()
        self.proc.wait()


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
    ap.add_argument("--probe-every", type=float, default=15.0,
                    help="seconds of a one-worker local build between short yardstick runs (0: none)")
    ap.add_argument("--probe-words", type=int, default=2000, help="words per yardstick run during the build")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--underthesea-only", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.underthesea_only:  # the yardstick's own process (Yardstick)
        serve_underthesea(args.underthesea_only, args.sample_words)
        return
    with tempfile.TemporaryDirectory(prefix="storyline-bench-") as tmp:
        folder = args.corpus or Path(tmp) / "articles"
        t = time.perf_counter()
        mb = generate(args.docs, folder, args.seed) / 1e6 if args.corpus is None else None
        gen_secs = time.perf_counter() - t
        # spawned while this process is still small, so a copy of a large parent is never its peak
        yard = Yardstick(folder, args.sample_words, args.probe_words, args.probe_every)
        yard.run("before")
        if mb is None:
            mb = sum(p.stat().st_size for p in folder.rglob("*.txt")) / 1e6
        Storyline(Settings(db=str(Path(tmp) / "warm.db"))).build([str(ROOT / "corpus" / "articles")])
        settings = Settings(db=_db(args.db, tmp, "bench"), workers=args.workers, engine=args.engine,
                            stage_times=True)
        sl = Storyline(settings)
        # probes only while nothing else runs: a pool or Ray would go on analyzing during them
        inline = args.workers == 1 and args.engine == "local" and args.probe_every > 0
        t0 = time.perf_counter()
        yard.last = t0
        first = sl.build([str(folder)], on_progress=yard.probe if inline else None)
        t1 = time.perf_counter()
        second = sl.build([str(folder)])
        t2 = time.perf_counter()
        words = int(sl.overview()["words"])
        main_rss, child_rss = _rss_mb(resource.RUSAGE_SELF), _rss_mb(resource.RUSAGE_CHILDREN)
        yard.run("after")
        yard.close()
        uts = yard.report()
    secs = t1 - t0 - yard.pause  # the build's own time, without the yardstick's runs
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
        "rerun_new": second.new, "rerun_fraction": round((t2 - t1) / secs, 4), "yardstick_pause_seconds": round(yard.pause, 2),
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
