"""Latency of the read side: p50/p95 of search and timeline requests over HTTP on a large store.

The store: --seed recombined corpus articles (bench/replicate.py) go through the full build, then the
stored rows (documents, sentences, spans, mentions, quotes, events, search index) are copied under new
ids until the store holds --docs documents. Copying keeps the build cost out of a latency benchmark;
the copied events keep their dates, so every date carries --docs/--seed times as many events.
Requests go to a real uvicorn server on 127.0.0.1, one at a time, a bounded number of each; "filtered" is
search with entity, date and event-type filters, reported apart from plain search.

--generated measures plain search on a store of --docs distinct generated articles (bench/generate.py)
instead: documents and the search index only (sentences split at end punctuation, exact copies not
indexed, as the build does), no analysis, so no filters or timeline; copies make every sentence occur
--docs/--seed times, the worst case for a search, and this mode is the more usual one.

    python bench/serve_bench.py [--docs 100000] [--seed 1000] [--requests 200] [--keep PATH] [--json]
    python bench/serve_bench.py --generated [--docs 100000] [--keep PATH]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from replicate import ROOT, replicate  # noqa: E402

from storyline.app import Storyline  # noqa: E402
from storyline.settings import Settings  # noqa: E402
from storyline.store.db import open_store  # noqa: E402

SEARCHES = ["dai su quan", "lavrov", "trung phat", "hoi dam riyadh", '"duong bay thang"', "ngoai truong nga",
            "\u0110i\u1ec7n Kremlin", "thuong dinh alaska", "tai san ngoai giao", "peskov", "istanbul", "lenh ngung ban"]
FILTERED = [{"q": "hoi dam", "entity": "Rubio"}, {"q": "lavrov", "entity": "Lavrov"}, {"q": "nga", "type": "SANCTION"},
            {"q": "nga", "from": "2025-03", "to": "2025-03"}, {"q": "dai su quan", "from": "2026-01"},
            {"q": "trung phat", "entity": "Lavrov", "from": "2025-08", "to": "2025-09"}]
GENERATED = SEARCHES + ["dam phan", "thi thuc", "bo truong thuong mai", "hop tac kinh te",
                        '"vong dam phan"']
TIMELINES = [{}, {"dyad": "RU-US"}, {"type": "CONSULT"}, {"from": "2025-08", "to": "2025-08"},
             {"entity": "Sergey Lavrov"}, {"dyad": "RU-US", "type": "SANCTION"}, {"offset": 500}]
COPIED = {  # table: (columns, id columns to suffix)
    "documents": ("id, hash, source, source_line, title, url, published, published_given, published_why, lang, "
                  "lang_score, text, n_chars, n_words, duplicate_of, duplicate_kind, similarity, build_id",
                  ("id", "hash", "duplicate_of")),
    "blocks": ("doc_id, idx, kind, start_char, end_char", ("doc_id",)),
    "sentences": ("doc_id, idx, start_char, end_char, block", ("doc_id",)),
    "spans": ("doc_id, layer, idx, start_char, end_char, sentence, label, value, attrs", ("doc_id",)),
    "entity_mentions": ("doc_id, span_idx, entity_id, sentence, start_char, end_char, role, doc_date, metonymy",
                        ("doc_id",)),
    "quotes": ("doc_id, idx, start_char, end_char, sentence, speaker_entity, cue", ("doc_id",)),
    "events": ("id, type, mode, date, location, score, num_mentions, num_sources, first_doc, actor_key, block, "
               "actors, participants", ("id", "first_doc")),
    "event_mentions": ("event_id, doc_id, sentence, start_char, end_char, confidence, doc_date, mode, location, "
                       "actors, participants", ("event_id", "doc_id")),
}


def build_store(db: Path, docs: int, seed: int, workers: int) -> None:
    """Full build of the seed articles, then copies of their rows up to `docs` documents."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        replicate(ROOT / "corpus" / "articles", folder, seed)
        t = time.perf_counter()
        Storyline(Settings(db=str(db), workers=workers)).build([str(folder)])
        print(f"built {seed} seed documents in {time.perf_counter() - t:.0f} s", flush=True)
    st = open_store(str(db))
    st.execute("PRAGMA cache_size = -400000")
    top = st.scalar("SELECT MAX(id) FROM search_rows")
    last = {table: st.scalar(f"SELECT MAX(rowid) FROM {table}") for table in COPIED}  # the seed rows
    t = time.perf_counter()
    for k in range(1, (docs + seed - 1) // seed):
        st.begin()
        for table, (cols, ids) in COPIED.items():
            sel = ", ".join(f"{c} || '~{k}'" if c in ids else c for c in (x.strip() for x in cols.split(",")))
            st.execute(f"INSERT INTO {table} ({cols}) SELECT {sel} FROM {table} WHERE rowid <= {last[table]}")
        st.execute(f"INSERT INTO search_rows (id, doc_id, sentence, start_char, end_char) SELECT id + {k * top}, "
                   f"doc_id || '~{k}', sentence, start_char, end_char FROM search_rows WHERE id <= {top}")
        st.execute(f"INSERT INTO search_fts (rowid, body) SELECT rowid + {k * top}, body FROM search_fts "
                   f"WHERE rowid <= {top}")
        st.commit()
        if k % 10 == 0:
            print(f"  copies: {k}, {st.scalar('SELECT COUNT(*) FROM documents')} documents, "
                  f"{time.perf_counter() - t:.0f} s", flush=True)
    st.begin()
    st.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
    st.commit()
    st.execute("ANALYZE")
    st.close()


def build_generated(db: Path, docs: int) -> None:
    """Documents and search rows for `docs` generated articles, written the way the search linker writes them."""
    import hashlib
    import re
    import unicodedata

    from generate import Generator

    from storyline.resolve.search import _add

    ends = re.compile(r"[^.!?\n]+[.!?]*")
    gen = Generator(7)
    st = open_store(str(db))
    seen: set[str] = set()
    t = time.perf_counter()
    st.begin()
    for i in range(docs):
        text = unicodedata.normalize("NFC", gen.text(i))
        date = re.match(r" date (\d{4}-\d{2}-\d{2})", text)
        digest = hashlib.sha1(text.encode()).hexdigest()
        copy = digest in seen
        seen.add(digest)
        st.execute("INSERT INTO documents (id, hash, source, source_line, published, published_given, lang, "
                   "lang_score, text, n_chars, n_words, duplicate_kind) VALUES (?, ?, ?, 0, ?, 1, 'vi', 1, ?, ?, ?, ?)",
                   (f"gen-{i:07d}", digest, f"gen/{i}", date and date.group(1), text, len(text), len(text.split()),
                    "exact" if copy else None))
        if not copy:
            _add(st, f"gen-{i:07d}", text, [(k, m.start(), m.end()) for k, m in enumerate(ends.finditer(text))
                                            if m.group().strip()])
        if (i + 1) % 5000 == 0:
            st.commit()
            st.begin()
            print(f"  {i + 1} documents, {time.perf_counter() - t:.0f} s", flush=True)
    st.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
    st.commit()
    st.execute("ANALYZE")
    st.close()


def timed(http, path: str, params: dict) -> float:
    """Milliseconds for one request (the response is read and checked)."""
    t = time.perf_counter()
    res = http.get(path, params=params)
    ms = (time.perf_counter() - t) * 1000
    if res.status_code != 200:
        raise RuntimeError(f"{path} {params}: {res.status_code} {res.text[:200]}")
    return ms


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


@contextmanager
def server(db: Path):
    """`storyline serve` in its own process (so client and server do not share one interpreter)."""
    import httpx

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    proc = subprocess.Popen([sys.executable, "-m", "storyline.cli", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/api/issues", timeout=2)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("storyline serve did not start")
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def measure(db: Path, requests: int, generated: bool = False) -> dict:
    """p50/p95 of search and timeline requests against a real server on loopback (search only on a
    generated store)."""
    import httpx

    rng = random.Random(3)
    out: dict = {}
    with server(db) as base, httpx.Client(base_url=base, timeout=60) as http:
        for _ in range(5):  # warm the page cache and the server threads
            timed(http, "/api/search", {"q": "nga"})
            timed(http, "/api/timeline", {})
        groups = [("search", "/api/search", [{"q": q} for q in (GENERATED if generated else SEARCHES)])]
        if not generated:
            groups += [("filtered", "/api/search", FILTERED), ("timeline", "/api/timeline", TIMELINES)]
        for name, path, choices in groups:
            times = [timed(http, path, {**rng.choice(choices), "limit": 20}) for _ in range(requests)]
            out[name] = {"requests": requests, "p50_ms": round(pct(times, 50), 1),
                         "p95_ms": round(pct(times, 95), 1), "mean_ms": round(statistics.mean(times), 1)}
            per = {}
            for choice in choices:
                one = [timed(http, path, {**choice, "limit": 20}) for _ in range(5)]
                per[json.dumps(choice, ensure_ascii=False)] = round(statistics.median(one), 1)
            out[name]["median_ms_by_query"] = per
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--keep", type=Path, help="store path to build once and reuse on later runs")
    ap.add_argument("--generated", action="store_true", help="distinct generated articles, search only")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.keep or Path(tmp) / "serve.db"
        if not db.exists():
            if args.generated:
                build_generated(db, args.docs)
            else:
                build_store(db, args.docs, args.seed, args.workers)
        with open_store(str(db), readonly=True) as st:
            info = {"documents": st.scalar("SELECT COUNT(*) FROM documents"),
                    "sentences": st.scalar("SELECT COUNT(*) FROM search_rows"),
                    "events": st.scalar("SELECT COUNT(*) FROM events"),
                    "store_mb": round(os.path.getsize(db) / 1e6, 1)}
        result = {**info, **measure(db, args.requests, args.generated)}
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    print(f"store: {info['documents']} documents, {info['sentences']} indexed sentences, {info['events']} events, "
          f"{info['store_mb']} MB")
    for name in ("search", "filtered", "timeline"):
        if name not in result:
            continue
        r = result[name]
        print(f"{name:9s} p50 {r['p50_ms']:7.1f} ms   p95 {r['p95_ms']:7.1f} ms   ({r['requests']} requests)")
        for q, ms in r["median_ms_by_query"].items():
            print(f"    {ms:7.1f} ms  {q}")


if __name__ == "__main__":
    main()
