"""The HTTP front end: a read-only FastAPI app and its offline web page (needs the 'serve' extra)."""
from __future__ import annotations

from storyline.serve.api import create_api

__all__ = ["create_api"]
