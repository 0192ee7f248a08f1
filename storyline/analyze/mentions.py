"""The 'mentions' component: people, organisations and places in a document, typed and grouped.

Each span of the layer is one mention: label PER/ORG/LOC, value the entity id (a knowledge-base id, else
the slug of the name found here), attrs name (canonical), role (title phrases, newline-separated, or
None), metonymy (a capital or seat standing for its state), wikidata, state (canonical state name), kb
(id from the knowledge base) and key (the alias key cross-document resolution matches on).
"""
from __future__ import annotations

from storyline.analyze.entity_coref import DocumentCoref
from storyline.analyze.entity_find import Raw, SentenceFinder
from storyline.analyze.entity_lexicon import lexicon
from storyline.model import Document, Span


def find_raw(text: str, sentences: list[Span], lang: str = "vi") -> list[Raw]:
    """Raw mentions of every sentence; in bylines only the kinds the language keeps (news agencies)."""
    lex = lexicon(lang)
    raws: list[Raw] = []
    for s in sentences:
        found = SentenceFinder(text, s.start, s.end, s.sentence, lex).run()
        if s.attrs.get("block") == "byline":
            found = [r for r in found if r.type in lex.byline_keeps]
        raws.extend(found)
    return raws


def find_mentions(text: str, sentences: list[Span], lang: str = "vi") -> list[Span]:
    """Resolved mention spans of a text split into sentences."""
    raws = find_raw(text, sentences, lang)
    return DocumentCoref(text, lexicon(lang)).resolve(raws)


def mentions_component(doc: Document, lang: str) -> None:
    """Pipeline step: fill the 'mentions' layer from the 'sentences' layer."""
    doc.set_layer("mentions", find_mentions(doc.text, doc.layer("sentences"), lang))
