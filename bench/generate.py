"""Writes N realistic, reproducible Vietnamese news articles (plain-text format) for scale benchmarks.

Articles are assembled from the in-house frames and cast in bench/templates/*.yaml: a lead that reports
one event between two states' officials, dated relative to the publication date (weekday forms agree
with the calendar), then detail, quote, background, outlook and analysis paragraphs, a byline, and
sometimes a caption and a tail of teaser lines. Some articles have no date line, a few are NFD-encoded
or miss a space after a full stop, and a share are exact or near copies of earlier ones. Document i
depends only on (seed, i), so any N is a prefix of any larger N.

    python bench/generate.py --docs 100000 --out /tmp/gen [--seed 7]
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
PER_FOLDER = 1000
EXACT_COPY = 0.03  # share of articles that are byte-for-byte copies of an earlier one
NEAR_COPY = 0.03  # share that are an earlier article with another byline, tail and one sentence less
FIRST_DAY = dt.date(2024, 1, 1)
DAYS = 900


def load_templates() -> tuple[dict, dict]:
    """(world, articles) tables of bench/templates."""
    with open(TEMPLATES / "world.yaml", encoding="utf-8") as fh:
        world = yaml.safe_load(fh)
    with open(TEMPLATES / "articles.yaml", encoding="utf-8") as fh:
        frames = yaml.safe_load(fh)
    return world, frames


class Slots(dict):
    """Fixed slot values of one article; slots missing here are drawn afresh at every use."""

    def __init__(self, fixed: dict, fresh: dict) -> None:
        super().__init__(fixed)
        self.fresh = fresh

    def __missing__(self, key: str) -> str:
        return self.fresh[key]()


class Generator:
    """Makes the text of article i for one seed (pure: same inputs, same text)."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.world, self.frames = load_templates()
        self.states = sorted(self.world["states"])
        self.lead_kinds = sorted(self.frames["leads"])

    # -- people ----------------------------------------------------------------------------
    def _invented(self, rng: random.Random, state: str, other: str) -> tuple[str, str]:
        """(first mention, later mention) of a made-up official of a state."""
        inv = self.world["invented"]
        female = rng.random() < 0.35
        name = (f"{rng.choice(inv['foreign_given_f' if female else 'foreign_given'])} "
                f"{rng.choice(inv['foreign_family'])}")
        title = rng.choice(inv["official_titles"]).format(state=self._name(rng, state),
                                                          other=self._name(rng, other))
        hon = inv["honorific"]["f" if female else "m"]
        return f"{title} {name}", f"{hon} {name.split()[-1]}"

    def _expert(self, rng: random.Random) -> tuple[str, str]:
        """(first mention with an appositive, later mention) of a made-up Vietnamese expert."""
        inv = self.world["invented"]
        female = rng.random() < 0.4
        middle = rng.choice(inv["vn_middle_f" if female else "vn_middle"])
        name = f"{rng.choice(inv['vn_family'])} {middle} {rng.choice(inv['vn_given'])}"
        first = f"{rng.choice(inv['expert_titles'])} {name}, {rng.choice(inv['expert_places'])}"
        return first, f"{inv['honorific']['f' if female else 'm']} {name.split()[-1]}"

    def _official(self, rng: random.Random, state: str, other: str) -> tuple[str, str]:
        """A known office holder of the state when it has one, else an invented official."""
        people = self.world["states"][state]["people"]
        if people and rng.random() < 0.8:
            p = rng.choice(people)
            return f"{p['title']} {p['name']}", f"{p.get('hon', self.world['invented']['honorific']['m'])} {p['short']}"
        return self._invented(rng, state, other)

    def _name(self, rng: random.Random, state: str) -> str:
        return rng.choice(self.world["states"][state]["names"])

    def _place(self, rng: random.Random, state: str, key: str) -> str:
        st = self.world["states"][state]
        return rng.choice(st[key] or st["capital"])

    # -- dates -----------------------------------------------------------------------------
    def _when(self, rng: random.Random, day: dt.date, pub: dt.date) -> str:
        if (pub - day).days == 1 and rng.random() < 0.3:
            frame = rng.choice(self.frames["when_yesterday"])
        else:
            frame = rng.choice(self.frames["when"])
        return frame.format(d=day.day, m=day.month, y=day.year, wd=self.world["weekdays"][day.weekday()])

    def _past(self, rng: random.Random, pub: dt.date) -> str:
        frame = rng.choice(self.frames["past"])
        year = pub.year - 1 if "{y}" not in frame else rng.randint(pub.year - 6, pub.year - 1)
        text = frame.format(m=rng.randint(1, 12), y=year)
        return text

    def _next(self, rng: random.Random, pub: dt.date) -> str:
        day = pub + dt.timedelta(days=rng.randint(8, 40))
        return rng.choice(self.frames["next"]).format(d=day.day, m=day.month)

    # -- article ---------------------------------------------------------------------------
    def _rng(self, i: int) -> random.Random:
        return random.Random(self.seed * 1_000_003 + i)

    def text(self, i: int) -> str:
        """The text of article i (copies resolve to the article they copy)."""
        rng = self._rng(i)
        roll = rng.random()
        if i > 10 and roll < EXACT_COPY:
            return self.text(rng.randrange(i))
        if i > 10 and roll < EXACT_COPY + NEAR_COPY:
            return self._near_copy(rng, self.text(rng.randrange(i)))
        return self._article(rng)

    def _near_copy(self, rng: random.Random, text: str) -> str:
        """Another outlet's copy: one body sentence dropped, another byline, no teaser tail."""
        lines = [ln for ln in text.split("\n") if not ln.endswith("\u2026")]
        while lines and not lines[-1].strip():
            lines.pop()
        body = [k for k, ln in enumerate(lines[1:-1], 1) if ln.count(". ") >= 1]
        if body:
            k = rng.choice(body)
            lines[k] = lines[k].split(". ", 1)[1]
        lines[-1] = self._byline(rng)
        return "\n".join(lines) + "\n"

    def _byline(self, rng: random.Random) -> str:
        a, b = rng.sample(self.world["agencies"], 2)
        return rng.choice(self.frames["byline"]).format(REPORTER=rng.choice(self.world["reporters"]),
                                                        AGENCY=a, AGENCY2=b)

    def _article(self, rng: random.Random) -> str:
        w, f = self.world, self.frames
        pub = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        day = pub - dt.timedelta(days=rng.choice((0, 1, 1, 2, 3, 4, 5)))
        sa, sb = rng.sample(self.states[:6], 2) if rng.random() < 0.6 else rng.sample(self.states, 2)
        (a_full, a_short), (b_full, b_short) = self._official(rng, sa, sb), self._official(rng, sb, sa)
        x_full, x_short = self._invented(rng, rng.choice((sa, sb)), rng.choice((sa, sb)))
        e_full, e_short = self._expert(rng)
        venues = [v for v in w["venues"] if v not in w["states"][sa]["capital"] + w["states"][sb]["capital"]]
        fixed = {
            "A": a_full, "a": a_short, "B": b_full, "b": b_short, "X": x_full, "x": x_short,
            "E": e_full, "e": e_short, "SA": self._name(rng, sa), "SB": self._name(rng, sb),
            "CAPA": self._place(rng, sa, "capital"), "CAPB": self._place(rng, sb, "capital"),
            "SEATA": self._place(rng, sa, "seat"), "VENUE": rng.choice(venues),
            "WHEN": self._when(rng, day, pub), "AGENCY": rng.choice(w["agencies"]),
            "MONTH": rng.choice(f["month"]).format(m=day.month, y=day.year),
        }
        fresh = {
            "Q": lambda: rng.choice(f["quotes"]), "VERB": lambda: rng.choice(f["verbs"]),
            "TOPIC": lambda: rng.choice(f["topics"]), "N": lambda: str(rng.randint(2, 9)),
            "ORG": lambda: rng.choice(w["organisations"]), "PAST": lambda: self._past(rng, pub),
            "NEXT": lambda: self._next(rng, pub),
        }
        slots = Slots(fixed, fresh)
        lead = rng.choice(f["leads"][rng.choice(self.lead_kinds)]).format_map(slots)
        lead = lead[0].upper() + lead[1:]
        paras = []
        groups = ("detail", "quote", "background", "outlook", "analysis")
        for _ in range(rng.randint(3, 7)):
            sents = []
            for _ in range(rng.randint(2, 4)):
                s = rng.choice(f["body"][rng.choice(groups)]).format_map(slots)
                sents.append(s[0].upper() + s[1:])
            paras.append(" ".join(sents))
        if rng.random() < 0.02:  # an outlet's typo: no space after a full stop
            paras[0] = paras[0].replace(". ", ".", 1)
        head = lead
        if rng.random() < 0.3:
            head = rng.choice(f["captions"]).format_map(slots) + "\n" + lead
        if rng.random() < 0.75:
            head = f" date {pub.isoformat()} {head}"
        sep = "\n\n" if rng.random() < 0.7 else "\n"
        parts = [head, *paras, self._byline(rng)]
        text = sep.join(parts) + "\n"
        if rng.random() < 0.25:
            text += "\n".join(rng.sample(f["teasers"], rng.randint(2, 4))) + "\n"
        if rng.random() < 0.01:
            text = unicodedata.normalize("NFD", text)
        return text


