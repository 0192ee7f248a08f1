"""The read-only JSON API and the static page, built by one factory around the shared Storyline object."""
from __future__ import annotations

import functools
import threading
from pathlib import Path
from typing import Any, Callable, Optional

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from storyline import lang as langdata
from storyline.analyze.issues import issue_names
from storyline.resolve.issues import course as issue_course, overview as issue_overview
from storyline.app import Storyline
from storyline.store.db import Store, StoreError

STATIC = Path(__file__).resolve().parent / "static"
UI_LANGS = ("vi", "en")
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


MAX_OFFSET = 1_000_000  # deeper pages are refused with a 422, not an overflow inside SQLite


class Stores:
    """One read-only connection per server thread (SQLite connections are cheap but not free)."""

    def __init__(self, storyline: Storyline) -> None:
        self.storyline = storyline
        self.local = threading.local()

    def get(self) -> Store:
        """This thread's connection, opened on first use."""
        store = getattr(self.local, "store", None)
        if store is None:
            store = self.local.store = self.storyline.store(readonly=True)
        return store

    def reading(self, route: Callable[..., Any]) -> Callable[..., Any]:
        """Run a route inside one read snapshot, so its several queries agree with each other."""
        @functools.wraps(route)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            with self.get().snapshot():
                return route(*args, **kwargs)
        return wrapped


def page(items: list[Any], limit: int, offset: int, **extra: Any) -> dict[str, Any]:
    """The paging envelope every list route returns (items fetched with limit + 1 to know if more follow)."""
    return {"items": items[:limit], "limit": limit, "offset": offset, "has_more": len(items) > limit, **extra}


