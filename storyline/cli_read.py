"""The `storyline` commands that read a built store: entity, timeline, issues, search, ask (added to
the app by register(), in this order)."""
from __future__ import annotations

import json
import sys
from typing import Callable, Optional

import typer

from storyline.app import Storyline
from storyline.cli_common import DB_HELP, console
from storyline.cli_common import fail as _fail
from storyline.settings import Settings
from storyline.store.db import StoreError

_COMMANDS: list[tuple[str | None, Callable[..., None]]] = []


def _command(name: str | None) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Mark a function as a command of this module (made a Typer command by register)."""
    def keep(func: Callable[..., None]) -> Callable[..., None]:
        _COMMANDS.append((name, func))
        return func
    return keep


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `storyline` app."""
    for name, func in _COMMANDS:
        app.command(name)(func)


@_command(None)
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


@_command("timeline")
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


@_command("issues")
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


@_command("search")
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


@_command("ask")
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
