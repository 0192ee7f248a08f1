"""PostgreSQL stores: a real throwaway server (scripts/pg-test-server.sh) against real SQLite builds.

Every export and every read the CLI offers on a PostgreSQL build must equal the same command on a
SQLite build of the same files, including after an incremental rebuild that replaces a document.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.app import Storyline
from storyline.cli import app
from storyline.settings import Settings
from storyline.store.db import open_store

from .conftest import CORPUS, ROOT

SCRIPT = ROOT / "scripts" / "pg-test-server.sh"
runner = CliRunner()

# searches compared between the engines: plain, phrase, prefix, paged and every filter
SEARCHES = (["search", "lavrov", "--json"], ["search", "đại sứ quán", "--limit", "5", "--offset", "3", "--json"],
            ["search", '"đường bay thẳng"', "--json"], ["search", "nga*", "--from", "2025-02", "--to", "2025-03",
                                                        "--json"],
            ["search", "hội đàm", "--entity", "Lavrov", "--json"], ["search", "trừng phạt", "--type", "SANCTION",
                                                                   "--json"])
# read commands compared between the engines (each ends with --db DB)
READS = (["timeline", "--json"], ["timeline", "--dyad", "RU-US", "--json"], ["entity", "Lavrov", "--json"],
         ["entity", "Nhà Trắng", "--json"], ["errors", "--warnings"], ["issues"],
         ["ask", "Lavrov nói gì?"], ["ask", "Ai nói về tài sản ngoại giao?"], ["check"], *SEARCHES)


@pytest.fixture(scope="module")
def pg_server():
    """A PostgreSQL server for this module: its URL (the maintenance database 'postgres')."""
    psycopg = pytest.importorskip("psycopg", reason="pip install '.[postgres]' (make install-test does)")
    done = subprocess.run(["bash", str(SCRIPT), "start"], capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        pytest.fail(f"could not start a PostgreSQL test server: {done.stderr.strip()[-800:]}")
    url, folder = done.stdout.strip().splitlines()[-1], done.stderr.strip().splitlines()[-1]
    with psycopg.connect(url, autocommit=True) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
    yield url
    subprocess.run(["bash", str(SCRIPT), "stop", folder], capture_output=True, timeout=120)


def fresh_database(server: str, name: str) -> str:
    """A new, empty database on the server; its URL."""
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return server.rsplit("/", 1)[0] + "/" + name


def cli(*args: str) -> str:
    """Run a storyline command; its output (the test fails on a non-zero exit)."""
    res = runner.invoke(app, list(args))
    assert res.exit_code == 0, (args, res.output)
    return res.output


def exports(db: str, out: Path) -> dict[str, bytes]:
    """Every export format of a store, as file name → bytes."""
    out.mkdir(parents=True, exist_ok=True)
    cli("export", "--db", db, "--format", "annotations", "--out", str(out / "ann"))
    for fmt, name in (("json", "all.jsonl"), ("gdelt", "events.tsv"), ("csv", "reports.csv")):
        cli("export", "--db", db, "--format", fmt, "--out", str(out / name))
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def assert_same_record(pg: str, sqlite: str, tmp: Path) -> None:
    """Exports and read commands of the two stores are byte for byte the same."""
    mine, theirs = exports(pg, tmp / "pg"), exports(sqlite, tmp / "sqlite")
    assert sorted(mine) == sorted(theirs)
    different = [name for name in mine if mine[name] != theirs[name]]
    assert not different, f"exports differ between PostgreSQL and SQLite: {different[:10]}"
    for read in READS:
        assert cli(*read, "--db", pg) == cli(*read, "--db", sqlite), read


def test_postgres_build_equals_sqlite_build(pg_server, corpus_db, tmp_path):
    url = fresh_database(pg_server, "corpus")
    out = cli("build", str(CORPUS), "--db", url, "--quiet")
    n = len(list(CORPUS.glob("*.txt")))
    assert str(n) in out and "***" not in out
    assert_same_record(url, str(corpus_db), tmp_path)
    rerun = Storyline(Settings(db=url)).build([str(CORPUS)])
    assert rerun.new == 0 and rerun.changed == 0 and rerun.unchanged == n
    assert json.loads(cli("search", "lavrov", "--json", "--db", url))["items"]


def test_postgres_search_index_is_rebuilt_on_request(pg_server, corpus_db, tmp_path):
    import psycopg

    url = fresh_database(pg_server, "reindexed")
    cli("build", str(CORPUS), "--db", url, "--quiet")
    with psycopg.connect(url, autocommit=True) as conn:  # as a store built before PostgreSQL had an index
        conn.execute("DELETE FROM search_fts")
        conn.execute("DELETE FROM search_totals")
    res = runner.invoke(app, ["search", "lavrov", "--db", url])
    assert res.exit_code == 2 and "--reindex" in res.output and "Traceback" not in res.output
    assert "sentences" in cli("search", "--reindex", "--db", url)
    sqlite = str(tmp_path / "reindexed.db")  # SQLite rebuilt the same way: rows in publication order
    shutil.copy(corpus_db, sqlite)
    cli("search", "--reindex", "--db", sqlite)
    for search in SEARCHES:
        assert cli(*search, "--db", url) == cli(*search, "--db", sqlite), search
    with open_store(sqlite) as st:
        sqlite_rows = st.scalar("SELECT COUNT(*) FROM search_rows")
    with psycopg.connect(url, autocommit=True) as conn:
        assert conn.execute("SELECT n_rows FROM search_totals").fetchone() == (sqlite_rows,)
        assert conn.execute("SELECT COUNT(*) FROM search_fts").fetchone() == (sqlite_rows,)
    assert json.loads(cli("search", "lavrov", "--json", "--db", url))["items"]


def test_postgres_incremental_rebuild_matches_sqlite(pg_server, workdir, tmp_path):
    folder = workdir / "in"
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    (copy / "zz-exact-copy.txt").write_text(sorted(copy.glob("*.txt"))[0].read_text(encoding="utf-8"),
                                            encoding="utf-8")
    url, sqlite = fresh_database(pg_server, "incremental"), str(tmp_path / "s.db")
    for db in (url, sqlite):
        Storyline(Settings(db=db, batch_size=2)).build([str(copy)])
    target = sorted(copy.glob("*.txt"))[1]
    target.write_text(target.read_text(encoding="utf-8").replace("Nga", "Liên bang Nga", 1)
                      + "\nNgoại trưởng Nga Sergey Lavrov điện đàm với Ngoại trưởng Mỹ Marco Rubio ngày 3/3.\n",
                      encoding="utf-8")
    reports = [Storyline(Settings(db=db, batch_size=2)).build([str(copy)]) for db in (url, sqlite)]
    assert [(r.changed, r.new, r.exact_duplicates) for r in reports] == [(1, 0, 0), (1, 0, 0)]
    assert_same_record(url, sqlite, tmp_path)


def test_postgres_store_errors_are_one_line(pg_server, tmp_path):
    res = runner.invoke(app, ["export", "--db", "postgresql://nobody:secret@127.0.0.1:1/none",
                              "--format", "json", "--out", str(tmp_path / "x.json")])
    assert res.exit_code == 2
    assert "cannot connect" in res.output and "secret" not in res.output and "Traceback" not in res.output
    empty = fresh_database(pg_server, "empty")
    res = runner.invoke(app, ["timeline", "--db", empty])
    assert res.exit_code == 2 and "no store at" in res.output


def test_placeholders_and_literals_translate(pg_server):
    from storyline.store.postgres import translate

    assert translate("SELECT a FROM t WHERE b = ? AND c LIKE ?") == \
        "SELECT a FROM t WHERE b = %s AND c ILIKE %s"
    assert translate("SELECT '?', '50%' , x FROM t WHERE y = ?") == "SELECT '?', '50%%' , x FROM t WHERE y = %s"
    from storyline.store.db import open_store

    with open_store(fresh_database(pg_server, "literals")) as st:
        assert st.scalar("SELECT ? || '?%'", ("a%",)) == "a%?%"
        st.begin()
        st.executemany("INSERT INTO sources (path, size, mtime_ns, docs, errors) VALUES (?, 0, 0, 0, 0)",
                       [("b",), ("B",), ("a",), ("Đà Nẵng",)])
        st.commit()
        # byte order like SQLite's, and LIKE ignoring ASCII case
        assert [p for (p,) in st.query("SELECT path FROM sources ORDER BY path")] == ["B", "a", "b", "Đà Nẵng"]
        assert st.query("SELECT path FROM sources WHERE path LIKE ? ORDER BY path", ("a%",)) == [("a",)]


def test_postgres_store_serves_what_sqlite_serves(pg_server, corpus_db):
    pytest.importorskip("fastapi", reason="the 'serve' extra is not installed")
    import httpx

    from .serve_support import serving

    url = fresh_database(pg_server, "served")
    cli("build", str(CORPUS), "--db", url, "--quiet")
    paths = ["/api/search?q=lavrov", "/api/search?q=đại sứ quán&entity=Lavrov&limit=3",
             "/api/search?q=nga*&from=2025-02&to=2025-03", "/api/search?q=trừng phạt&type=SANCTION",
             "/api/timeline?dyad=RU-US", "/api/ask?q=Lavrov nói gì?", "/api/entities?q=Lavrov",
             "/api/dyads/RU/US", "/api/issues", "/api/search?q=nga&entity=Nobody"]
    with serving(url) as pg, serving(corpus_db) as lite:
        for path in paths:
            mine, theirs = httpx.get(pg + path, timeout=30), httpx.get(lite + path, timeout=30)
            assert mine.status_code == theirs.status_code, path
            assert mine.json() == theirs.json(), path
        hits = httpx.get(pg + "/api/search", params={"q": "lavrov"}, timeout=30).json()
        assert hits["items"] and all("lavrov" in i["text"].lower() for i in hits["items"])
