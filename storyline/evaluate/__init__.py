"""The project's own scorer: compares predicted annotation files with gold ones, field by field."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .loader import evaluate_dirs, load_annotations
from .report import evaluate_documents

if TYPE_CHECKING:
    from rich.table import Table

__all__ = ["evaluate_dirs", "evaluate_documents", "load_annotations", "render_report"]


def render_report(report: dict[str, Any], per_document: bool = False) -> list[Table]:
    """Rich tables for a report; rich is imported only when rendering is asked for."""
    from .render import render_report as _render

    return _render(report, per_document=per_document)
