"""Benchmark `extract`: characters per second on the seeds repeated to >= 10 MB, and peak memory.

Not a test. Usage: .venv/bin/python bench/bench_extract.py [--megabytes 10] [--before main] [--news]
Times the library call (documents + figures) on one big text, then the real CLI in a subprocess on
the same text as a file, and checks that `checkfacts extract` does not import Great Expectations.
It first times this checkout's extractor in subprocesses (best of --rounds each), each against a
bare `re` scan of `\\d+(?:\\.\\d+)?` over the same text in the same process: the ratio is the figure
to compare (the median of the per-run ratios, and the best time against the fastest bare scan, which
load disturbs least). With --before REV that revision's extractor is timed alternately beside it.
--news times ../shared/realnews (all articles joined) instead of the seeds.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from _versions import checkout, run_in

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Timed in a subprocess that imports `checks` from the root it is given: normalization, extraction
# and a bare regular-expression scan of the same text, best of three each.
_TIMER = """
import re, statistics, sys, time
from checks.documents import document_from_text
from checks.figures import extract_figures
text = open(sys.argv[1], encoding="utf-8").read()
pattern = re.compile(r"\\d+(?:\\.\\d+)?")
rows = []
for _ in range(5):  # each round: the bare scan right beside normalization and extraction, so load drifts less
    t = time.perf_counter(); sum(1 for _ in pattern.finditer(text)); bare = time.perf_counter() - t
    t = time.perf_counter(); doc = document_from_text("bench.txt", text); norm = time.perf_counter() - t
    t = time.perf_counter(); figures = extract_figures(doc, year=None); ext = time.perf_counter() - t
    rows.append((bare, norm, ext, (norm + ext) / bare))
bare, norm, ext, _ = min(rows, key=lambda r: r[1] + r[2])
print(bare, norm, ext, len(figures), statistics.median(r[3] for r in rows), min(r[0] for r in rows))
"""


def _corpus(megabytes: float) -> str:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    block = "\n\n".join(seeds)
    target = int(megabytes * 1_000_000)
    copies = target // len(block.encode("utf-8")) + 1
    return "\n\n".join([block] * copies)


def _news() -> str:
    folder = ROOT.parent / "shared" / "realnews"
    if not folder.is_dir():
        raise SystemExit(f"{folder} not found: --news needs the shared real news beside the checkout")
    return "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.txt")))


def _compare(before: str | None, text: str, rounds: int) -> None:
    """Time this checkout against a bare scan (and the revision ``before``, alternately); print the best."""
    roots = {before: checkout(before)} if before else {}
    roots["this checkout"] = ROOT
    best: dict[str, tuple[float, float, float, int]] = {}
    ratios: dict[str, list[float]] = {name: [] for name in roots}
    fastest_bare: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.txt"
        path.write_text(text, encoding="utf-8")
        for _ in range(rounds):
            for name, root in roots.items():
                fields = run_in(root, _TIMER, str(path)).split()
                measured = (float(fields[0]), float(fields[1]), float(fields[2]), int(fields[3]))
                ratios[name].append(float(fields[4]))
                fastest_bare[name] = min(float(fields[5]), fastest_bare.get(name, float(fields[5])))
                if name not in best or sum(measured[1:3]) < sum(best[name][1:3]):
                    best[name] = measured
    print(f"against a bare scan on {len(text):,} characters ({rounds} rounds of 5 runs each, alternating):")
    for name, (_bare, norm, ext, count) in best.items():
        total = norm + ext  # seconds
        print(
            f"  {name:>14}: {count:,} figures (no issue year given); "
            f"best normalize {norm:.3f} s + extract {ext:.3f} s = {total:.3f} s, "
            f"{len(text) / total / 1e6:.2f} M characters/s; median {statistics.median(ratios[name]):.1f}x "
            f"a bare re scan run beside it (range {min(ratios[name]):.1f}-{max(ratios[name]):.1f}x); "
            f"best against the fastest bare scan {total / fastest_bare[name]:.1f}x"
        )
    if before is None:
        return
    old, new = (sum(best[name][1:3]) for name in roots)
    print(f"  this checkout takes {new / old:.2f}x the time of {before} (best against best)")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=10.0)
    parser.add_argument("--before", help="git revision to time beside this checkout (e.g. main)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--news", action="store_true", help="time ../shared/realnews instead of the seeds")
    args = parser.parse_args()
    text = _news() if args.news else _corpus(args.megabytes)
    _compare(args.before, text, args.rounds)

    from checks.documents import document_from_text
    from checks.figures import extract_figures

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