def _write_range(args: tuple[int, int, int, str]) -> int:
    """Write articles [lo, hi) under out; returns bytes written."""
    lo, hi, seed, out = args
    gen = Generator(seed)
    total = 0
    for i in range(lo, hi):
        folder = os.path.join(out, f"{i // PER_FOLDER:04d}")
        os.makedirs(folder, exist_ok=True)
        data = gen.text(i).encode("utf-8")
        with open(os.path.join(folder, f"gen-{i:07d}.txt"), "wb") as fh:
            fh.write(data)
        total += len(data)
    return total


def generate(n: int, out: Path, seed: int = 7, processes: int | None = None) -> int:
    """Write n articles under out (folders of 1000); returns the bytes written."""
    out.mkdir(parents=True, exist_ok=True)
    chunk = 2000
    jobs = [(lo, min(n, lo + chunk), seed, str(out)) for lo in range(0, n, chunk)]
    procs = processes or min(len(jobs), os.cpu_count() or 1)
    if procs <= 1 or len(jobs) <= 1:
        return sum(_write_range(j) for j in jobs)
    with ProcessPoolExecutor(procs) as pool:
        return sum(pool.map(_write_range, jobs))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, required=True, help="how many articles")
    ap.add_argument("--out", type=Path, required=True, help="folder to write (created)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    if args.docs < 1:
        sys.exit("error: --docs must be at least 1")
    t = time.perf_counter()
    size = generate(args.docs, args.out, args.seed)
    print(f"wrote {args.docs} articles, {size / 1e6:.1f} MB, to {args.out} in {time.perf_counter() - t:.1f} s")


if __name__ == "__main__":
    main()
