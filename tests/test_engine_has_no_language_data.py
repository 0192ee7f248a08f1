"""Engine code holds no Vietnamese: words belong in storyline/lang/<lang>/, where tests run their examples."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "storyline"
# letters only Vietnamese writing uses among the Latin ones (with their tone-marked forms)
VIETNAMESE = re.compile("[\u1ea0-\u1ef9\u0103\u0102\u00e2\u00c2\u0111\u0110\u00ea\u00ca\u00f4\u00d4\u01a1\u01a0\u01b0\u01af]")
ENGINE = sorted(p for p in ROOT.rglob("*.py") if "lang" not in p.relative_to(ROOT).parts)


@pytest.mark.parametrize("path", ENGINE, ids=[str(p.relative_to(ROOT)) for p in ENGINE])
def test_engine_module_has_no_vietnamese(path):
    lines = [f"{n}: {line.strip()[:80]}" for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if VIETNAMESE.search(line)]
    assert lines == [], lines
