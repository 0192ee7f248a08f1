"""The data model: a Document owns its cleaned text; every annotation is a Span into it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Span:
    """A labelled stretch of the document text; `value` holds the normalized reading."""

    start: int
    end: int
    label: str
    sentence: int = -1
    value: Any = None
    attrs: dict[str, Any] = field(default_factory=dict)

    def text_in(self, text: str) -> str:
        """The characters this span claims, so callers never copy text without offsets."""
        return text[self.start:self.end]

    def to_dict(self) -> dict[str, Any]:
        """Serialize explicitly so the stored form never depends on dataclass internals."""
        out: dict[str, Any] = {"start": self.start, "end": self.end, "label": self.label,
                               "sentence": self.sentence}
        if self.value is not None:
            out["value"] = self.value
        if self.attrs:
            out["attrs"] = dict(self.attrs)
        return out

    def __reduce__(self) -> tuple:
        """Pickle as a plain constructor call: worker results carry thousands of spans, and the
        default path for slotted dataclasses costs about twice as much to dump and load."""
        return (Span, (self.start, self.end, self.label, self.sentence, self.value, self.attrs))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Span":
        """Inverse of to_dict."""
        return cls(start=int(data["start"]), end=int(data["end"]), label=str(data["label"]),
                   sentence=int(data.get("sentence", -1)), value=data.get("value"),
                   attrs=dict(data.get("attrs") or {}))


@dataclass(slots=True)
class Published:
    """Publication date at the granularity the evidence supports, and why we believe it."""

    value: str | None = None
    given: bool = False
    why: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Serialize in the annotation format's shape."""
        return {"value": self.value, "given": self.given, "why": self.why}

    def __reduce__(self) -> tuple:
        """Pickle as a plain constructor call (see Span.__reduce__)."""
        return (Published, (self.value, self.given, self.why))


@dataclass(slots=True)
class Document:
    """One article: cleaned NFC text plus spans in named layers (segments, sentences, ...)."""

    id: str
    text: str
    published: Published = field(default_factory=Published)
    source: str = ""
    source_line: int = 0
    title: str | None = None
    url: str | None = None
    lang: str = "und"
    lang_score: float = 0.0
    teasers: list[str] = field(default_factory=list)
    layers: dict[str, list[Span]] = field(default_factory=dict)

    def layer(self, name: str) -> list[Span]:
        """Spans of a layer; an absent layer reads as empty, never None."""
        return self.layers.get(name, [])

    def set_layer(self, name: str, spans: list[Span]) -> None:
        """Replace a layer, keeping spans sorted by position."""
        self.layers[name] = sorted(spans, key=lambda s: (s.start, s.end))

    def check_offsets(self) -> list[str]:
        """Problems with span offsets (out of range, inverted); empty when all are sound."""
        problems: list[str] = []
        n = len(self.text)
        for name, spans in self.layers.items():
            for s in spans:
                if not (0 <= s.start <= s.end <= n):
                    problems.append(f"{self.id}: {name} span {s.start}-{s.end} outside 0-{n}")
        return problems

    def to_dict(self) -> dict[str, Any]:
        """Serialize explicitly (the store and the worker pool both use this form)."""
        return {
            "id": self.id, "text": self.text, "published": self.published.to_dict(),
            "source": self.source, "source_line": self.source_line, "title": self.title,
            "url": self.url, "lang": self.lang, "lang_score": self.lang_score,
            "teasers": list(self.teasers),
            "layers": {k: [s.to_dict() for s in v] for k, v in self.layers.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Document":
        """Inverse of to_dict."""
        pub = data.get("published") or {}
        return cls(
            id=data["id"], text=data["text"],
            published=Published(pub.get("value"), bool(pub.get("given")), pub.get("why")),
            source=data.get("source", ""), source_line=int(data.get("source_line", 0)),
            title=data.get("title"), url=data.get("url"), lang=data.get("lang", "und"),
            lang_score=float(data.get("lang_score", 0.0)), teasers=list(data.get("teasers") or []),
            layers={k: [Span.from_dict(s) for s in v] for k, v in (data.get("layers") or {}).items()},
        )


@dataclass(slots=True)
class RawRecord:
    """What a reader yields before cleaning: bytes or text plus whatever metadata the input had."""

    doc_id: str
    source: str
    line: int = 0
    data: bytes | None = None
    text: str | None = None
    published: str | None = None
    title: str | None = None
    url: str | None = None
    kind: str = "txt"


@dataclass(slots=True)
class IngestError:
    """One bad input: the file, the line (0 when not line-based) and the reason, for one clear line."""

    source: str
    reason: str
    line: int = 0
    doc_id: str | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.reason}"
