"""Build: stream inputs, analyze per document (inline or in a pool), store in committed batches."""
from __future__ import annotations

import contextlib
import gc
import itertools
import multiprocessing as mp
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from storyline import timing
from storyline.ingest.readers import FileDone, SourceFile, iter_files, read_soon, read_source
from storyline.model import Document, IngestError, RawRecord
from storyline.resolve import linkers
from storyline.settings import Settings
from storyline.store import writer
from storyline.store.db import Store, now
from storyline.worker import init_worker, process_many

Item = RawRecord | IngestError | FileDone
# Documents between collections of young objects while automatic GC is paused: each sweep walks the
# results in flight (tens of thousands of objects, 20-50 ms), so not once per batch
SWEEP_EVERY = 2000
# Files a first build asks the OS to read ahead of the one it reads (ingest/readers.read_soon)
READ_AHEAD = 64
# Tasks per message to a pool worker (see Builder._run_pool)
POOL_CHUNK = 16


@dataclass
class BuildReport:
    """What a build did, for the end summary and the builds table."""

    build_id: int = 0
    files: int = 0
    unchanged_files: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    known_errors: int = 0
    bytes: int = 0
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage (Settings.stage_times)

    @property
    def stored(self) -> int:
        """Documents written by this build."""
        return self.new + self.changed


@dataclass
class _FileTally:
    docs: int = 0
    errors: int = 0
    fatal: bool = False


