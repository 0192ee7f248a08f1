"""Terminal presentation of search hits and answers: the cited text with its hit or answer marked."""
from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Text


def marked(text: str, base: int, spans: list[list[int]] | list[tuple[int, int]], style: str) -> Text:
    """Text (starting at document offset base) with the spans styled; markup in the text stays text."""
    out = Text(" ".join(text.split("\n")))
    for s, e in spans:
        lo, hi = max(s - base, 0), min(e - base, len(text))
        if hi > lo:
            out.stylize(style, lo, hi)
    return out


def print_search(result: dict[str, Any], console: Console) -> None:
    """One page of hits: where each is, then its snippet with the hit words highlighted."""
    items = result["items"]
    if not items:
        console.print(f"no sentence matches {result['query']!r}", highlight=False)
        return
    for n, hit in enumerate(items, start=result["offset"] + 1):
        head = Text(f"{n:>3}. ", style="dim")
        head.append(hit["doc"], style="bold cyan")
        head.append(f"  {hit['published'] or 'undated'}  sentence {hit['sentence']}  "
                    f"chars {hit['start']}-{hit['end']}  score {hit['score']}", style="dim")
        console.print(head)
        sn = hit["snippet"]
        body = Text("     ")
        body.append("…" if sn["start"] > hit["start"] else "")
        body.append_text(marked(sn["text"], sn["start"], hit["highlights"], "bold black on yellow"))
        body.append("…" if sn["end"] < hit["end"] else "")
        console.print(body)
    more = f"; next page: --offset {result['offset'] + result['limit']}" if result["has_more"] else ""
    total = result.get("total")
    of = f" of {'' if result.get('total_exact', True) else 'about '}{total}" if total is not None else ""
    console.print(f"[dim]{len(items)} hits shown{of}{more}[/]", highlight=False)


def print_answers(result: dict[str, Any], console: Console) -> None:
    """Each answer with its citations (document, sentence, offsets) and the cited sentence, answer marked."""
    if not result["answers"]:
        console.print("no answer found", highlight=False)
        return
    names = ", ".join(e["name"] for e in result["entities"]) or "-"
    console.print(f"[dim]answer kind: {result['kind']}; entities: {names}[/]", highlight=False)
    for n, ans in enumerate(result["answers"], start=1):
        head = Text(f"{n}. ", style="bold")
        head.append(str(ans["answer"]), style="bold green")
        if ans.get("event"):
            head.append(f"  (event {ans['event']})", style="dim")
        console.print(head)
        for c in ans["citations"]:
            where = Text("   ")
            where.append(c["doc"], style="cyan")
            where.append(f"  {c['published'] or 'undated'}  sentence {c['sentence']}  chars {c['start']}-{c['end']}",
                         style="dim")
            console.print(where)
            console.print(Text("     ").append_text(marked(c["text"], c["sentence_start"], [(c["start"], c["end"])],
                                                            "bold black on green")))
