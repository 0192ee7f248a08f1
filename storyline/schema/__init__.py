"""JSON Schema for annotation files, so gold and predicted files can be checked before scoring."""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from importlib import resources
from typing import Any

SCHEMA_FILE = "annotation.schema.json"

__all__ = ["SCHEMA_FILE", "load_schema", "validate_annotation"]


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    """Read the bundled schema once; callers get copies so the cache stays pristine."""
    text = resources.files(__name__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def load_schema() -> dict[str, Any]:
    """Return the annotation-file schema (draft 2020-12) as a fresh dict."""
    return copy.deepcopy(_schema())


@lru_cache(maxsize=1)
def _validator() -> Any:
    """Build the validator lazily so importing this package does not need jsonschema."""
    from jsonschema import Draft202012Validator

    schema = _schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _location(path: Any) -> str:
    """Render a jsonschema path deque as 'entities/0/type', or '<root>' for the top level."""
    parts = [str(part) for part in path]
    return "/".join(parts) if parts else "<root>"


def validate_annotation(obj: Any) -> list[str]:
    """Return human-readable schema violations of one annotation object; empty when it is valid."""
    errors = _validator().iter_errors(obj)
    ordered = sorted(errors, key=lambda err: ([str(p) for p in err.absolute_path], err.message))
    return [f"{_location(err.absolute_path)}: {err.message}" for err in ordered]
