"""Growth on text shaped against the stages: one line, few or no stops, one form repeated.

Not a test (it asserts nothing about time). Usage: .venv/bin/python bench/bench_shapes.py [--chars 100000]
[--doublings 2] [SHAPE ...]

Each shape is a short unit of our own repeated (mostly into one line) to ``--chars`` characters, then twice and
four times that. A stage that reads back to the start of a sentence, a clause or a line on every figure
is quadratic exactly where the text has no such stop. Printed per shape: seconds per stage at each
size and the time ratio per doubling of the text (linear: ≈ 2; quadratic: ≈ 4).
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_growth import stage_times  # noqa: E402

# Units repeated into one line: each names the kind of stop it lacks or the form it repeats.
SHAPES = {
    "no-stops": "破获案件412起同比上升8%抓获嫌疑人30名 ",
    "commas-only": "破获案件412起,同比上升8.04%,抓获嫌疑人30名,",
    "parts": "全市发生案件500起,其中盗窃300起、诈骗100起、抢劫50起,",
    "listed-rates": "破获案件412起、抓获嫌疑人30名,同比分别上升8%和10%,",
    "dates": "2022年1月11日星期二 1—5月 ",
    "brackets": "((((((((((412起",
    "digits": "1234567890",
    "numerals": "一二三四五六七八九十百千万亿",
    # In lines: every line a short head over a body line, and a masthead's entries over and over.
    "heads": "全市破获案件412起\n今年以来全市共破获案件412起,同比上升8.04%。\n",
    "masthead": "责任编辑:张三 电话:13303113276 邮箱:abc@126.com\n",
}
STAGES = ("read", "masthead", "figures", "claims")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shapes", nargs="*", metavar="SHAPE", help="shapes to time (default: all)")
    parser.add_argument("--chars", type=int, default=100_000, help="characters at the smallest size")
    parser.add_argument("--doublings", type=int, default=2)
    args = parser.parse_args()
    unknown = [name for name in args.shapes if name not in SHAPES]
    if unknown:
        parser.error(f"unknown shape {unknown[0]!r}; known: {', '.join(SHAPES)}")

    from checks.config import load_suite
    from checks.rules import load_builtin_rules

    suite = load_suite(ROOT / "expectations", set(load_builtin_rules()))
    stage_times(SHAPES["listed-rates"] * 10, suite, STAGES)  # warm-up: pattern compilation, cn2an
    sizes = [args.chars * 2**k for k in range(args.doublings + 1)]
    print("a repeated unit; seconds per stage, then the time ratio per doubling (linear ≈ 2)")
    for name in args.shapes or SHAPES:
        unit = SHAPES[name]
        totals: list[float] = []
        for size in sizes:
            times = stage_times(unit * (size // len(unit)), suite, STAGES)
            totals.append(sum(times.values()))
            shown = ", ".join(f"{stage} {seconds:.3f}" for stage, seconds in times.items())
            print(f"  {name:<13} {size:>10,}: {shown}")
        ratios = " ".join(f"{b / a:.2f}" for a, b in itertools.pairwise(totals) if a > 0)
        print(f"  {name:<13} per doubling: {ratios}")


if __name__ == "__main__":
    main()
