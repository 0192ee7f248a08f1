"""The Ray engine: per-document analysis as Ray Data jobs (local Ray or a cluster), same output as local.

The builder still reads files, looks up stored hashes and writes every batch in order; only the pure
per-document step (worker.process_many) moves to Ray actors, each initialized once like a pool worker.
Several batches go to Ray as one dataset (Settings.ray_window) to amortize job start-up; rows carry
their index, so results come back in input order whatever order the actors finish in.
"""
from __future__ import annotations

import logging
import pickle
import socket
import warnings
from typing import TYPE_CHECKING, Any, Iterator

import numpy as np

from storyline.engines import EngineError

if TYPE_CHECKING:  # pragma: no cover
    from storyline.build import Builder, Item


class _Analyzer:
    """A Ray actor: the per-document step with its pipeline built once."""

    def __init__(self, settings: Any, timed: bool) -> None:
        from storyline import timing, worker

        init, self.process = ((timing.init_timed_worker, timing.timed_process_many) if timed
                              else (worker.init_worker, worker.process_many))
        init(settings)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        results = self.process([pickle.loads(t) for t in batch["task"]])  # (component by component)
        out = [pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL) for r in results]
        return {"i": batch["i"], "result": np.array(out, dtype=object)}


def _connect(address: str | None, workers: int) -> bool:
    """Join the cluster at address, or start a local Ray; True when this call started it."""
    try:
        import ray
    except ImportError:
        raise EngineError("the ray engine needs the optional extra: pip install 'storyline[ray]'") from None
    if ray.is_initialized():
        return False
    if address and address != "auto":
        _reachable(address)
    try:
        if address:
            ray.init(address=address, logging_level=logging.ERROR, log_to_driver=False)
        else:
            ray.init(num_cpus=max(1, workers), include_dashboard=False, logging_level=logging.ERROR,
                     log_to_driver=False)
    except Exception as exc:  # ray raises ConnectionError, RuntimeError, ValueError…
        where = f"the Ray cluster at {address}" if address else "a local Ray instance"
        raise EngineError(f"cannot start {where}: {exc}") from None
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    ctx.print_on_execution_start = False
    return True


def _reachable(address: str) -> None:
    """Fail fast, with one line, when nothing listens at host:port (ray.init would wait a long time)."""
    hostport = address.split("://", 1)[-1]
    host, _, port = hostport.rpartition(":")
    try:
        socket.create_connection((host or hostport, int(port or 6379)), timeout=5).close()
    except (OSError, ValueError) as exc:
        raise EngineError(f"cannot reach the Ray cluster at {address}: {exc}") from None


def _quiet() -> None:
    """Ray Data sets up its loggers on first use: keep only errors on the terminal."""
    for name in ("ray", "ray.data", "ray.data._internal.execution.streaming_executor"):
        logging.getLogger(name).setLevel(logging.ERROR)


def analyze(tasks: list[Any], settings: Any, timed: bool) -> list[dict[str, Any]]:
    """worker.process_many over tasks on Ray actors, results in task order."""
    import ray

    if not tasks:
        return []
    rows = [{"i": i, "task": pickle.dumps(t, protocol=pickle.HIGHEST_PROTOCOL)} for i, t in enumerate(tasks)]
    opts = {"batch_size": 16, "batch_format": "numpy", "fn_constructor_args": (settings, timed),
            "compute": ray.data.ActorPoolStrategy(size=max(1, settings.workers))}
    ds = ray.data.from_items(rows)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # passing actor options this way is deprecated, not yet gone
        try:  # no restarts: a failing actor fails the build (and Ray keeps quiet about restartable ones)
            ds = ds.map_batches(_Analyzer, max_restarts=0, **opts)
        except TypeError:
            ds = ds.map_batches(_Analyzer, **opts)
    _quiet()
    results: list[Any] = [None] * len(tasks)
    for row in ds.iter_rows():
        results[int(row["i"])] = pickle.loads(row["result"])
    return results


def run_ray(builder: "Builder", batches: Iterator[list["Item"]]) -> None:
    """The Ray variant of the builder's loop: windows of batches analyzed on Ray, written in order."""
    settings = builder.settings
    started = _connect(settings.ray_address, settings.workers)
    timed = builder.times is not None
    try:
        window: list[tuple[list[Item], list[Any]]] = []
        for batch in batches:
            window.append((batch, builder._tasks(batch)))
            if len(window) >= max(1, settings.ray_window):
                _flush(builder, window, timed)
                window = []
        _flush(builder, window, timed)
    finally:
        if started:
            import ray

            ray.shutdown()


def _flush(builder: "Builder", window: list, timed: bool) -> None:
    """Analyze one window of batches in a single Ray job, then write each batch."""
    tasks = [t for _batch, ts in window for t in ts]
    results = iter(analyze(tasks, builder.settings, timed))
    for batch, ts in window:
        builder._write(batch, [next(results) for _ in ts])
