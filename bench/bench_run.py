"""Benchmark `checkfacts run`: wall time on the five seeds and on >= 1000 issues, and the GX share.

Not a test. Usage: .venv/bin/python bench/bench_run.py [--issues 1000]
The large corpus is the seeds copied with small edits (dates and figures shifted) so issues differ.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _corpus(folder: Path, count: int) -> None:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    for index in range(count):
        seed = seeds[index % len(seeds)]
        text = seed.read_text(encoding="utf-8")
        shift = index % 7

        def shifted(match: re.Match[str], shift: int = shift) -> str:
            return f"{int(match.group(1)) + shift}起"

        text = re.sub(r"(\d+)起", shifted, text, count=3)
        (folder / f"{index:05d}_{seed.name}").write_text(text, encoding="utf-8")


def _timed_run(paths: list[str]) -> tuple[float, float, int, int]:
    from checks.config import load_suite
    from checks.pipeline import run_checks
    from checks.rules import load_builtin_rules

    suite = load_suite(ROOT / "expectations", set(load_builtin_rules()))
    started = time.perf_counter()
    result = run_checks(paths, suite, store_path=None)
    wall = time.perf_counter() - started
    return wall, result.gx_seconds, len(result.analyses), len(result.findings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--issues", type=int, default=1000)
    args = parser.parse_args()

    started = time.perf_counter()
    import checks.validate as validate

    validate.GX.get()  # GX import and context creation, paid once per process
    gx_start = time.perf_counter() - started
    print(f"GX import + context: {gx_start:.2f} s (once per process)")

    wall, gx, docs, findings = _timed_run([str(ROOT / "seeds")])
    print(f"seeds: {docs} issues, {findings} findings, wall {wall:.2f} s, of which GX validation {gx:.2f} s")

    folder = Path(tempfile.mkdtemp(prefix="checkfacts-bench-"))
    try:
        _corpus(folder, args.issues)
        wall, gx, docs, findings = _timed_run([str(folder)])
        print(
            f"{docs} issues: {findings} findings, wall {wall:.2f} s ({docs / wall:.0f} issues/s), "
            f"of which GX validation {gx:.2f} s ({100 * gx / wall:.0f}%)"
        )
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
