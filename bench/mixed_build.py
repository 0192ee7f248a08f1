"""Evidence for the foundation: build the corpus mixed with every bad input, twice, and export.

    python bench/mixed_build.py [--huge-mb 50]

Prints one error line per bad file (from the build), the two runs' figures and the export check.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from storyline.app import Storyline  # noqa: E402
from storyline.export.annotations import export_annotations  # noqa: E402
from storyline.schema import validate_annotation  # noqa: E402
from storyline.settings import Settings  # noqa: E402
from tests.badfiles import make_bad_inputs  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--huge-mb", type=int, default=50)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "mixed"
        shutil.copytree(ROOT / "corpus" / "articles", folder / "corpus")
        make_bad_inputs(folder / "bad", huge_mb=args.huge_mb)
        sl = Storyline(Settings(db=str(Path(tmp) / "mixed.db")))
        t0 = time.perf_counter()
        first = sl.build([str(folder)], on_error=lambda line: print(line.replace(tmp, "…")))
        t1 = time.perf_counter()
        second = sl.build([str(folder)])
        t2 = time.perf_counter()
        out = Path(tmp) / "export"
        with sl.store(readonly=True) as st:
            n, problems = export_annotations(st, out, validate=validate_annotation)
        dated = undated = exact = 0
        for src in sorted((ROOT / "corpus" / "articles").glob("*.txt")):
            ann = json.loads((out / f"{src.stem}.json").read_text(encoding="utf-8"))
            line = src.read_text(encoding="utf-8").lstrip("\ufeff").split("\n", 1)[0]
            if line.startswith(" date "):
                dated += 1
                exact += ann["published"]["value"] == line.split()[1] and ann["published"]["given"]
            else:
                undated += 1
    corpus_docs = len(list((ROOT / "corpus" / "articles").glob("*.txt")))
    print(f"first run : {first.new} new documents ({corpus_docs} corpus articles + 2 JSONL records), "
          f"{len(first.errors)} error lines, {first.exact_duplicates} exact / {first.near_duplicates} "
          f"near duplicates, {t1 - t0:.2f} s")
    print(f"second run: {second.new} new, {second.unchanged} unchanged, {t2 - t1:.3f} s "
          f"= {100 * (t2 - t1) / (t1 - t0):.1f}% of the first run")
    print(f"export    : {n} annotation files, {len(problems)} schema problems; date-line files "
          f"{exact}/{dated} exact; {undated} files without a date line")


if __name__ == "__main__":
    main()
