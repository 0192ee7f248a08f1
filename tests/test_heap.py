"""storyline.heap: freed heap pages go back to the system after a build (pool workers a later build forks
would otherwise start with them)."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from storyline import heap
from storyline.app import Storyline
from storyline.settings import Settings

_SCRIPT = textwrap.dedent("""
    import os, sys
    sys.path.insert(0, {root!r})
    from storyline import heap
    page = os.sysconf("SC_PAGE_SIZE")
    def resident():
        return int(open("/proc/self/statm").read().split()[1]) * page // 2**20
    blocks = [bytes(4000) + bytes([i % 256]) for i in range(60000)]  # ~240 MB in malloc'd chunks
    keep = blocks[::500]  # a few survivors pin the heap's top, so only trimming frees the rest
    del blocks
    before = resident()
    ok = heap.trim()
    print(before, resident(), ok)
""")


@pytest.mark.skipif(not sys.platform.startswith("linux") or heap._malloc_trim() is None,
                    reason="needs glibc's malloc_trim and /proc")
def test_trim_gives_freed_heap_pages_back():
    from pathlib import Path

    root = str(Path(__file__).resolve().parent.parent)
    out = subprocess.run([sys.executable, "-c", _SCRIPT.format(root=root)], capture_output=True, text=True,
                         check=True).stdout.split()
    before, after, ok = int(out[0]), int(out[1]), out[2]
    assert ok == "True"
    assert before > 150 and after < before - 120, (before, after)


def test_every_build_trims_the_heap_even_a_failed_one(workdir, tmp_path, monkeypatch):
    calls: list[int] = []
    monkeypatch.setattr(heap, "trim", lambda: calls.append(1) or True)
    sl = Storyline(Settings(db=str(tmp_path / "s.db")))
    assert sl.build([str(workdir / "in")]).new == 6 and calls == [1]
    bad = Storyline(Settings(db=str(tmp_path / "missing-folder" / "s.db")))
    with pytest.raises(Exception):
        bad.build([str(workdir / "in")])
    assert calls == [1, 1]
