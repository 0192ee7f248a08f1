"""The `storyline` command: every command is a thin call into the modules it names."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from storyline.app import Storyline
from storyline.settings import Settings
from storyline.store.db import OutdatedStore, StoreError

app = typer.Typer(
    help="Turn Vietnamese news articles into a sourced, dated, structured record of a story.\n\n"
         "Start with `storyline build corpus/articles` (creates storyline.db), then "
         "`storyline export --format annotations --out out/` or `storyline demo`.",
    no_args_is_help=True, add_completion=False, rich_markup_mode="markdown")
console = Console()
err_console = Console(stderr=True)

DB_HELP = "SQLite file (created if missing) or a postgresql://user@host:port/dbname URL."


def _fail(message: str, code: int = 2) -> None:
    """One clear error line and a non-zero exit."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


@app.command()
def build(
    paths: list[str] = typer.Argument(..., help="Files or folders (recursive): .txt, .jsonl, .html."),
    db: str = typer.Option("storyline.db", "--db", help=DB_HELP),
    workers: int = typer.Option(1, "--workers", "-w", min=1, max=64,
                                help="Processes for per-document analysis (same output as 1)."),
    engine: str = typer.Option("local", "--engine", help="'local' (inline, or a process pool with "
                               "--workers) or 'ray' (Ray Data; --workers actors; needs the 'ray' extra)."),
    ray_address: Optional[str] = typer.Option(None, "--ray-address", help="With --engine ray: a Ray "
                                              "cluster address (ray://host:10001 or 'auto'); default: "
                                              "a local Ray instance."),
    batch_size: int = typer.Option(200, "--batch-size", min=1, help="Documents per committed batch."),
    max_file_mb: float = typer.Option(20.0, "--max-file-mb", min=0.001,
                                      help="Larger .txt/.html files are refused with an error line."),
    strict: bool = typer.Option(False, "--strict", help="Exit with status 1 if any input had an error."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Ingest, analyze and store articles. Re-running on unchanged files does no work again.

    Bad inputs (binary, not UTF-8, empty, too large, broken JSON lines, HTML without an article)
    each get one error line and a row in the errors table; the rest of the batch is stored.
    Exit status: 0 on success (even with bad inputs), 1 with --strict and any error, 2 on usage errors.
    """
    from storyline.engines import ENGINES, EngineError

    if engine not in ENGINES:
        _fail(f"unknown engine {engine!r} (choose {' or '.join(ENGINES)})")
    if ray_address and engine != "ray":
        _fail("--ray-address needs --engine ray")
    settings = Settings(db=db, workers=workers, batch_size=batch_size, strict=strict,
                        max_file_bytes=int(max_file_mb * 1024 * 1024), engine=engine,
                        ray_address=ray_address)
    from storyline.ui import run_build_with_progress, print_build_summary

    try:
        report = run_build_with_progress(Storyline(settings), paths, console, err_console, quiet=quiet)
    except (StoreError, EngineError) as exc:
        _fail(str(exc))
        return
    from storyline.store.postgres import redact

    print_build_summary(report, console, redact(db))
    if strict and report.errors:
        raise typer.Exit(1)


@app.command()
def export(
    out: Path = typer.Option(..., "--out", "-o", help="Folder (annotations) or file (json/jsonl)."),
    db: str = typer.Option("storyline.db", "--db", help=DB_HELP),
    fmt: str = typer.Option("annotations", "--format", "-f",
                            help="annotations: one JSON file per document (ANNOTATION_FORMAT.md), "
                                 "schema-checked. json: every document with text and spans, as one "
                                 "JSON array, or JSON Lines when --out ends in .jsonl. gdelt: one "
                                 "tab-separated row per event (actors, type, score, mentions, sources). "
                                 "csv: one row per report of an event, with its evidence sentence."),
) -> None:
    """Export the stored record."""
    from storyline.export.annotations import export_annotations, export_json
    from storyline.schema import validate_annotation

    try:
        with Storyline(Settings(db=db)).store(readonly=True) as store:
            if fmt == "annotations":
                n, problems = export_annotations(store, out, validate=validate_annotation)
                for p in problems[:20]:
                    err_console.print(f"[red]schema:[/] {p}", highlight=False)
                console.print(f"wrote {n} annotation files to {out}/"
                              + (f" ({len(problems)} schema problems)" if problems else " (all schema-valid)"))
                if problems:
                    raise typer.Exit(1)
            elif fmt in ("json", "jsonl"):
                n = export_json(store, out)
                console.print(f"wrote {n} documents to {out}")
            elif fmt in ("gdelt", "csv"):
                from storyline.export.tables import export_csv, export_gdelt

                n = (export_gdelt if fmt == "gdelt" else export_csv)(store, out)
                console.print(f"wrote {n} {'events' if fmt == 'gdelt' else 'event reports'} to {out}")
            else:
                _fail(f"unknown format {fmt!r} (choose annotations, json, gdelt or csv)")
    except StoreError as exc:
        _fail(str(exc))


@app.command("eval")
def evaluate(
    gold: Path = typer.Option(..., "--gold", help="Folder of gold annotation files."),
    pred: Path = typer.Option(..., "--pred", help="Folder of predicted annotation files (an export)."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    per_document: bool = typer.Option(False, "--per-document", help="Add a per-document table."),
    baseline: Optional[str] = typer.Option(
        None, "--baseline", help="Also score an outside tool on the same stored texts "
        "(needs --db): 'dateparser' for timexes, 'underthesea' for entities."),
    db: str = typer.Option("storyline.db", "--db", help="The store the predictions came from "
                           "(read for --baseline)."),
) -> None:
    """Score predictions against gold, field by field (precision, recall, F1, value accuracies)."""
    from storyline.evaluate import evaluate_dirs, render_report

    if not gold.is_dir():
        _fail(f"gold folder {gold} does not exist")
    if not pred.is_dir():
        _fail(f"prediction folder {pred} does not exist (make one with storyline export)")
    try:
        report = evaluate_dirs(gold, pred)
    except (ValueError, FileNotFoundError) as exc:
        _fail(str(exc))
        return
    base_report = _baseline_report(baseline, db, gold, pred) if baseline else None
    if as_json:
        out = {**report, "baseline": {"name": baseline, **base_report}} if base_report else report
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
        return
    for table in render_report(report, per_document=per_document):
        console.print(table)
    if base_report:
        from storyline.baselines.compare import comparison_table

        console.print(comparison_table(report, base_report, baseline, set(base_report["fields"])))


def _baseline_report(name: str, db: str, gold: Path, pred: Path) -> dict:
    """Score a baseline on the stored texts of the gold documents."""
    from storyline import baselines
    from storyline.baselines.compare import baseline_predictions
    from storyline.evaluate import evaluate_documents, load_annotations

    try:
        annotate = baselines.get(name)
    except ValueError as exc:
        _fail(str(exc))
    golds, _ = load_annotations(gold)
    preds, _ = load_annotations(pred, strict=False)
    preds = {k: preds.get(k, {"id": k}) for k in golds}
    try:
        with Storyline(Settings(db=db)).store(readonly=True) as store:
            fields = set(annotate("", None))
            theirs = baseline_predictions(store, preds, annotate)
    except StoreError as exc:
        _fail(str(exc))
    report = evaluate_documents(golds, theirs)
    report["fields"] = sorted(fields)
    return report


@app.command()
def errors(
    db: str = typer.Option("storyline.db", "--db", help=DB_HELP),
    limit: int = typer.Option(50, "--limit", min=1),
    warnings: bool = typer.Option(False, "--warnings", help="Show warnings too."),
) -> None:
    """List the bad inputs recorded by builds (newest first)."""
    try:
        with Storyline(Settings(db=db)).store(readonly=True) as store:
            levels = ("error", "warning") if warnings else ("error",)
            marks = ",".join("?" * len(levels))
            rows = store.query(f"SELECT build_id, level, source, line, reason FROM errors "
                               f"WHERE level IN ({marks}) ORDER BY id DESC LIMIT ?", (*levels, limit))
    except StoreError as exc:
        _fail(str(exc))
        return
    if not rows:
        console.print("no errors recorded")
    for build_id, level, source, line, reason in rows:
        where = f"{source}:{line}" if line else source
        console.print(f"[dim]build {build_id}[/] {level}: {where}: {reason}", highlight=False)


@app.command()
def entity(
    name: str = typer.Argument(..., help="An entity id, name or alias as written (\"Lavrov\", \"Moskva\")."),
    db: str = typer.Option("storyline.db", "--db", help=DB_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the record as JSON."),
) -> None:
    """Show an entity: aliases, roles over time, documents and the entities it appears with."""
    from storyline.entity_view import find, record, render

    try:
        with Storyline(Settings(db=db)).store(readonly=True) as store:
            hits = find(store, name)
            if not hits:
                _fail(f"no entity matches {name!r}", code=1)
            rec = record(store, hits[0][0])
    except StoreError as exc:
        _fail(str(exc))
        return
    if as_json:
        rec["other_matches"] = [{"id": i, "name": n, "type": t, "mentions": c} for i, n, t, c in hits[1:]]
        sys.stdout.write(json.dumps(rec, ensure_ascii=False, indent=2) + "\n")
        return
    render(rec, console)
    if len(hits) > 1:
        others = ", ".join(f"{n} ({i})" for i, n, _t, _c in hits[1:6])
        console.print(f"[dim]also matching: {others}[/]", highlight=False)


@app.command()
def demo(
    corpus: Path = typer.Option(Path("corpus/articles"), "--corpus", help="Folder of articles to build."),
    db: str = typer.Option("storyline-demo.db", "--db", help=DB_HELP),
    workers: int = typer.Option(1, "--workers", "-w", min=1, max=64),
) -> None:
    """Build the bundled corpus and show what the record holds."""
    from storyline.ui import print_build_summary, print_overview, run_build_with_progress

    if not corpus.is_dir():
        _fail(f"corpus folder {corpus} not found (run from the repository root, or pass --corpus)")
    sl = Storyline(Settings(db=db, workers=workers))
    try:
        try:
            report = run_build_with_progress(sl, [str(corpus)], console, err_console)
        except OutdatedStore as exc:  # the demo's store is derived from the corpus: make it again
            if "://" in db:
                raise
            err_console.print(f"{exc}: rebuilding {db}", highlight=False)
            for suffix in ("", "-wal", "-shm"):
                Path(db + suffix).unlink(missing_ok=True)
            report = run_build_with_progress(sl, [str(corpus)], console, err_console)
    except StoreError as exc:
        _fail(str(exc))
        return
    print_build_summary(report, console, db)
    print_overview(sl, console)


@app.command("timeline")
def timeline_cmd(
    db: str = typer.Option("storyline.db", "--db", help=DB_HELP),
    dyad: Optional[str] = typer.Option(None, "--dyad", help="Two states: RU-US, or 'Russia,United States'."),
    entity: Optional[str] = typer.Option(None, "--entity", help="A participant, actor or place (canonical name)."),
    start: Optional[str] = typer.Option(None, "--from", help="Earliest date, YYYY[-MM[-DD]]."),
    end: Optional[str] = typer.Option(None, "--to", help="Latest date, YYYY[-MM[-DD]]."),
    etype: Optional[str] = typer.Option(None, "--type", help="A PLOVER type: CONSULT, AGREE, SANCTION…"),
    limit: int = typer.Option(200, "--limit", min=1),
    as_json: bool = typer.Option(False, "--json", help="Print the events as JSON."),
) -> None:
    """Events in date order at their true granularity, each with its sources and a summary."""
    from rich.table import Table

    from storyline.timeline import parse_dyad, timeline

    try:
        with Storyline(Settings(db=db)).store(readonly=True) as store:
            pair = parse_dyad(store, dyad) if dyad else None
            events = timeline(store, dyad=pair, entity=entity, start=start, end=end, etype=etype,
                              limit=limit)
    except (StoreError, ValueError) as exc:
        _fail(str(exc))
        return
    if as_json:
        sys.stdout.write(json.dumps(events, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(title=f"timeline{' ' + ' – '.join(pair) if dyad else ''} ({len(events)} events)",
                  title_justify="left")
    for col in ("date", "type", "where", "sources", "summary"):
        table.add_column(col, overflow="fold")
    for ev in events:
        table.add_row(ev["date"], f"{ev['type']}/{ev['mode']}", ev["location"] or "",
                      f"{ev['num_sources']}: " + ", ".join(ev["sources"][:4]), ev["summary"])
    console.print(table)


@app.command("issues")
def issues_cmd(
    db: str = typer.Option("storyline.db", "--db", help=DB_HELP),
    issue: Optional[str] = typer.Option(None, "--issue", help="One issue's course (an id from the list)."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Where each open issue stands: mentions, first and last dates, latest status; or one issue's course."""
    from rich.table import Table

    from storyline.analyze.issues import issue_names
    from storyline.resolve.issues import course, overview

    names = issue_names()
    if issue and issue not in names:
        _fail(f"unknown issue {issue!r} (known: {', '.join(names)})")
    try:
        with Storyline(Settings(db=db)).store(readonly=True) as store:
            data = course(store, issue) if issue else overview(store, names)
    except StoreError as exc:
        _fail(str(exc))
        return
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    if issue:
        table = Table(title=f"{names[issue]}: {len(data)} mentions", title_justify="left")
        for col in ("date", "status", "document", "evidence"):
            table.add_column(col, overflow="fold")
        for row in data:
            table.add_row(row["date"] or "", row["status"], row["doc"], row["evidence"])
    else:
        table = Table(title="issues", title_justify="left")
        for col in ("issue", "id", "status", "mentions", "documents", "first", "last"):
            table.add_column(col)
        for row in data:
            table.add_row(row["name"], row["id"], row["status"] or "-", str(row["mentions"]),
                          str(row["documents"]), row["first"] or "-", row["last"] or "-")
    console.print(table)


@app.command("search")
def search_cmd(
    query: Optional[str] = typer.Argument(None, help="Words to find; accents and case are ignored "
                                          "(\"dai su quan\"); a \"quoted run\" must appear as written; "
                                          "word* matches a prefix."),
    db: str = typer.Option("storyline.db", "--db", help=DB_HELP),
    entity: Optional[str] = typer.Option(None, "--entity", help="Only documents mentioning this entity "
                                         "(id, name or alias)."),
    start: Optional[str] = typer.Option(None, "--from", help="Published on or after, YYYY[-MM[-DD]]."),
    end: Optional[str] = typer.Option(None, "--to", help="Published on or before, YYYY[-MM[-DD]]."),
    etype: Optional[str] = typer.Option(None, "--type", help="Only documents reporting this PLOVER type."),
    limit: int = typer.Option(10, "--limit", min=1, max=200),
    offset: int = typer.Option(0, "--offset", min=0, help="Hits to skip (the next page)."),
    as_json: bool = typer.Option(False, "--json", help="Print the page of hits as JSON."),
    reindex: bool = typer.Option(False, "--reindex", help="Rebuild the search index of the store first "
                                 "(stores built before search existed)."),
) -> None:
    """Full-text search over sentences, ranked, with the hits highlighted."""
    from storyline.search import SearchError, search
    from storyline.read_view import print_search

    if reindex:
        from storyline.resolve.search import reindex as rebuild

        try:
            with Storyline(Settings(db=db)).store() as store:
                rows = rebuild(store)
        except StoreError as exc:
            _fail(str(exc))
        console.print(f"search index rebuilt: {rows} sentences", highlight=False)
        if not query:
            return
    if not query:
        _fail("give words to search for (or --reindex)")
    try:
        with Storyline(Settings(db=db)).store(readonly=True) as store:
            result = search(store, query, entity=entity, start=start, end=end, etype=etype, limit=limit,
                            offset=offset)
    except (StoreError, SearchError) as exc:
        _fail(str(exc))
        return
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        return
    print_search(result, console)


@app.command("ask")
def ask_cmd(
    question: str = typer.Argument(..., help="A question in Vietnamese, e.g. \"Khi nao Lavrov gap Rubio?\" "
                                   "with its accents; see storyline/lang/vi/ask.yaml for the question words."),
    db: str = typer.Option("storyline.db", "--db", help=DB_HELP),
    limit: int = typer.Option(3, "--limit", min=1, max=20, help="Answers at most."),
    as_json: bool = typer.Option(False, "--json", help="Print the answers and citations as JSON."),
) -> None:
    """Answer a question from the record; every answer cites document, sentence and offsets.

    Prints "no answer found" (exit status 1) when the record holds no answer: it never guesses.
    """
    from storyline.ask import AskError, ask
    from storyline.read_view import print_answers

    try:
        with Storyline(Settings(db=db)).store(readonly=True) as store:
            result = ask(store, question, limit=limit)
    except (StoreError, AskError) as exc:
        _fail(str(exc))
        return
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    else:
        print_answers(result, console)
    if not result["answers"]:
        raise typer.Exit(1)


@app.command("serve")
def serve_cmd(
    db: str = typer.Option("storyline.db", "--db", help=DB_HELP),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
) -> None:
    """Serve the read-only HTTP API (/api, docs at /docs) and the web page (/) for a store."""
    try:
        import uvicorn

        from storyline.serve import create_api
    except ImportError as exc:
        _fail(f"serve needs the 'serve' extra ({exc.name} is missing): pip install -e '.[serve]'")
        return
    sl = Storyline(Settings(db=db))
    try:
        sl.store(readonly=True).close()
    except StoreError as exc:
        _fail(str(exc))
    console.print(f"serving {db} on http://{host}:{port}/ (API docs at /docs); Ctrl-C stops", highlight=False)
    uvicorn.run(create_api(sl), host=host, port=port, log_level="warning")


@app.command("check")
def check_cmd(db: str = typer.Option("storyline.db", "--db", help=DB_HELP)) -> None:
    """Verify the store: references resolve, offsets lie inside their text, counts agree.

    Exit status 0 when the store is sound, 1 when a problem is found (each printed on one line).
    """
    from storyline.check import check_store

    try:
        with Storyline(Settings(db=db)).store(readonly=True) as store:
            report = check_store(store)
    except StoreError as exc:
        _fail(str(exc))
        return
    summary = ", ".join(f"{n} {what}" for what, n in report.checked.items())
    console.print(f"checked {summary}", highlight=False)
    for problem in report.problems:
        err_console.print(f"[bold red]problem:[/] {problem}", highlight=False)
    if not report.ok:
        raise typer.Exit(1)
    console.print("the store is sound")


def main() -> None:  # pragma: no cover - console entry
    """Entry point that keeps tracebacks for real bugs but exits cleanly on Ctrl-C."""
    try:
        app()
    except KeyboardInterrupt:
        err_console.print("interrupted; everything committed so far is kept")
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    main()
