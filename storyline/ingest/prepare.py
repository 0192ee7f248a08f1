"""Turns one raw record into a cleaned Document with its layout blocks (pure, per document)."""
from __future__ import annotations

import re

from storyline.ingest.decode import DecodeError, decode, normalize
from storyline.ingest.langid import identify
from storyline.ingest.layout import analyse_layout, split_date_line
from storyline.ingest.readers import html_to_text
from storyline.model import Document, Published, RawRecord, Span
from storyline.settings import Settings

_PUBLISHED = re.compile(r"^\s*(\d{4})-(\d{2})(?:-(\d{2}))?")


_WHY_GIVEN = {"txt": "date line", "jsonl": "published field", "html": "page metadata"}


class RecordError(ValueError):
    """A record that cannot become a document; the message is the one-line reason."""


def _raw_text(raw: RawRecord, settings: Settings) -> str:
    """The record's text: decoded bytes, or the article extracted from an HTML page."""
    if raw.text is not None:
        return raw.text
    if raw.kind == "html":
        try:
            text, title, date = html_to_text(raw.data or b"")
        except Exception as exc:  # trafilatura/lxml raise many kinds on hostile pages
            raise RecordError(f"HTML page could not be parsed ({type(exc).__name__})") from None
        words = len((text or "").split())
        if words < settings.min_html_words:
            raise RecordError(f"no article text found in the HTML page ({words} words of page text)")
        raw.title = raw.title or title
        raw.published = raw.published or date
        return text
    try:
        return decode(raw.data or b"")
    except DecodeError as exc:
        raise RecordError(str(exc)) from None


def _given_date(value: str | None) -> str | None:
    """Keep the date part (YYYY-MM[-DD]) of a metadata date such as an ISO timestamp."""
    if not value:
        return None
    m = _PUBLISHED.match(str(value))
    if not m:
        return None
    return "-".join(g for g in m.groups() if g)


def prepare(raw: RawRecord, settings: Settings) -> tuple[Document, list[str]]:
    """Decode, normalize, find the date line and layout; return the document and warnings."""
    text = _raw_text(raw, settings)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    warnings: list[str] = []
    published = _given_date(raw.published)
    if raw.published and not published:
        warnings.append(f"published {raw.published!r} is not a YYYY-MM[-DD] date; left unknown")
    if raw.kind == "txt":
        line_date, text, warn = split_date_line(text)
        published = published or line_date
        if warn:
            warnings.append(warn)
    layout = analyse_layout(normalize(text), settings.lang)
    if not layout.text.strip():
        raise RecordError("no article text (empty after cleaning)")
    doc = Document(id=raw.doc_id, text=layout.text, source=raw.source, source_line=raw.line,
                   title=raw.title, url=raw.url, teasers=layout.teasers)
    if published:
        doc.published = Published(published, True, _WHY_GIVEN.get(raw.kind, "given by the input"))
    blocks = ([Span(s, e, "paragraph") for s, e in layout.paragraphs]
              + [Span(s, e, "caption") for s, e in layout.captions]
              + [Span(s, e, "byline") for s, e in layout.bylines])
    doc.set_layer("blocks", blocks)
    doc.lang, doc.lang_score = identify(doc.text, settings.languages, settings.langid_chars)
    return doc, warnings + layout.warnings
