"""Growth check of the masthead stage: time per character at 1x/2x/4x/8x, measured in one run.

Not a test (it asserts nothing about time). Usage: .venv/bin/python bench/bench_masthead_growth.py [--base 200000]
Three inputs per size: the seeds in lines, the same text on ONE line (newlines made spaces), and
"2022年1月11日星期二" repeated on one line (a line of identifiers only). A linear stage prints ratios
near 1.0 at every size; a quadratic one doubles them at each step.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FACTORS = (1, 2, 4, 8)


def _seed_block() -> str:
    return "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))


def _sized(block: str, size: int) -> str:
    return (block * (size // len(block) + 1))[:size]


def _time(text: str) -> float:
    from checks.documents import document_from_text
    from checks.masthead import extract_masthead

    doc = document_from_text("bench.txt", text)  # documents are timed elsewhere: only the masthead here
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        extract_masthead(doc)
        best = min(best, time.perf_counter() - started)
    return best


def _row(name: str, make: Callable[[int], str], base: int) -> None:
    per_char: list[float] = []
    for factor in FACTORS:
        text = make(base * factor)
        per_char.append(_time(text) / len(text))
    ratios = "  ".join(f"{f}x {p / per_char[0]:5.2f}" for f, p in zip(FACTORS, per_char, strict=True))
    print(f"{name:28} {per_char[0] * 1e9:8.0f} ns/char at 1x; time per char against 1x: {ratios}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=int, default=200_000, help="characters at 1x")
    args = parser.parse_args()
    block = _seed_block()
    print(f"masthead growth, {args.base:,} characters at 1x")
    _row("seeds in lines", lambda n: _sized(block, n), args.base)
    _row("seeds on one line", lambda n: _sized(block.replace("\n", " "), n), args.base)
    _row("date+weekday on one line", lambda n: _sized("2022年1月11日星期二", n), args.base)


if __name__ == "__main__":
    main()
