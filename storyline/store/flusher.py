"""Hands a first build's written pages to the disk while it runs, so the sync at its end has little left."""
from __future__ import annotations

import os
import threading

# Seconds between two syncs of a bulk load's files. The kernel starts writing back by itself only once a
# tenth of memory is dirty (2.4 GB here), so a 100k-document first build left gigabytes for its last sync.
FLUSH_SECONDS = 5.0


def fsync_path(path: str) -> bool:
    """fsync one file by name; False if it does not exist."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    return True


class Flusher:
    """A daemon thread that fsyncs `paths` every `every` seconds until the block ends. fsync waits in
    the kernel without the GIL and never touches the database connection; a failed sync is only
    retried, as the final Store.sync still decides durability."""

    def __init__(self, paths: list[str], every: float | None = None) -> None:
        self.paths, self.every = paths, FLUSH_SECONDS if every is None else every
        self.syncs = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="storyline-flusher", daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            for p in self.paths:
                try:
                    self.syncs += fsync_path(p)
                except OSError:
                    continue

    def __enter__(self) -> "Flusher":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
