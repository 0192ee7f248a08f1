"""Terminal presentation: the build progress bar, the end summary and the store overview."""
from __future__ import annotations

import os

from rich.console import Console
from rich.progress import (BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn,
                           TimeRemainingColumn)
from rich.table import Table

from storyline.app import Storyline
from storyline.build import BuildReport


def _total_bytes(paths: list[str]) -> int:
    """Size of the inputs, for the progress bar (a cheap walk, no reading)."""
    total = 0
    for p in paths:
        if os.path.isfile(p):
            total += os.path.getsize(p)
        elif os.path.isdir(p):
            for root, _dirs, files in os.walk(p):
                for f in files:
                    try:
                        total += os.path.getsize(os.path.join(root, f))
                    except OSError:
                        pass
    return total


def run_build_with_progress(sl: Storyline, paths: list[str], console: Console,
                            err_console: Console, quiet: bool = False):
    """Run a build, drawing a progress bar (bytes read) and printing one line per bad input."""
    if quiet or not console.is_terminal and os.environ.get("STORYLINE_PROGRESS") != "1":
        return sl.build(paths, on_error=lambda line: err_console.print(line, highlight=False,
                                                                       markup=False))
    with Progress(TextColumn("[bold]building"), BarColumn(), DownloadColumn(),
                  TimeElapsedColumn(), TimeRemainingColumn(), console=console,
                  transient=True) as progress:
        task = progress.add_task("build", total=_total_bytes(paths) or None)
        return sl.build(paths, on_progress=lambda n: progress.advance(task, n),
                        on_error=lambda line: progress.console.print(line, highlight=False,
                                                                     markup=False))


def print_build_summary(rep: BuildReport, console: Console, db: str) -> None:
    """The end-of-build table: what was new, unchanged, duplicated or refused."""
    table = Table(title=f"build {rep.build_id} → {db}", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column(justify="right")
    rate = rep.stored / rep.seconds if rep.seconds else 0.0
    rows = [
        ("files seen", rep.files),
        ("new documents", rep.new),
        ("changed documents", rep.changed),
        ("unchanged documents (no work done)", rep.unchanged),
        ("exact duplicates (linked to first copy)", rep.exact_duplicates),
        ("near duplicates (linked to first copy)", rep.near_duplicates),
        ("errors (one line each above)", len(rep.errors)),
        ("warnings", len(rep.warnings)),
        ("time", f"{rep.seconds:.2f} s" + (f" ({rate:,.0f} docs/s)" if rep.stored else "")),
    ]
    if rep.known_errors:
        rows.insert(7, ("errors in unchanged files (see storyline errors)", rep.known_errors))
    for k, v in rows:
        table.add_row(k, str(v))
    console.print(table)
    if rep.stored == 0 and rep.unchanged and not rep.errors:
        console.print("nothing new: every input was already stored and unchanged")


def print_overview(sl: Storyline, console: Console) -> None:
    """What the store holds, for `storyline demo`."""
    ov = sl.overview()
    table = Table(title="the record", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column(justify="right")
    first, last = ov["date_range"]
    langs = ", ".join(f"{k} {v}" for k, v in ov["languages"].items()) or "-"
    for k, v in [("documents", ov["documents"]), ("words", f"{ov['words']:,}"),
                 ("sentences", ov["sentences"]), ("captions", ov["captions"]),
                 ("bylines", ov["bylines"]), ("teaser lines kept apart", ov["teasers"]),
                 ("publication date given", ov["published_given"]),
                 ("publication date inferred from the text", ov["published_inferred"]),
                 ("publication date unknown", ov["published_unknown"]),
                 ("entities (people, organisations, places)", ov["entities"]),
                 ("dates and durations (timexes)", ov["timexes"]),
                 ("events (merged across documents) / reports",
                  f"{ov['events']} / {ov['event_reports']}"),
                 ("quotes with a speaker", ov["quotes"]),
                 ("issue mentions", ov["issue_mentions"]),
                 ("dates from … to", f"{first or '-'} … {last or '-'}"),
                 ("languages", langs),
                 ("exact / near duplicates", f"{ov['exact_duplicates']} / {ov['near_duplicates']}"),
                 ("errors recorded", ov["errors"])]:
        table.add_row(k, str(v))
    console.print(table)
    if ov["sample"]:
        sample = Table(title="latest documents", title_justify="left")
        for col in ("document", "published", "words", "sentences"):
            sample.add_column(col, no_wrap=True, min_width=len(col))
        width = max(20, console.width - 60)
        sample.add_column("opening sentence", overflow="ellipsis", no_wrap=True, max_width=width)
        for doc_id, pub, given, words, sents, first, text in ov["sample"]:
            opening = text[first or 0:].split("\n", 1)[0]
            opening = opening if len(opening) <= width else opening[: width - 1] + "…"
            sample.add_row(doc_id, (pub or "unknown") + ("" if given else " (not given)"), str(words),
                           str(sents), opening)
        console.print(sample)
    if ov["duplicates"]:
        dup = Table(title="duplicates (kept, linked to the first copy)", title_justify="left")
        for col in ("document", "copy of", "kind", "similarity"):
            dup.add_column(col)
        for doc_id, of, kind, sim in ov["duplicates"]:
            dup.add_row(doc_id, of, kind, f"{sim:.2f}" if sim is not None else "")
        console.print(dup)
    db = sl.settings.db
    console.print(f"next: [bold]storyline timeline --db {db} --dyad RU-US[/] · [bold]storyline entity Lavrov "
                  f"--db {db}[/] · [bold]storyline search \"dai su quan\" --db {db}[/] · [bold]storyline serve "
                  f"--db {db}[/] (web page) · [bold]storyline export --db {db} --out out/[/] · "
                  "[bold]storyline --help[/] lists every command.")
