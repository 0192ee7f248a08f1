"""Finds temporal expressions and turns their parts into partly specified values (specs)."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from storyline.analyze.regex_starts import StartScan, word_char
from storyline.analyze.time_rules import Rule, TimeData, load_time, lower_same_length

_WORDS_BEFORE = re.compile(r"(\w+)\W*(\w+)?\W*$")


@dataclass(slots=True)
class Mention:
    """A tagged expression: extent (core), the whole match, and its partly specified value."""

    start: int
    end: int
    match_start: int
    match_end: int
    type: str
    rule: str
    spec: dict[str, Any] = field(default_factory=dict)


def _number(text: str, data: TimeData) -> float | None:
    """A count written in digits ("4,5") or words ("hai"); None when vague."""
    t = text.strip().replace(",", ".")
    try:
        return float(t)
    except ValueError:
        val = data.lookup("number", text)
        return float(val) if isinstance(val, (int, float)) else None


def _fmt(n: float) -> str:
    """4.0 → '4', 4.5 → '4.5'."""
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


_UNIT_VALUE = {"S": ("PT", "S", 1), "TM": ("PT", "M", 1), "TH": ("PT", "H", 1), "D": ("P", "D", 1),
               "W": ("P", "W", 1), "M": ("P", "M", 1), "Y": ("P", "Y", 1), "DE": ("P", "Y", 10),
               "CE": ("P", "Y", 100)}


def duration_value(g: dict[str, str | None], data: TimeData) -> str | None:
    """TIMEX3 duration from count, halves and unit groups."""
    code = data.lookup("duration_unit", g["unit"] or "")
    if code not in _UNIT_VALUE:
        return None
    prefix, letter, factor = _UNIT_VALUE[code]
    count_text = g["count"] or ""
    joiners = [j for j in data.tables["range_joiner"] if re.search(
        rf"(?:^|\s|\d){re.escape(j)}(?:\s|\d|$)", count_text.casefold())]
    n = None if joiners or data.lookup("vague_count", count_text) else _number(count_text, data)
    if n is None:
        return f"{prefix}X{letter}" if factor == 1 else f"{prefix}X{'DE' if factor == 10 else 'CE'}"
    if g.get("half1") or g.get("half2"):
        n += 0.5
    return f"{prefix}{_fmt(n * factor)}{letter}"


def _ordinal_context(text: str, start: int, data: TimeData) -> tuple[bool, bool]:
    """(preceded by an ordinal noun, preceded by a weekday cue) for the words before start."""
    before = text[max(0, start - 40):start].casefold()
    words = before.split()
    last1 = words[-1:] if words else []
    last2 = words[-2:] if len(words) >= 2 else last1
    cands = {" ".join(last1), " ".join(last2)}
    ordinal = any(c.strip(",.;:()\"“”") in data.tables["ordinal_nouns"] for c in cands)
    cue = any(c.strip(",.;:()\"“”") in data.tables["weekday_cues"] for c in cands)
    return ordinal, cue


def _weekday_ok(text: str, m: re.Match, data: TimeData) -> bool:
    """Tell a weekday from the same words read as an ordinal ("second"), by case and context."""
    surface = text[m.start("weekday"):m.end("weekday")]  # the original case, not the scanned text
    ordinal, cue = _ordinal_context(text, m.start(), data)
    if ordinal:
        return False
    tokens = surface.split()
    capital = len(tokens) > 1 and tokens[1][:1].isupper()
    named = data.lookup("weekday", surface) == 7  # the Sunday word has no ordinal reading
    has_rel = "wrel" in m.re.groupindex and m.group("wrel")
    return bool(capital or named or cue or has_rel)


def _spec(rule: Rule, g: dict[str, str | None], data: TimeData) -> dict[str, Any] | None:
    """The partly specified value of one match, by the rule's kind."""
    look = data.lookup
    k = rule.kind
    if k == "date":
        spec: dict[str, Any] = {"kind": "date"}
        for key in ("day", "month", "year"):
            if g.get(key):
                spec[key] = int(g[key])
        if g.get("weekday"):
            spec["weekday"] = look("weekday", g["weekday"])
        if g.get("yrel"):
            spec["yrel"] = look("rel", g["yrel"])
        if g.get("mrel"):
            spec["mrel"] = look("month_rel", g["mrel"])
        if g.get("mod"):
            spec["mod"] = look("mod", g["mod"])
        if g.get("relday"):
            spec["pub_offset"] = look("pub_anchor", g["relday"])
        return spec
    if k == "relday":
        return {"kind": "relday", "offset": look("relday", g["relday"] or "")}
    if k == "relunit":
        return {"kind": "relunit", "unit": look("unit_cal", g["unit"] or ""),
                "offset": look("rel", g["rel"]) if g.get("rel") else 0,
                "mod": look("mod", g["mod"]) if g.get("mod") else None}
    if k == "weekday":
        spec = {"kind": "weekday", "weekday": look("weekday", g["weekday"] or "")}
        wrel = (g.get("wrel") or "").strip()
        if wrel:
            first, _, rest = wrel.partition(" ")
            if look("week_word", first) is not None and rest:
                spec["week_offset"] = look("rel", rest)
            else:
                spec["direction"] = look("rel", wrel)
        return spec
    if k in ("season", "quarter"):
        spec = {"kind": k}
        spec[k] = look(k, g[k] or "")
        if g.get("year"):
            spec["year"] = int(g["year"])
        if g.get("yrel"):
            spec["yrel"] = look("rel", g["yrel"])
        return spec
    if k in ("vague", "set"):
        return {"kind": "fixed", "value": look(k, g[k] or "")}
    if k == "anchor":
        return {"kind": "anchor", "offset": look("anchor", g["anchor"] or "")}
    if k == "ago":
        n = _number(g["count"] or "", data)
        unit = look("unit_cal", g["unit"] or "") or "day"
        return None if n is None else {"kind": "ago", "count": int(n), "unit": unit,
                                       "sign": look("ago", g["ago"] or "") or -1}
    if k == "duration":
        value = duration_value(g, data)
        return None if value is None else {"kind": "fixed", "value": value}
    return None


