"""Helpers for the HTTP and browser tests: a store holding a hostile article, and a real server on loopback."""
from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from storyline.app import Storyline
from storyline.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "articles"
ARTIFACTS = ROOT / "test-artifacts"

# An article whose text carries markup: it must reach every screen as text, never as HTML.
SCRIPT = "<script>window.__pwned = 1</script>"
IMG = '"><img src=x onerror="window.__pwned=2">'
LINK = '<a href="javascript:window.__pwned=3">bấm vào đây</a>'
BREAK = "'); window.__pwned=4; //\" onmouseover=\"window.__pwned=5"
HOSTILE = (
    f" date 2025-03-05 Ngoại trưởng Nga Sergey Lavrov và Ngoại trưởng Mỹ Marco Rubio hội đàm tại Riyadh "
    f"ngày 5/3 về {SCRIPT} quan hệ song phương.\n\n"
    f"Hai bên nhất trí ngày 5/3 thành lập nhóm công tác {IMG} về hoạt động của đại sứ quán hai nước.\n\n"
    f"Ông Lavrov nói: “{LINK} và {BREAK}”.\n"
)
HOSTILE_ID = "zz-hostile"


def build_hostile_store(folder: Path) -> Path:
    """The bundled corpus plus the hostile article, built into a real SQLite file."""
    extra = folder / "extra"
    extra.mkdir(parents=True, exist_ok=True)
    (extra / f"{HOSTILE_ID}.txt").write_text(HOSTILE, encoding="utf-8")
    db = folder / "hostile.db"
    Storyline(Settings(db=str(db))).build([str(CORPUS), str(extra)])
    return db


@contextmanager
def serving(db: Path) -> Iterator[str]:
    """A real uvicorn server for the store on 127.0.0.1 (a free port), stopped on exit; yields its base URL."""
    import uvicorn

    from storyline.serve import create_api

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_api(Storyline(Settings(db=str(db)))), log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
