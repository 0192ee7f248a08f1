"""Where per-document analysis runs: 'local' (inline or a process pool, in build.py) or 'ray'."""
from __future__ import annotations

ENGINES = ("local", "ray")


class EngineError(RuntimeError):
    """An engine cannot run (missing extra, unreachable cluster); the message says what to do."""