class Builder:
    """Runs one build against a store; `on_progress(bytes done)` and `on_error(line)` feed the UI."""

    def __init__(self, store: Store, settings: Settings,
                 on_progress: Callable[[int], None] | None = None,
                 on_error: Callable[[str], None] | None = None) -> None:
        self.store = store
        self.settings = settings
        self.on_progress = on_progress or (lambda n: None)
        self.on_error = on_error or (lambda line: None)
        self.report = BuildReport()
        self.tally: dict[str, _FileTally] = {}
        self.known: dict[str, str | None] = {}
        self.written: dict[str, str] = {}
        self.times = timing.Times() if settings.stage_times else None
        self._unswept = 0  # documents written since the last garbage collection
        self._to_link: list[Document] = []  # stored, not yet linked (see _link_stored)
        self.init_fn, self.process_fn = ((timing.init_timed_worker, timing.timed_process_many)
                                         if self.times is not None else (init_worker, process_many))

    # -- input ---------------------------------------------------------------------------
    def _items(self, files: list[SourceFile | IngestError]) -> Iterator[Item]:
        """Records of every file that changed since the last build, then a FileDone marker. A first
        build into an empty store reads every file, so it asks for the next READ_AHEAD files early (a
        later build reads only the changed ones, known file by file, and asks for none)."""
        soon = iter(files if self.store.bulk else ())  # READ_AHEAD files ahead of f

        def ask(n: int) -> None:
            for g in itertools.islice(soon, n):
                if isinstance(g, SourceFile):
                    read_soon(g, self.settings)

        ask(READ_AHEAD)
        for f in files:
            ask(1)
            if isinstance(f, IngestError):
                yield f
                continue
            self.report.files += 1
            known = writer.source_unchanged(self.store, f.path, f.size, f.mtime_ns)
            if known is not None:
                self.report.unchanged_files += 1
                self.report.unchanged += known[0]
                self.report.known_errors += known[1]
                self.on_progress(f.size)
                continue
            self.tally[f.path] = _FileTally()
            count = 0
            for rec in read_source(f, self.settings):
                count += 1
                yield rec
            yield FileDone(f, count)

    def _batches(self, items: Iterator[Item]) -> Iterator[list[Item]]:
        """Chunks of items holding at most batch_size records."""
        batch: list[Item] = []
        records = 0
        for item in items:
            batch.append(item)
            if isinstance(item, RawRecord):
                records += 1
                if records >= self.settings.batch_size:
                    yield batch
                    batch, records = [], 0
        if batch:
            yield batch

    def _tasks(self, batch: list[Item]) -> list[tuple[RawRecord, str | None]]:
        """Records with the hash already stored for their id (so unchanged ones skip analysis)."""
        with timing.stage(self.times, "look up stored hashes"):
            return self._lookup_tasks(batch)

    def _lookup_tasks(self, batch: list[Item]) -> list[tuple[RawRecord, str | None]]:
        tasks = []
        for it in batch:
            if isinstance(it, RawRecord):
                state = writer.stored_state(self.store, it.doc_id)
                self.known[it.doc_id] = state[1] if state else None
                tasks.append((it, state[0] if state else None))
        return tasks

    # -- run -----------------------------------------------------------------------------
    def run(self, paths: list[str]) -> BuildReport:
        """Ingest, analyze and store everything under paths; returns the report (a first build into an
        empty store syncs to disk once at the end, not at every checkpoint: Store.bulk_load)."""
        with self.store.bulk_load(), _gc_paused():
            report = self._run(paths)
            synced = time.perf_counter()
        if self.times is not None:
            # bulk_load's exit makes the deferred indexes and syncs
            self.times["final indexes and sync"] = time.perf_counter() - synced
            report.stages = dict(self.times)
        return report

    def _run(self, paths: list[str]) -> BuildReport:
        """The build itself: record it, stream the batches through analysis and writing, close it."""
        start = time.perf_counter()
        self.store.begin()
        self.store.execute("INSERT INTO builds (started, status, paths) VALUES (?, ?, ?)",
                           (now(), "running", " ".join(paths)))
        self.report.build_id = int(self.store.scalar("SELECT MAX(id) FROM builds"))
        self.store.commit()
        files = list(iter_files(paths, self.settings))
        batches = self._batches(self._items(files))
        if self.times is not None:
            batches = timing.timed_iter(batches, self.times, "read files")
        if self.settings.engine == "ray":
            from storyline.engines.ray_engine import run_ray

            run_ray(self, batches)
        elif self.settings.workers > 1:
            self._run_pool(batches)
        else:
            self.init_fn(self.settings)
            for batch in batches:
                self._write(batch, self.process_fn(self._tasks(batch)))
        self.report.seconds = time.perf_counter() - start
        self._finish()
        return self.report

    def _run_pool(self, batches: Iterator[list[Item]]) -> None:
        """Analyze batch n+1 in the pool while batch n is written."""
        ctx = mp.get_context("fork")
        with ctx.Pool(self.settings.workers, initializer=self.init_fn,
                      initargs=(self.settings,)) as pool:
            pending: tuple[list[Item], Any] | None = None
            for batch in batches:
                # chunks of POOL_CHUNK tasks: a quarter of the messages and wake-ups of chunks of 4 (the
                # writing process spent ~0.2 ms/doc less CPU), still several chunks per worker per batch;
                # each chunk is analyzed component by component (worker.process_many)
                tasks = self._tasks(batch)
                job = pool.map_async(self.process_fn, [tasks[i:i + POOL_CHUNK]
                                                       for i in range(0, len(tasks), POOL_CHUNK)])
                if pending:
                    self._write(pending[0], _joined(pending[1].get()))
                pending = (batch, job)
            if pending:
                self._write(pending[0], _joined(pending[1].get()))

    # -- output --------------------------------------------------------------------------
    def _error(self, source: str, reason: str, line: int = 0, doc_id: str | None = None,
               level: str = "error") -> None:
        err = IngestError(source, reason, line, doc_id)
        (self.report.errors if level == "error" else self.report.warnings).append(str(err))
        writer.record_error(self.store, self.report.build_id, source, reason, line=line,
                            doc_id=doc_id, level=level)
        self.on_error(f"{level}: {err}")

    def _write(self, batch: list[Item], results: list[dict[str, Any]]) -> None:
        """Store one batch in one transaction, file markers included."""
        if self.times is not None:
            for r in results:
                self.times.merge(r.pop("times", None))
        self.store.begin()
        res = iter(results)
        for item in batch:
            if isinstance(item, IngestError):
                self._error(item.source, item.reason, item.line, item.doc_id)
                if item.source in self.tally:
                    t = self.tally[item.source]
                    t.errors += 1
                    t.fatal = t.fatal or item.line == 0
            elif isinstance(item, FileDone):
                t = self.tally.pop(item.file.path, _FileTally())
                if not t.fatal:
                    writer.mark_source(self.store, item.file.path, item.file.size,
                                       item.file.mtime_ns, t.docs, t.errors, self.report.build_id)
                self.on_progress(item.file.size)
            else:
                self._store_result(next(res))
        self._link_stored()
        with timing.stage(self.times, "write event counts"):
            self.store.flush()  # what linkers kept pending for the batch (commit would do it too)
        with timing.stage(self.times, "commit"):
            self.store.commit_batch(sum(isinstance(item, RawRecord) for item in batch))
        self._unswept += len(results)
        if self._unswept >= SWEEP_EVERY:  # the young objects only (see _gc_paused)
            gc.collect(1)
            self._unswept = 0

    def _store_result(self, r: dict[str, Any]) -> None:
        """Write one processed record (or its error)."""
        raw: RawRecord = r["raw"]
        t = self.tally.setdefault(raw.source, _FileTally())
        if r["status"] == "error":
            t.errors += 1
            t.fatal = t.fatal or raw.line == 0
            self._error(raw.source, r["reason"], raw.line, raw.doc_id if raw.kind == "jsonl" else None)
            return
        t.docs += 1
        if r["status"] == "unchanged":
            self.report.unchanged += 1
            return
        doc = r["doc"]
        old_source = self.known.pop(doc.id, None)
        if doc.id in self.written:
            t.errors += 1
            self._error(doc.source, f"document id {doc.id!r} is already used by "
                        f"{self.written[doc.id]} in this build; give it a unique id", raw.line, doc.id)
            return
        self.written[doc.id] = f"{doc.source}:{raw.line}" if raw.line else doc.source
        if old_source is not None and old_source != doc.source and not _same_place(old_source, doc.source):
            t.errors += 1
            self._error(doc.source, f"document id {doc.id!r} is already used by {old_source}; "
                        "give the file a unique name", raw.line, doc.id)
            return
        if old_source is not None:
            self._link_stored()  # the documents before it are linked against the store they came to
            writer.delete_document(self.store, doc.id)
            self.report.changed += 1
        else:
            self.report.new += 1
        with timing.stage(self.times, "write document"):
            duplicate = self._duplicate(doc.id, r)
            writer.write_document(self.store, doc, content_hash=r["hash"], sig=r["sig"],
                                  bands=r["bands"], duplicate=duplicate, build_id=self.report.build_id,
                                  n_words=r["n_words"], spans=r.get("span_rows"))
        # linked with the batch's others (_link_stored); linkers write no errors, so the warnings written
        # here keep their place in the errors table
        self._to_link.append(doc)
        for w in r.get("warnings", []):
            self._error(doc.source, w, raw.line, doc.id, level="warning")

    def _link_stored(self) -> None:
        """Run the linkers on the documents stored since the last call, one linker over all of them before
        the next (each linker still meets the documents in order, and a linker runs after the ones before it,
        as for one document): a linker's code, statements and table pages stay in the caches across documents
        (see worker.process_many). Called at the end of a batch and before a stored document is deleted, so
        no document is linked against a store that already lost one written after it."""
        docs, self._to_link = self._to_link, []
        if not docs:
            return
        for fn in linkers():
            with timing.stage(self.times, f"link {fn.__module__.rsplit('.', 1)[-1]}"):
                for doc in docs:
                    fn(self.store, doc)

    def _duplicate(self, doc_id: str, r: dict[str, Any]) -> tuple[str, str, float] | None:
        """An exact or near-duplicate link to the first copy, if any."""
        first = writer.first_with_hash(self.store, r["hash"], doc_id)
        if first:
            self.report.exact_duplicates += 1
            return first, "exact", 1.0
        near = writer.near_duplicate(self.store, doc_id, r["sig"], r["bands"],
                                     self.settings.near_dup_threshold)
        if near:
            self.report.near_duplicates += 1
            return near[0], "near", round(near[1], 4)
        return None

    def _finish(self) -> None:
        """Close the build record."""
        rep = self.report
        self.store.begin()
        self.store.execute(
            "UPDATE builds SET finished = ?, status = ?, new_docs = ?, changed_docs = ?, "
            "unchanged_docs = ?, exact_duplicates = ?, near_duplicates = ?, errors = ?, seconds = ? "
            "WHERE id = ?",
            (now(), "done", rep.new, rep.changed, rep.unchanged, rep.exact_duplicates,
             rep.near_duplicates, len(rep.errors), round(rep.seconds, 3), rep.build_id))
        self.store.commit()


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """No automatic cyclic garbage collection during a build, in this process and the pool it forks.
    Analysis and storing create no reference cycles, yet the collector kept walking the spans, dicts
    and caches every document allocates. Young objects are still collected every SWEEP_EVERY
    documents written (Builder._write) and, in pool workers, every few hundred analyzed (worker._prepared)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _joined(parts: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The results of a pool's chunks, in task order."""
    return [r for part in parts for r in part]


def _same_place(a: str, b: str) -> bool:
    """Two spellings of one path (relative vs absolute)."""
    import os

    return os.path.realpath(a) == os.path.realpath(b)
