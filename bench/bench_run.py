"""Benchmark `checkfacts run`: wall time on the five seeds and on >= 1000 issues, and the GX share.

Not a test. Usage: .venv/bin/python bench/bench_run.py [--issues 1000] [--jobs N]
The large corpus is the seeds varied (bench/corpus.py: dates, issue numbers and counts shifted) so
issues differ. Timed twice: the library call with GX already imported, and the real CLI
(`checkfacts run DIR --no-store`, a fresh process: GX's import included, overlapped with the analysis).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import write_variants  # noqa: E402


def _corpus(folder: Path, count: int) -> None:
    write_variants(folder, count)


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
    parser.add_argument("--jobs", type=int, default=None)
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
        _corpus(folder / "issues", args.issues)
        wall, gx, docs, findings = _timed_run([str(folder / "issues")])
        print(
            f"{docs} issues: {findings} findings, wall {wall:.2f} s ({docs / wall:.0f} issues/s), "
            f"of which GX validation {gx:.2f} s ({100 * gx / wall:.0f}%)"
        )
        out = folder / "reports"
        cli = [str(Path(sys.executable).with_name("checkfacts")), "run", str(folder / "issues"), "--no-store", "-q"]
        cli += ["--out", str(out), "--rules", str(ROOT / "expectations")]
        if args.jobs:
            cli += ["--jobs", str(args.jobs)]
        started = time.perf_counter()
        done = subprocess.run(cli, capture_output=True, text=True, env={**os.environ, "CI": "1"})
        wall = time.perf_counter() - started
        timings = json.loads((out / "report.json").read_text(encoding="utf-8")).get("timings", {})
        print(f"cli: checkfacts run on {docs} issues: wall {wall:.2f} s (target <= 10 s), exit {done.returncode}")
        print("  " + ", ".join(f"{k} {v:.2f} s" for k, v in timings.items()))
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
