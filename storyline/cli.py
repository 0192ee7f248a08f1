"""The `storyline` command: every command is a thin call into the modules it names."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Optional

import typer

from storyline import cli_read
from storyline.app import Storyline
from storyline.cli_common import DB_HELP, console, err_console
from storyline.cli_common import fail as _fail
from storyline.settings import Settings
from storyline.store.db import OutdatedStore, StoreError

app = typer.Typer(
    help="Turn Vietnamese news articles into a sourced, dated, structured record of a story.\n\n"
         "Start with `storyline build corpus/articles` (creates storyline.db), then "
         "`storyline export --format annotations --out out/` or `storyline demo`.",
    no_args_is_help=True, add_completion=False, rich_markup_mode="markdown")


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


cli_read.register(app)  # entity, timeline, issues, search, ask: the commands that read a store


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