def _groups(m: re.Match) -> dict[str, str | None]:
    """Named groups of a match; groups a rule does not have read as None; 'x2' twins of a group
    (the same part in another branch of the pattern) fold into 'x'."""
    g = dict.fromkeys(("day", "month", "year", "weekday", "yrel", "mrel", "mod", "relday", "unit",
                       "rel", "wrel", "season", "quarter", "vague", "set", "anchor", "count", "ago",
                       "half1", "half2"))
    for key, val in m.groupdict().items():
        if key.endswith("2") and key[:-1] in g:
            key = key[:-1]
        if val is not None or g.get(key) is None:
            g[key] = val
    return g


def _left_boundary_ok(text: str, start: int) -> bool:
    """A match must start a word, and a number must not continue '12/' or '3,'."""
    if start == 0:
        return True
    ch = text[start - 1]
    if word_char(ch):
        return False
    return not (text[start].isdigit() and ch in "/.,-")


def _qualifier_start(text: str, start: int, data: TimeData) -> int:
    """Extend a duration leftwards over its qualifier ("more than", "nearly", "under")."""
    before = text[max(0, start - 20):start]
    words = before.split()
    for n in (2, 1):
        if len(words) >= n and " ".join(words[-n:]).casefold() in data.tables["duration_qualifier"]:
            cut = before.rstrip()
            for _ in range(n):
                cut = cut[: cut.rstrip().rfind(" ") + 1] if " " in cut.rstrip() else ""
            return start - len(before) + len(cut)
    return start


def _words_before(text: str, pos: int) -> list[str]:
    """The words of the 30 characters before pos, casefolded."""
    return text[max(0, pos - 30):pos].casefold().split()


