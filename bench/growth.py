"""Growth of build time between two `bench/run.py --json` outputs, raw and corrected for the machine's drift.

On a shared machine one run can be 20-45% slower than another for reasons outside the code, which
swamps the question "does the build stay linear?". The analysis stages run the same per-document
code at every corpus size, so their growth is the document ratio times the drift between the two
runs; dividing the build's growth by that drift leaves the growth the code itself causes. The
writing stages (linking, inserts, commits), which are where non-linear growth could hide, are
reported the same way.

    python bench/growth.py small.json large.json [--json]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from storyline.analyze.pipeline import Pipeline  # noqa: E402
from storyline.timing import CLEAN  # noqa: E402


def analysis_stages() -> set[str]:
    """Stage names of the per-document work: the pipeline's components and reading/cleaning."""
    return {c.name for c in Pipeline().components} | {CLEAN}


def growth(small: dict, large: dict) -> dict:
    """Raw and drift-corrected growth of the build, its analysis and its writing stages."""
    docs = large["docs"] / small["docs"]
    analysis = analysis_stages()

    def total(run: dict, inside: bool) -> float:
        return sum(v for k, v in run["stages_seconds"].items() if (k in analysis) == inside)

    drift = total(large, True) / total(small, True) / docs
    raw = large["build_seconds"] / small["build_seconds"]
    writing = total(large, False) / total(small, False)
    return {"docs_ratio": round(docs, 3), "build_growth": round(raw, 2),
            "analysis_growth": round(total(large, True) / total(small, True), 2),
            "machine_drift": round(drift, 3), "build_growth_corrected": round(raw / drift, 2),
            "writing_growth": round(writing, 2), "writing_growth_corrected": round(writing / drift, 2)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("small", type=Path, help="bench/run.py --json output of the smaller corpus")
    ap.add_argument("large", type=Path, help="bench/run.py --json output of the larger corpus")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)
    try:
        small, large = (json.loads(p.read_text(encoding="utf-8")) for p in (args.small, args.large))
        out = growth(small, large)
    except (OSError, ValueError, KeyError, ZeroDivisionError) as exc:
        print(f"growth: cannot read two bench/run.py --json outputs: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(out))
        return 0
    print(f"{small['docs']:,} -> {large['docs']:,} documents ({out['docs_ratio']}x)")
    print(f"build time grows {out['build_growth']}x; the per-document analysis grows {out['analysis_growth']}x, "
          f"so each document's analysis took {out['machine_drift']}x as long in the second run")
    print(f"corrected for that drift: build {out['build_growth_corrected']}x, "
          f"writing stages {out['writing_growth_corrected']}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
