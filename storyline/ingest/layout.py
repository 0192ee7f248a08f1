"""Finds the date line, captions, byline and teaser tail of a plain-text article, from language data."""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from storyline import lang as langdata

DATE_LINE = re.compile(r"^[\ufeff\s]*date[ \t]+(?P<date>\d{4}-\d{2}(?:-\d{2})?)(?![\w-])[ \t]*",
                       re.IGNORECASE)


@dataclass(slots=True)
class Layout:
    """The parts of a cleaned article: body text, line roles and what was cut away."""

    text: str
    published: str | None = None
    captions: list[tuple[int, int]] = field(default_factory=list)
    bylines: list[tuple[int, int]] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    teasers: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def split_date_line(raw: str) -> tuple[str | None, str, str | None]:
    """(date, rest, warning): the ` date YYYY-MM[-DD]` prefix of the first line, if any."""
    m = DATE_LINE.match(raw)
    if not m:
        return None, raw, None
    value = m.group("date")
    rest = raw[m.end():]
    try:
        parts = [int(p) for p in value.split("-")]
        dt.date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1)
    except ValueError:
        return None, rest, f"date line {value!r} is not a real date; publication date left unknown"
    return value, rest, None


@functools.lru_cache(maxsize=None)
def _patterns(lang: str) -> dict[str, object]:
    """Regexes generated from the language's ingest table (longest surface first)."""
    data = langdata.load(lang, "ingest")
    cap = data["caption"]
    markers = langdata.alternation(langdata.surfaces(cap["markers"]))
    caption = re.compile(rf"\(\s*(?P<marker>{markers})(?![\w])[^()]{{0,120}}\)\s*\.?")
    by = data["byline"]
    via = langdata.alternation(by["via"])
    name = r"[^,():.!?\n]{2,50}?"
    srcs = r"[^.!?()\n]{2,80}"
    byline = re.compile(
        rf"^(?:(?P<author>{name})\s*,\s*)?(?P<via>{via}):?\s+(?P<sources>{srcs})$"
        rf"|^(?P<author2>{name})\s*\(\s*(?P<via2>{via}):?\s+(?P<sources2>[^()\n]{{2,80}})\)$")
    tz = data["teaser"]
    endings = langdata.alternation(tz["endings"])
    teaser = re.compile(rf"(?:{endings})\s*$")
    return {"caption": caption, "caption_max": int(cap["max_chars"]), "byline": byline,
            "byline_max": int(by["max_chars"]), "teaser": teaser,
            "teaser_max": int(tz["max_chars"]), "teaser_min": int(tz["min_lines"])}


def is_caption_line(line: str, lang: str = "vi") -> bool:
    """A whole line that ends with a photo credit."""
    p = _patterns(lang)
    m = None
    for m in p["caption"].finditer(line):  # type: ignore[union-attr]
        pass
    return bool(m) and m.end() >= len(line.rstrip()) and len(line) <= p["caption_max"]


def is_byline(line: str, lang: str = "vi") -> bool:
    """A short closing line naming the author and/or the source agencies."""
    p = _patterns(lang)
    s = line.strip()
    return (0 < len(s) <= p["byline_max"] and s[-1] not in ".!?:”\"…"
            and bool(p["byline"].match(s)))  # type: ignore[union-attr]


def is_teaser(line: str, lang: str = "vi") -> bool:
    """A short line cut off with an ellipsis: a link to another article."""
    p = _patterns(lang)
    s = line.strip()
    return 0 < len(s) <= p["teaser_max"] and bool(p["teaser"].search(s))  # type: ignore[union-attr]


def _cut_teasers(lines: list[str], lang: str) -> tuple[list[str], list[str]]:
    """Split off the trailing run of teaser lines (needs min_lines, or one after a byline)."""
    p = _patterns(lang)
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    i = end
    while i and (is_teaser(lines[i - 1], lang) or (not lines[i - 1].strip() and i < end)):
        i -= 1
    while i < end and not lines[i].strip():
        i += 1
    tail = [ln.strip() for ln in lines[i:end] if ln.strip()]
    prev = next((ln for ln in reversed(lines[:i]) if ln.strip()), "")
    if len(tail) >= p["teaser_min"] or (tail and is_byline(prev, lang)):  # type: ignore[operator]
        return lines[:i], tail
    return lines, []


def analyse_layout(body: str, lang: str = "vi") -> Layout:
    """Cut the teaser tail, then mark captions, the byline and paragraphs with offsets."""
    lines, teasers = _cut_teasers(body.split("\n"), lang)
    text = "\n".join(lines).strip()
    out = Layout(text=text, teasers=teasers)
    pos = 0
    nonempty = [(i, ln) for i, ln in enumerate(text.split("\n"))]
    last_idx = max((i for i, ln in nonempty if ln.strip()), default=-1)
    first_idx = min((i for i, ln in nonempty if ln.strip()), default=-1)
    p = _patterns(lang)
    for i, line in nonempty:
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        if is_caption_line(line, lang):
            out.captions.append((start, end))
            continue
        if i == first_idx:
            m = p["caption"].search(line)  # type: ignore[union-attr]
            if m and m.end() <= p["caption_max"] and m.end() < len(line):
                cut = m.end()
                out.captions.append((start, start + len(line[:cut].rstrip())))
                lead = len(line[cut:]) - len(line[cut:].lstrip())
                out.paragraphs.append((start + cut + lead, end))
                continue
        if i == last_idx and is_byline(line, lang):
            out.bylines.append((start, end))
            continue
        out.paragraphs.append((start, end))
    return out
