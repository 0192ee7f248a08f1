"""Components declare what they require and provide; the pipeline checks the order once."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from storyline.model import Document


class PipelineError(ValueError):
    """A pipeline whose components cannot run in the given order; lists every gap at once."""


@dataclass(frozen=True, slots=True)
class Component:
    """A named per-document step with its declared inputs and outputs (layer names)."""

    name: str
    requires: tuple[str, ...]
    provides: tuple[str, ...]
    run: Callable[[Document, str], None]


REGISTRY: dict[str, Component] = {}
INPUT_LAYERS = ("text", "blocks")


def _load_registry() -> dict[str, Component]:
    """Import the components listed in analyze/components.py (once per process)."""
    from storyline.analyze.components import COMPONENTS

    for comp in COMPONENTS:
        REGISTRY.setdefault(comp.name, comp)
    return REGISTRY


class Pipeline:
    """An ordered list of components, validated at construction."""

    def __init__(self, names: tuple[str, ...] | list[str] | None = None, lang: str = "vi",
                 available: tuple[str, ...] = INPUT_LAYERS) -> None:
        from storyline.analyze.components import DEFAULT

        _load_registry()
        names = DEFAULT if names is None else tuple(names)
        unknown = [n for n in names if n not in REGISTRY]
        problems = [f"unknown component {n!r} (known: {', '.join(sorted(REGISTRY))})" for n in unknown]
        have = set(available)
        for name in names:
            if name in unknown:
                continue
            comp = REGISTRY[name]
            for req in comp.requires:
                if req not in have:
                    problems.append(f"{name} requires {req!r}, which nothing before it provides")
            have.update(comp.provides)
        if problems:
            raise PipelineError("the analysis pipeline cannot run:\n  - " + "\n  - ".join(problems))
        self.components = [REGISTRY[n] for n in names]
        self.lang = lang
        self.provides = tuple(sorted(have))

    def __call__(self, doc: Document) -> Document:
        """Run every component on the document, in order."""
        for comp in self.components:
            comp.run(doc, self.lang)
        return doc

    def run_many(self, docs: list[Document]) -> list[Exception | None]:
        """Run every component over all the documents, one component at a time (what worker.process_many
        gains by it is told there); a document whose component raises skips the rest of the pipeline.
        Returns, per document, the exception that stopped it or None."""
        failed: list[Exception | None] = [None] * len(docs)
        live = list(range(len(docs)))
        for comp in self.components:
            for i in live:
                try:
                    comp.run(docs[i], self.lang)
                except Exception as exc:  # (one document's bug must not stop the others)
                    failed[i] = exc
            live = [i for i in live if failed[i] is None]
        return failed
