"""Makes N distinct articles from the bundled corpus by recombining its sentences (deterministic)."""
from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_SPLIT = re.compile(r"(?<=[.!?…])\s+")


def sentence_pool(corpus: Path) -> list[str]:
    """Every body sentence of the corpus (date prefixes and teaser-looking lines dropped)."""
    pool: list[str] = []
    for path in sorted(corpus.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = re.sub(r"^\s*date \S+\s*", "", line).strip()
            if len(line) < 40 or line.endswith("…"):
                continue
            pool.extend(s for s in _SPLIT.split(line) if len(s) > 20)
    return pool


def replicate(corpus: Path, out: Path, n: int, seed: int = 7) -> int:
    """Write n articles into out (bytes written returned)."""
    rng = random.Random(seed)
    pool = sentence_pool(corpus)
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(n):
        paras = []
        for _ in range(rng.randint(3, 6)):
            paras.append(" ".join(rng.sample(pool, rng.randint(2, 4))))
        head = f" date 2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} " if rng.random() < 0.7 else ""
        text = head + "\n\n".join(paras) + "\n"
        data = text.encode("utf-8")
        (out / f"gen-{i:06d}.txt").write_bytes(data)
        total += len(data)
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    size = replicate(ROOT / "corpus" / "articles", args.out, args.docs, args.seed)
    print(f"wrote {args.docs} articles, {size / 1e6:.1f} MB, to {args.out}")


if __name__ == "__main__":
    main()
