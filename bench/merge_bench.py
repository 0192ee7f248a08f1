"""Cross-document event merging stays linear: time to merge N documents' events, 10k vs 100k.

    python bench/merge_bench.py [--sizes 10000 100000] [--json]

Each synthetic document reports 5 events drawn from a pool that grows with N (so blocks stay
about the same size, as in a real news stream): type, date, dyad and participants are random but
seeded. Only the merge (storyline.resolve.events.link) and its SQLite writes are timed.
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
from storyline.store.db import open_store  # noqa: E402

TYPES = ("CONSULT", "AGREE", "SANCTION", "REQUEST", "RETREAT", "ACCUSE")
STATES = [f"State {i}" for i in range(60)]


def synthetic(i: int, rng: random.Random, pool: int) -> Document:
    """A document whose 'events' layer reports 5 events from the pool (some at month granularity)."""
    text = "x" * 400
    doc = Document(id=f"d{i:07d}", text=text)
    spans = []
    for k in range(5):
        e = rng.randrange(pool)
        erng = random.Random(e)
        day = dt.date(2020, 1, 1) + dt.timedelta(days=erng.randrange(2000))
        date = day.isoformat() if rng.random() < 0.8 else day.isoformat()[:7]
        a, b = erng.sample(STATES, 2)
        spans.append(Span(k * 50, k * 50 + 5, TYPES[e % len(TYPES)], sentence=k, value=date,
                          attrs={"mode": "meeting", "actors": [a, b], "participants": [f"P{e % 997}"],
                                 "location": None, "evidence": [k * 50, k * 50 + 40]}))
    doc.set_layer("events", spans)
    return doc


def run(n: int) -> float:
    """Seconds to merge n documents into a fresh store (batch commits of 500)."""
    rng = random.Random(n)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "m.db"))
        t0 = time.perf_counter()
        store.begin()
        for i in range(n):
            link(store, synthetic(i, rng, pool=n))
            if i % 500 == 499:
                store.commit()
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
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    times = {n: run(n) for n in args.sizes}
    small, large = min(times), max(times)
    result = {"seconds": {str(k): round(v, 2) for k, v in times.items()},
              "growth": round(times[large] / times[small], 2), "size_ratio": large // small}
    print(json.dumps(result) if args.json else f"growth {result['growth']}x for {result['size_ratio']}x documents")


if __name__ == "__main__":
    main()