def _word_before(text: str, pos: int, n: int = 1) -> str:
    """The n words before pos, casefolded and joined by single spaces."""
    return " ".join(_words_before(text, pos)[-n:])


def _tense(text: str, m: re.Match, data: TimeData) -> str | None:
    """'past' or 'future': the cue words hugging a date (tables past_cue_before, future_cue_*)."""
    head = " ".join(text[m.start():m.end()].casefold().split()[:2])
    words = _words_before(text, m.start())  # split once for both windows
    before = (" ".join(words[-1:]), " ".join(words[-2:]))
    past = data.tables["past_cue_before"]
    if before[0] in past or before[1] in past or head.split(" ")[0] in past or head in past:
        return "past"
    if before[0] in data.tables["future_cue_before"] or before[1] in data.tables["future_cue_before"]:
        return "future"
    after = text[m.end():m.end() + 20].casefold().split()
    if after and (after[0].strip(",.;)") in data.tables["future_cue_after"]
                  or " ".join(after[:2]).strip(",.;)") in data.tables["future_cue_after"]):
        return "future"
    return None


def _accept(text: str, rule: Rule, m: re.Match, g: dict[str, str | None], data: TimeData) -> bool:
    """Filters the rules cannot express: ordinals, fractions, counts before a relative unit (g: the
    match's _groups)."""
    if "weekday" in m.re.groupindex and m.group("weekday") and rule.kind == "weekday":
        return _weekday_ok(text, m, data)
    if rule.kind == "ago":  # "N days before <event>" is a duration, not "N days ago"
        nxt = text[m.end():m.end() + 3].lstrip(" ")
        if nxt and nxt[0].isalnum():
            return False
    if rule.kind == "relunit":
        before = _word_before(text, m.start())
        if before.replace(",", "").replace(".", "").isdigit() or before in data.tables["number"] \
                or before in data.tables["vague_count"] or _word_before(text, m.start(), 2) in data.tables["vague_count"]:
            return False
    if rule.kind == "date" and g.get("day") and g.get("month") and not g.get("year"):
        after = text[m.end():m.end() + 20].casefold().split()
        if after and (after[0] in data.tables["not_date_after"]
                      or " ".join(after[:2]) in data.tables["not_date_after"]):
            return False
    return True


@functools.lru_cache(maxsize=None)
def _start_scan(lang: str) -> StartScan:
    """All rules of a language in one scan, each tried where one of its first words starts."""
    return StartScan([rule.regex for rule in load_time(lang).rules])


def tag(text: str, lang: str = "vi") -> list[Mention]:
    """Every temporal expression of the text, longest match first, no overlaps, in text order."""
    data = load_time(lang)
    low = lower_same_length(text)
    cands: list[Mention] = []
    for rule, found in zip(data.rules, _start_scan(lang).matches(low)):
        for m in found:
            if m.end() == m.start() or not _left_boundary_ok(text, m.start()):
                continue
            g = _groups(m)
            if not _accept(text, rule, m, g, data):
                continue
            spec = _spec(rule, g, data)
            if spec is None:
                continue
            if spec["kind"] in ("date", "weekday") and (tense := _tense(text, m, data)):
                spec["tense"] = tense
            s, e = m.span("core") if "core" in rule.regex.groupindex and m.group("core") else m.span()
            ms = m.start()
            if rule.kind == "duration":
                s = ms = _qualifier_start(text, s, data)
            cands.append(Mention(s, e, ms, m.end(), rule.type, rule.name, spec))
    priority = {r.name: r.priority for r in data.rules}
    cands.sort(key=lambda c: (-(c.match_end - c.match_start), -priority[c.rule], c.match_start))
    taken: list[Mention] = []
    for c in cands:
        if all(c.match_end <= t.match_start or c.match_start >= t.match_end for t in taken):
            taken.append(c)
    return sorted(taken, key=lambda c: c.start)
