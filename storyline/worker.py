"""The pure per-document step (clean, identify, analyze, hash), run inline or in a process pool."""
from __future__ import annotations

import gc
import multiprocessing as mp
from typing import Any

from storyline.analyze.pipeline import Pipeline
from storyline.ingest.dedup import band_keys, content_hash, signature
from storyline.ingest.prepare import RecordError, prepare
from storyline.model import RawRecord
from storyline.settings import Settings
from storyline.store.writer import span_rows

_STATE: dict[str, Any] = {"done": 0, "sweep": False}
YOUNG_GC_EVERY = 256  # documents between collections of young objects in a pool worker (GC is paused)


def init_worker(settings: Settings) -> None:
    """Build the pipeline once per process (language data is loaded and cached here)."""
    _STATE["settings"] = settings
    _STATE["pipeline"] = Pipeline(settings.components, lang=settings.lang)
    # only a pool worker sweeps here: inline, the writing process sweeps for both (build.SWEEP_EVERY),
    # and a Ray actor keeps automatic collection on
    _STATE["sweep"] = mp.parent_process() is not None


def _prepared(raw: RawRecord, known_hash: str | None, settings: Settings) -> dict[str, Any]:
    """A record cleaned and hashed: status 'prepared' (with doc and hash), 'unchanged' or 'error'."""
    if _STATE["sweep"]:
        _STATE["done"] += 1
        if _STATE["done"] % YOUNG_GC_EVERY == 0:
            gc.collect(1)
    try:
        doc, warnings = prepare(raw, settings)
    except RecordError as exc:
        return {"status": "error", "reason": str(exc), "raw": raw}
    except Exception as exc:  # a bug must not stop the batch: report it like bad input
        return {"status": "error", "reason": f"internal error while reading ({type(exc).__name__}: {exc})",
                "raw": raw}
    key = content_hash(doc.text)
    if key == known_hash:
        return {"status": "unchanged", "raw": raw}
    return {"status": "prepared", "raw": raw, "doc": doc, "hash": key, "warnings": warnings}


def process_many(tasks: list[tuple[RawRecord, str | None]]) -> list[dict[str, Any]]:
    """Records to result dicts, in order; unchanged documents stop before analysis. The documents go
    through the pipeline together, one component over all of them before the next (Pipeline.run_many):
    a component's code and tables stay in the CPU caches across documents instead of being evicted by
    the other components' at every document (analysis ~15 % faster than document by document)."""
    settings: Settings = _STATE["settings"]
    results = [_prepared(raw, known, settings) for raw, known in tasks]
    todo = [i for i, r in enumerate(results) if r["status"] == "prepared"]
    failures = _STATE["pipeline"].run_many([results[i]["doc"] for i in todo])
    done = []
    for i, exc in zip(todo, failures):
        if exc is None:
            done.append(results[i])
        else:
            results[i] = {"status": "error", "raw": results[i]["raw"],
                          "reason": f"internal error in analysis ({type(exc).__name__}: {exc})"}
    # the steps after analysis also go one at a time over all the documents
    sigs = [signature(r["doc"].text, settings.num_perm, settings.shingle_size) for r in done]
    bands = [band_keys(sig, settings.lsh_bands) for sig, _n in sigs]
    rows = [span_rows(r["doc"]) for r in done]  # serialized here, in parallel, not by the writing process
    for r, (sig, n_words), keys, srows in zip(done, sigs, bands, rows):
        r["raw"].data = r["raw"].text = None  # the cleaned document travels back, not the input bytes
        r.update(status="ok", sig=sig, bands=keys, n_words=n_words, span_rows=srows)
    return results


def process(task: tuple[RawRecord, str | None]) -> dict[str, Any]:
    """One record to a result dict (process_many of one)."""
    return process_many([task])[0]
