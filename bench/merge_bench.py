"""Cross-document event merging stays linear: time to merge N documents' events, 10k vs 100k.

    python bench/merge_bench.py [--sizes 10000 100000] [--days scaled|fixed] [--repeat 3] [--json]

Each synthetic document reports 5 events drawn from a pool of N events: type, date, dyad and
participants are random but seeded. With --days scaled (the default) the pool's dates span N/5 days,
so 10x the documents cover 10x the days and a (type, day) block holds about the same number of
events: a test that merging has no hidden all-pairs work. With --days fixed they span 2,000 days
whatever N, so blocks grow with N, as when ten times the articles report the same period. Only the
merge (storyline.resolve.events.link) and its SQLite writes are timed.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from storyline.model import Document, Span  # noqa: E402
from storyline.resolve.events import link  # noqa: E402
from storyline.settings import Settings  # noqa: E402
from storyline.store.db import open_store  # noqa: E402

TYPES = ("CONSULT", "AGREE", "SANCTION", "REQUEST", "RETREAT", "ACCUSE")
STATES = [f"State {i}" for i in range(60)]
BATCH = Settings().batch_size


def synthetic(i: int, rng: random.Random, pool: int, days: int = 2000) -> Document:
    """A document whose 'events' layer reports 5 events from the pool (some at month granularity)."""
    text = "x" * 400
    doc = Document(id=f"d{i:07d}", text=text)
    spans = []
    for k in range(5):
        e = rng.randrange(pool)
        erng = random.Random(e)
        day = dt.date(2020, 1, 1) + dt.timedelta(days=erng.randrange(days))
        date = day.isoformat() if rng.random() < 0.8 else day.isoformat()[:7]
        a, b = erng.sample(STATES, 2)
        spans.append(Span(k * 50, k * 50 + 5, TYPES[e % len(TYPES)], sentence=k, value=date,
                          attrs={"mode": "meeting", "actors": [a, b], "participants": [f"P{e % 997}"],
                                 "location": None, "evidence": [k * 50, k * 50 + 40]}))
    doc.set_layer("events", spans)
    return doc


def run(n: int, scaled: bool = True) -> float:
    """Seconds to merge n documents into a fresh store (batches of the build's size, committed and
    synced at the end as a first build's are), the final sync included."""
    rng = random.Random(n)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "m.db"))
        t0 = time.perf_counter()
        with store.bulk_load():  # as a build into a new store commits (one sync at the end)
            store.begin()
            for i in range(n):
                link(store, synthetic(i, rng, pool=n, days=max(2000, n // 5) if scaled else 2000))
                if i % BATCH == BATCH - 1:  # batches end as a build's do (Store.commit_batch)
                    store.commit_batch(BATCH)
                    store.begin()
            store.commit()
        secs = time.perf_counter() - t0
        events = store.scalar("SELECT COUNT(*) FROM events")
        store.close()
    print(f"{n:>8} documents: {secs:8.2f} s, {n / secs:8.0f} docs/s, {events} events", file=sys.stderr)
    return secs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--days", choices=("scaled", "fixed"), default="scaled",
                    help="dates span N/5 days (blocks keep their size) or 2,000 days (blocks grow with N)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="runs per size; the fastest counts (a shared machine's noise only adds time)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    runs = {n: [run(n, args.days == "scaled") for _ in range(max(1, args.repeat))] for n in args.sizes}
    times = {n: min(v) for n, v in runs.items()}
    small, large = min(times), max(times)
    result = {"seconds": {str(k): round(v, 2) for k, v in times.items()},
              "all_runs": {str(k): [round(x, 2) for x in v] for k, v in runs.items()},
              "growth": round(times[large] / times[small], 2), "size_ratio": large // small, "days": args.days}
    print(json.dumps(result) if args.json else f"growth {result['growth']}x for {result['size_ratio']}x documents")


if __name__ == "__main__":
    main()
