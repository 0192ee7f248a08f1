"""The HTTP API through a real HTTP client against real SQLite stores built from the corpus."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the 'serve' extra is not installed")
import httpx  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from storyline import lang as langdata  # noqa: E402
from storyline.app import Storyline  # noqa: E402
from storyline.serve import create_api  # noqa: E402
from storyline.settings import Settings  # noqa: E402

from .serve_support import HOSTILE_ID, IMG, SCRIPT, build_hostile_store, serving  # noqa: E402

STATIC = Path(__file__).resolve().parent.parent / "storyline" / "serve" / "static"
ROUTES = ["/api/search", "/api/timeline", "/api/ask", "/api/entities/{entity_id}", "/api/events/{event_id}",
          "/api/dyads/{a}/{b}", "/api/issues"]


@pytest.fixture(scope="module")
def client(corpus_db):
    with TestClient(create_api(Storyline(Settings(db=str(corpus_db))))) as c:
        yield c


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    return build_hostile_store(tmp_path_factory.mktemp("hostile"))


def test_openapi_lists_every_route(client):
    spec = client.get("/openapi.json").json()
    for route in ROUTES:
        assert route in spec["paths"], route
        assert set(spec["paths"][route]) == {"get"}
    page = client.get("/docs")
    assert page.status_code == 200 and "/static/api.js" in page.text


def test_search_pages_and_offsets(client):
    first = client.get("/api/search", params={"q": "dai su quan", "limit": 3}).json()
    assert len(first["items"]) == 3 and first["has_more"] and first["offset"] == 0
    second = client.get("/api/search", params={"q": "dai su quan", "limit": 3, "offset": 3}).json()
    assert {(h["doc"], h["sentence"]) for h in first["items"]}.isdisjoint(
        {(h["doc"], h["sentence"]) for h in second["items"]})
    hit = first["items"][0]
    text = client.get(f"/api/documents/{hit['doc']}").json()["text"]
    assert text[hit["start"]:hit["end"]] == hit["text"]
    assert [text[s:e].lower() for s, e in hit["highlights"]] == ["đại sứ quán"]


def test_search_filters_and_errors(client):
    res = client.get("/api/search", params={"q": "hoi dam", "entity": "Lavrov", "from": "2025-02", "to": "2025-02",
                                            "type": "CONSULT"}).json()
    assert res["items"] and all(h["published"].startswith("2025-02") for h in res["items"])
    assert client.get("/api/search", params={"q": "nga", "entity": "Nobody"}).status_code == 400
    assert client.get("/api/search").status_code == 422
    assert client.get("/api/search", params={"q": "nga", "limit": 1000}).status_code == 422


def test_timeline_pages_in_date_order(client):
    page1 = client.get("/api/timeline", params={"limit": 10}).json()
    page2 = client.get("/api/timeline", params={"limit": 10, "offset": 10}).json()
    dates = [e["date"] for e in page1["items"] + page2["items"]]
    assert dates == sorted(dates) and page1["has_more"]
    ru_us = client.get("/api/timeline", params={"dyad": "RU-US", "type": "CONSULT", "from": "2025"}).json()
    assert ru_us["items"] and all(e["type"] == "CONSULT" and e["date"] >= "2025" for e in ru_us["items"])
    lavrov = client.get("/api/timeline", params={"entity": "lavrov"}).json()
    assert lavrov["entity"] == "Sergey Lavrov" and lavrov["items"]
    assert client.get("/api/timeline", params={"dyad": "XX-YY"}).status_code == 400


def test_ask_answers_and_says_when_it_cannot(client):
    res = client.get("/api/ask", params={"q": "Khi nào Lavrov gặp Rubio?"}).json()
    assert res["kind"] == "date" and res["answers"][0]["answer"] == "2025-02-18"
    cite = res["answers"][0]["citations"][0]
    assert {"doc", "sentence", "start", "end", "text"} <= set(cite)
    none = client.get("/api/ask", params={"q": "Khi nào Macron gặp Kim Jong Un?"}).json()
    assert none["answers"] == [] and none["note"] == "no answer found"
    assert client.get("/api/ask", params={"q": "Lavrov và Rubio"}).status_code == 400


def test_entity_page_data(client):
    e = client.get("/api/entities/sergey-lavrov").json()
    assert e["name"] == "Sergey Lavrov"
    assert any(a["alias"] == "Lavrov" for a in e["aliases"])
    assert e["roles"] and e["events"]["items"] and e["quotes"]["items"]
    q = e["quotes"]["items"][0]
    text = client.get(f"/api/documents/{q['doc']}").json()["text"]
    assert text[q["start"]:q["end"]] == q["text"]
    assert client.get("/api/entities/Lavrov").json()["id"] == "sergey-lavrov"
    assert client.get("/api/entities/nobody-at-all").status_code == 404
    assert client.get("/api/entities", params={"q": "Moskva"}).json()["items"][0]["id"] == "moscow"


def test_event_reports_mark_evidence_by_offsets(client):
    ev = client.get("/api/events/ev-2025-02-18-consult-meeting-russia-united-states").json()
    assert ev["date"] == "2025-02-18" and ev["location"] == "Riyadh" and len(ev["reports"]) >= 2
    for rep in ev["reports"]:
        text = client.get(f"/api/documents/{rep['doc']}").json()["text"]
        assert text[rep["start"]:rep["end"]] == rep["text"]
        triggers = [m for m in rep["marks"] if m["kind"] == "trigger"]
        assert triggers
        for m in rep["marks"]:
            assert rep["start"] <= m["start"] < m["end"] <= rep["end"]
    assert ev["links"]["Riyadh"] == "riyadh"
    assert client.get("/api/events/ev-nothing").status_code == 404


def test_dyad_series(client):
    d = client.get("/api/dyads/RU/US").json()
    assert (d["a"], d["b"]) == ("Russia", "United States")
    months = [p["month"] for p in d["series"]]
    assert months == sorted(months) and months
    assert all(-10 <= p["mean_score"] <= 10 for p in d["series"])
    assert d["events"]["items"]
    assert client.get("/api/dyads/Nga/My").status_code in (200, 404)
    assert client.get("/api/dyads/RU/XX").status_code == 404


def test_issues_list_and_one_issue_course(client):
    res = client.get("/api/issues").json()
    rows = {r["id"]: r for r in res["items"]}
    assert rows["direct-flights"]["mentions"] >= 2 and rows["direct-flights"]["status"]
    one = client.get("/api/issues/direct-flights").json()
    assert one["name"] == "Direct flights" and one["items"]
    dated = [r["date"] for r in one["items"] if r["date"]]
    assert dated == sorted(dated)
    assert all(r["evidence"] and r["doc"] for r in one["items"])
    assert client.get("/api/issues/nope").status_code == 404


def test_read_only(client, corpus_db):
    before = Path(corpus_db).stat().st_mtime_ns
    for path in ("/api/search?q=nga", "/api/timeline", "/api/issues"):
        assert client.post(path).status_code == 405
        assert client.delete(path).status_code == 405
    client.get("/api/search", params={"q": "nga"})
    assert Path(corpus_db).stat().st_mtime_ns == before


def test_page_and_assets_are_offline_and_locked_down(client):
    page = client.get("/")
    assert page.status_code == 200 and "/static/app.js" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    for asset in STATIC.iterdir():
        body = asset.read_text(encoding="utf-8")
        assert not re.search(r"(src|href)=[\"']?(https?:)?//", body), asset.name
        assert "innerHTML" not in body and "insertAdjacentHTML" not in body and "document.write" not in body
        assert client.get(f"/static/{asset.name}").status_code == 200


def test_labels_cover_the_page_in_both_languages(client):
    js = (STATIC / "app.js").read_text(encoding="utf-8") + (STATIC / "index.html").read_text(encoding="utf-8")
    used = set(re.findall(r"\bt\(\"([a-z_]+)\"\)", js)) | set(re.findall(r"data-label(?:-placeholder)?=\"([a-z_]+)\"", js))
    used |= {f"filter_{f}" for f in ("q", "entity", "dyad", "from", "to", "type")}
    used |= {f"kind_{k}" for k in ("date", "place", "people", "quotes", "events")}
    vi, en = client.get("/api/labels/vi").json(), client.get("/api/labels/en").json()
    assert set(vi) == set(en) == set(langdata.load("vi", "ui")["labels"])
    assert used <= set(vi), used - set(vi)
    assert vi["search_button"] != en["search_button"]
    assert client.get("/api/labels/fr").status_code == 404


def test_hostile_text_comes_back_as_data_over_real_http(hostile_db):
    with serving(hostile_db) as base:
        with httpx.Client(base_url=base, timeout=20) as http:
            res = http.get("/api/search", params={"q": "pwned"})
            assert res.status_code == 200 and res.headers["content-type"].startswith("application/json")
            texts = [h["text"] for h in res.json()["items"]]
            assert any(SCRIPT in t for t in texts) and any(IMG in t for t in texts)
            doc = http.get(f"/api/documents/{HOSTILE_ID}").json()
            assert SCRIPT in doc["text"]
            assert http.get("/").headers["x-content-type-options"] == "nosniff"


def test_cli_serve_runs_a_real_server(corpus_db):
    import socket
    import subprocess
    import sys
    import time

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    proc = subprocess.Popen([sys.executable, "-m", "storyline.cli", "serve", "--db", str(corpus_db),
                             "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                res = httpx.get(f"http://127.0.0.1:{port}/api/timeline", params={"limit": 1}, timeout=2)
                break
            except httpx.HTTPError:
                assert proc.poll() is None and time.monotonic() < deadline, "storyline serve did not start"
                time.sleep(0.2)
        assert res.status_code == 200 and len(res.json()["items"]) == 1
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_cli_serve_without_a_store_is_one_line(tmp_path):
    from typer.testing import CliRunner

    from storyline.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "no store at" in result.output
