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


def process(task: tuple[RawRecord, str | None]) -> dict[str, Any]:
    """One record to a result dict; unchanged documents stop before analysis."""
    raw, known_hash = task
    if _STATE["sweep"]:
        _STATE["done"] += 1
        if _STATE["done"] % YOUNG_GC_EVERY == 0:
            gc.collect(1)
    settings: Settings = _STATE["settings"]
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
    try:
        _STATE["pipeline"](doc)
    except Exception as exc:
        return {"status": "error", "reason": f"internal error in analysis ({type(exc).__name__}: {exc})",
                "raw": raw}
    sig, n_words = signature(doc.text, settings.num_perm, settings.shingle_size)
    raw.data = raw.text = None  # the cleaned document travels back, not the input bytes
    return {"status": "ok", "raw": raw, "doc": doc, "hash": key, "sig": sig,
            "bands": band_keys(sig, settings.lsh_bands), "n_words": n_words, "warnings": warnings,
            "span_rows": span_rows(doc)}  # serialized here, in parallel, not by the writing process