def create_api(storyline: Storyline) -> FastAPI:
    """The app: JSON routes under /api, the web page at /, its assets under /static, API docs at /docs."""
    from storyline import ask as asking
    from storyline import entity_view, search
    from storyline.resolve.scores import dyad_series, state_name
    from storyline.serve import views
    from storyline.timeline import parse_dyad, timeline

    app = FastAPI(title="storyline", version="1", docs_url=None, redoc_url=None,
                  description="Read-only access to a storyline record: search, timeline, questions with "
                              "citations, entities, events, dyads. Offsets are character offsets into the "
                              "stored document text.")
    stores = Stores(storyline)

    @app.middleware("http")
    async def headers(request: Request, call_next):
        response = await call_next(request)
        for key, val in SECURITY_HEADERS.items():
            response.headers.setdefault(key, val)
        return response

    @app.exception_handler(StoreError)
    async def store_error(_request: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503)

    @app.exception_handler(ValueError)
    async def bad_input(_request: Request, exc: ValueError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=400)

    limit_q = Query(20, ge=1, le=200, description="Items per page.")
    offset_q = Query(0, ge=0, le=MAX_OFFSET, description="Items to skip.")

    @app.get("/api/search", tags=["read"], summary="Full-text search over sentences")
    @stores.reading
    def api_search(q: str = Query(..., min_length=1, description="Words; \"quoted runs\" are phrases; "
                                                                  "accents and case are ignored."),
                   entity: Optional[str] = Query(None, description="Only documents mentioning this entity."),
                   start: Optional[str] = Query(None, alias="from", description="Published on or after."),
                   end: Optional[str] = Query(None, alias="to", description="Published on or before."),
                   type: Optional[str] = Query(None, description="Only documents reporting this PLOVER type."),
                   limit: int = limit_q, offset: int = offset_q) -> dict[str, Any]:
        return search.search(stores.get(), q, entity=entity, start=start, end=end, etype=type,
                             limit=limit, offset=offset)

    @app.get("/api/timeline", tags=["read"], summary="Events in date order with sources and a summary")
    @stores.reading
    def api_timeline(entity: Optional[str] = Query(None, description="A participant, actor or place."),
                     dyad: Optional[str] = Query(None, description="Two states: RU-US."),
                     start: Optional[str] = Query(None, alias="from"), end: Optional[str] = Query(None, alias="to"),
                     type: Optional[str] = Query(None, description="A PLOVER type."),
                     limit: int = Query(50, ge=1, le=200), offset: int = offset_q) -> dict[str, Any]:
        store = stores.get()
        name = entity
        if entity:
            hit = entity_view.find(store, entity)
            name = hit[0][1] if hit else entity
        pair = parse_dyad(store, dyad) if dyad else None
        rows = timeline(store, dyad=pair, entity=name, start=start, end=end, etype=type, limit=limit + 1,
                        offset=offset)
        return page(rows, limit, offset, dyad=list(pair) if pair else None, entity=name)

    @app.get("/api/ask", tags=["read"], summary="Answer a question from the record, with citations")
    @stores.reading
    def api_ask(q: str = Query(..., min_length=1), limit: int = Query(3, ge=1, le=20)) -> dict[str, Any]:
        return asking.ask(stores.get(), q, limit=limit)

    @app.get("/api/entities", tags=["read"], summary="Entities whose id, name or alias matches")
    @stores.reading
    def api_entities(q: str = Query(..., min_length=1), limit: int = limit_q) -> dict[str, Any]:
        hits = entity_view.find(stores.get(), q)
        items = [{"id": i, "name": n, "type": t, "mentions": c} for i, n, t, c in hits]
        return page(items, limit, 0)

    @app.get("/api/entities/{entity_id}", tags=["read"], summary="An entity: aliases, roles, events, quotes")
    @stores.reading
    def api_entity(entity_id: str, limit: int = Query(50, ge=1, le=200), offset: int = offset_q) -> dict[str, Any]:
        store = stores.get()
        rec = entity_view.record(store, entity_id)
        if rec is None:
            hits = entity_view.find(store, entity_id)
            rec = entity_view.record(store, hits[0][0]) if hits else None
        if rec is None:
            raise HTTPException(404, f"no entity {entity_id!r}")
        events = timeline(store, entity=rec["name"], limit=limit + 1, offset=offset)
        rec["events"] = page(events, limit, offset)
        rec["quotes"] = page(views.entity_quotes(store, rec["id"], limit + 1, offset), limit, offset)
        return rec

    @app.get("/api/events/{event_id}", tags=["read"], summary="An event with each report's evidence and marks")
    @stores.reading
    def api_event(event_id: str) -> dict[str, Any]:
        store = stores.get()
        ev = views.event_detail(store, event_id)
        if ev is None:
            raise HTTPException(404, f"no event {event_id!r}")
        ev["links"] = views.entity_ids_by_name(store, ev["participants"] + ev["actors"]
                                               + ([ev["location"]] if ev["location"] else []))
        return ev

    @app.get("/api/dyads/{a}/{b}", tags=["read"], summary="Cooperation-conflict score of two states by month")
    @stores.reading
    def api_dyad(a: str, b: str, limit: int = Query(50, ge=1, le=200), offset: int = offset_q) -> dict[str, Any]:
        store = stores.get()
        names = [state_name(store, a), state_name(store, b)]
        for token, name in zip((a, b), names):
            if name is None:
                raise HTTPException(404, f"unknown state {token!r}; use an ISO code (RU, US) or a name")
        events = timeline(store, dyad=(names[0], names[1]), limit=limit + 1, offset=offset)
        return {"a": names[0], "b": names[1], "series": dyad_series(store, names[0], names[1]),
                "scale": {"min": -10, "max": 10}, "events": page(events, limit, offset)}

    @app.get("/api/documents/{doc_id}", tags=["read"], summary="A stored document's text")
    @stores.reading
    def api_document(doc_id: str) -> dict[str, Any]:
        doc = views.document(stores.get(), doc_id)
        if doc is None:
            raise HTTPException(404, f"no document {doc_id!r}")
        return doc

    @app.get("/api/issues", tags=["read"], summary="Tracked issues: latest status, mentions, first and last dates")
    @stores.reading
    def api_issues(limit: int = limit_q, offset: int = offset_q) -> dict[str, Any]:
        rows = issue_overview(stores.get(), issue_names())
        return page(rows[offset:offset + limit + 1], limit, offset)

    @app.get("/api/issues/{issue_id}", tags=["read"], summary="One issue's dated mentions with their status")
    @stores.reading
    def api_issue(issue_id: str, limit: int = limit_q, offset: int = offset_q) -> dict[str, Any]:
        names = issue_names()
        if issue_id not in names:
            raise HTTPException(404, f"unknown issue {issue_id!r} (known: {', '.join(names)})")
        rows = issue_course(stores.get(), issue_id)
        return {"id": issue_id, "name": names[issue_id], **page(rows[offset:offset + limit + 1], limit, offset)}

    @app.get("/api/labels/{lang}", tags=["page"], summary="Interface labels of the web page")
    def api_labels(lang: str) -> dict[str, str]:
        if lang not in UI_LANGS:
            raise HTTPException(404, f"no labels for {lang!r} (choose {', '.join(UI_LANGS)})")
        return langdata.load(lang, "ui")["labels"]

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(STATIC / "api.html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
