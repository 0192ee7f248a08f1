"""The per-document components and the default order; add a component here to make it known."""
from __future__ import annotations

from storyline.analyze import timexes
from storyline.analyze.events import events_component
from storyline.analyze.issues import issues_component
from storyline.analyze.mentions import mentions_component
from storyline.analyze.pipeline import Component
from storyline.analyze.quotes import quotes_component
from storyline.analyze.sentences import split_sentences
from storyline.model import Document


def _sentences(doc: Document, lang: str) -> None:
    """Split every text block into sentences."""
    doc.set_layer("sentences", split_sentences(doc.text, doc.layer("blocks"), lang))


def _timexes(doc: Document, lang: str) -> None:
    """Tag and normalize temporal expressions; infer a missing publication date."""
    timexes.annotate(doc, lang)


COMPONENTS: list[Component] = [
    Component("sentences", ("blocks",), ("sentences",), _sentences),
    Component("mentions", ("sentences",), ("mentions",), mentions_component),
    Component("timexes", ("sentences",), ("timexes", "published"), _timexes),
    Component("quotes", ("sentences", "mentions"), ("quotes",), quotes_component),
    Component("events", ("sentences", "mentions", "timexes", "quotes"), ("events",), events_component),
    Component("issues", ("sentences", "timexes", "events"), ("issues",), issues_component),
]

# The order `storyline build` runs them in; Settings.components overrides it.
DEFAULT: tuple[str, ...] = tuple(c.name for c in COMPONENTS)
