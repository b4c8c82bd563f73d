"""Benchmark `extract`: characters per second on the seeds repeated to >= 10 MB, and peak memory.

Not a test. Usage: .venv/bin/python bench/bench_extract.py [--megabytes 10]
Times the library call (documents + figures) on one big text, then the real CLI in a subprocess on
the same text as a file, and checks that `checkfacts extract` does not import Great Expectations.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _corpus(megabytes: float) -> str:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    block = "\n\n".join(seeds)
    target = int(megabytes * 1_000_000)
    copies = target // len(block.encode("utf-8")) + 1
    return "\n\n".join([block] * copies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=10.0)
    args = parser.parse_args()

    from checks.documents import document_from_text
    from checks.figures import extract_figures

    text = _corpus(args.megabytes)
    size_mb = len(text.encode("utf-8")) / 1_000_000
    started = time.perf_counter()
    doc = document_from_text("bench.txt", text)
    figures = extract_figures(doc)
    seconds = time.perf_counter() - started
    del doc, figures
    tracemalloc.start()  # a second pass only to measure memory: tracing slows the run several times
    figures = extract_figures(document_from_text("bench.txt", text))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"library: {len(text):,} characters ({size_mb:.1f} MB UTF-8), {len(figures):,} figures in {seconds:.2f} s")
    print(f"         {len(text) / seconds:,.0f} characters/s; peak Python memory {peak / 1e6:.0f} MB")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.txt"
        path.write_text(text, encoding="utf-8")
        cli = [str(Path(sys.executable).with_name("checkfacts")), "extract", str(path), "--format", "csv"]
        # Measured from a small wrapper process: a child forked from this (large) process would count
        # the parent's pages in its peak RSS before it execs.
        wrapper = (
            "import resource, subprocess, sys, time; t = time.perf_counter(); "
            "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode; "
            "print(time.perf_counter() - t, code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
        )
        done = subprocess.run([sys.executable, "-c", wrapper, *cli], capture_output=True, text=True, check=True)
        wall, code, peak_kb = done.stdout.split()
        print(
            f"cli:     checkfacts extract (csv) {float(wall):.2f} s wall, exit {code}, "
            f"peak RSS {int(peak_kb) / 1024:.0f} MB"
        )

    probe = (
        "import sys; from checks.cli import app; from typer.testing import CliRunner; "
        f"CliRunner().invoke(app, ['extract', {str(ROOT / 'seeds')!r}]); "
        "print('great_expectations' in sys.modules)"
    )
    started = time.perf_counter()
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.strip()
    print(
        f"start-up: extract on the seeds in {time.perf_counter() - started:.2f} s; imports Great Expectations: {loaded}"
    )


if __name__ == "__main__":
    main()
