"""API fuzzing against the OpenAPI schema (schemathesis), path traversal, reads during a build."""
from __future__ import annotations

import shutil
import threading

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from storyline.app import Storyline
from storyline.serve import create_api
from storyline.settings import Settings

from .conftest import CORPUS


@pytest.fixture(scope="session")
def api_app(corpus_db):
    return create_api(Storyline(Settings(db=str(corpus_db))))


@pytest.fixture(scope="session")
def api_schema(api_app):
    return schemathesis.openapi.from_asgi("/openapi.json", api_app)


def test_no_server_errors_and_clear_client_errors(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 7
    for op in operations:
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
        @given(case=op.as_strategy())
        def run(case):
            response = case.call()
            assert response.status_code < 500, (case.method, case.formatted_path, response.text[:300])
            if 400 <= response.status_code < 500:
                assert response.json().get("detail"), response.text[:300]

        run()


@pytest.mark.parametrize("path", ["/static/../../storyline/settings.py", "/static/%2e%2e/%2e%2e/etc/passwd",
                                  "/static/..%2f..%2fpyproject.toml", "/static//etc/passwd",
                                  "/api/documents/..%2f..%2fetc%2fpasswd", "/static/app.js/../../../cli.py"])
def test_no_route_reads_files_outside_the_assets(api_app, path):
    with TestClient(api_app) as client:
        res = client.get(path)
    assert res.status_code in (400, 404, 405), (path, res.status_code)
    assert "root:" not in res.text and "class Settings" not in res.text and "[project]" not in res.text


def test_reads_stay_consistent_while_a_build_writes(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    articles = sorted(CORPUS.glob("*.txt"))
    for p in articles[:10]:
        shutil.copy(p, folder / p.name)
    db = tmp_path / "live.db"
    Storyline(Settings(db=str(db))).build([str(folder)])
    for p in articles[10:]:
        shutil.copy(p, folder / p.name)
    app = create_api(Storyline(Settings(db=str(db))))
    failures: list[str] = []
    seen: list[int] = []

    def reader() -> None:
        with TestClient(app) as client:
            for _ in range(60):
                res = client.get("/api/timeline", params={"limit": 200})
                if res.status_code != 200:
                    failures.append(f"timeline {res.status_code}: {res.text[:200]}")
                    continue
                items = res.json()["items"]
                seen.append(len(items))
                for ev in items:
                    if ev["num_sources"] != len(ev["sources"]):
                        failures.append(f"event {ev['id']} counts {ev['num_sources']} sources, lists {len(ev['sources'])}")

    t = threading.Thread(target=reader)
    t.start()
    Storyline(Settings(db=str(db), batch_size=2)).build([str(folder)])
    t.join()
    assert failures == []
    assert seen and seen == sorted(seen)  # readers only ever see whole batches arrive, never lose any
