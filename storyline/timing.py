"""Optional per-stage wall-clock totals of a build, for bench/run.py (off by default: builds pay nothing)."""
from __future__ import annotations

import time
from contextlib import contextmanager, nullcontext
from typing import Any, Iterator

from storyline.analyze.pipeline import Component, Pipeline

CLEAN = "read+clean+dedup keys"  # decode, layout, language id, hash and MinHash (worker side)

_LOCAL: dict[str, float] = {}  # this process's analysis times since the last take()


class Times(dict):
    """Seconds per stage name; `with times("stage"):` adds the block's wall-clock time."""

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        t = time.perf_counter()
        try:
            yield
        finally:
            self[name] = self.get(name, 0.0) + time.perf_counter() - t

    def merge(self, other: dict[str, float] | None) -> None:
        """Add another set of totals (a worker's) to these."""
        for k, v in (other or {}).items():
            self[k] = self.get(k, 0.0) + v


def stage(times: Times | None, name: str):
    """A timing block when timing is on, else a no-op context."""
    return times(name) if times is not None else nullcontext()


def timed_iter(items: Iterator[Any], times: Times, name: str) -> Iterator[Any]:
    """The items of an iterator, adding the time spent producing each to a stage."""
    while True:
        t = time.perf_counter()
        try:
            item = next(items)
        except StopIteration:
            times[name] = times.get(name, 0.0) + time.perf_counter() - t
            return
        times[name] = times.get(name, 0.0) + time.perf_counter() - t
        yield item


def _timed(comp: Component) -> Component:
    def run(doc: Any, lang: str) -> None:
        t = time.perf_counter()
        try:
            comp.run(doc, lang)
        finally:
            _LOCAL[comp.name] = _LOCAL.get(comp.name, 0.0) + time.perf_counter() - t
    return Component(comp.name, comp.requires, comp.provides, run)


def instrument(pipeline: Pipeline) -> Pipeline:
    """Make a pipeline add each component's time to this process's totals."""
    pipeline.components = [_timed(c) for c in pipeline.components]
    return pipeline


def init_timed_worker(settings: Any) -> None:
    """Worker initializer: the usual one, then a timed pipeline."""
    from storyline import worker

    worker.init_worker(settings)
    instrument(worker._STATE["pipeline"])


def timed_process_many(tasks: list[Any]) -> list[dict[str, Any]]:
    """worker.process_many plus the seconds it spent per stage (key 'times' of the first result)."""
    from storyline import worker

    _LOCAL.clear()
    t = time.perf_counter()
    results = worker.process_many(tasks)
    total = time.perf_counter() - t
    times = dict(_LOCAL)
    times[CLEAN] = total - sum(times.values())
    if results:
        results[0]["times"] = times
    return results

