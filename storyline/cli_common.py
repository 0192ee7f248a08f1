"""What every `storyline` command module shares: the consoles, the --db help, the one-line failure."""
from __future__ import annotations

import typer
from rich.console import Console

console = Console()
err_console = Console(stderr=True)

DB_HELP = "SQLite file (created if missing) or a postgresql://user@host:port/dbname URL."


def fail(message: str, code: int = 2) -> None:
    """One clear error line and a non-zero exit."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)
