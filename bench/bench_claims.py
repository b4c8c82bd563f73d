"""Benchmark the claim builders: time per character as the input grows (each must stay linear).

Not a test. Usage: .venv/bin/python bench/bench_claims.py [--repeats 1 8 64]
Builds claims on the seeds repeated k times (one document each) and prints, for each size, the
figures, the claims, the seconds and the seconds per 100 000 characters: a linear builder keeps the
last column flat (measured in one run on a shared machine: read ratios, not absolute times).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checks.claims.build import build_claims  # noqa: E402
from checks.documents import document_from_text  # noqa: E402
from checks.figures import extract_figures  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, nargs="+", default=[1, 8, 64])
    args = parser.parse_args()
    base = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    print(f"{'chars':>9} {'figures':>8} {'claims':>7} {'seconds':>8} {'s/100k chars':>13}")
    for k in args.repeats:
        doc = document_from_text("bench.txt", base * k)
        figures = extract_figures(doc)
        started = time.perf_counter()
        tables = build_claims(doc, figures)
        seconds = time.perf_counter() - started
        claims = sum(len(rows) for rows in tables.values())
        per = seconds / len(doc.text) * 100_000
        print(f"{len(doc.text):>9} {len(figures):>8} {claims:>7} {seconds:>8.2f} {per:>13.3f}")


if __name__ == "__main__":
    main()
