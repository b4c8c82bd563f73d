"""Benchmark the Dask engine: 1 against 2 workers on generated issues, and its overhead against the local pool.

Not a test (it asserts nothing about time). Usage: .venv/bin/python bench/bench_dask.py [--issues 2000]
The corpus is bench_run's (the seeds with small edits, so issues differ). Timed is the per-issue stage,
the only one the engine changes: the local process pool (``analyze_paths``) against a loopback
``LocalCluster`` of 1 and 2 worker processes, with the cluster's start and stop timed apart. Then one
full run per engine checks that the findings are the same, and, when ``../shared/realnews`` exists,
the same on real text (counts only; no text is printed).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_run import _corpus  # noqa: E402


def _findings(result: Any) -> list[tuple[Any, ...]]:
    return [(f.rule, f.path, f.line, f.stated, f.expected, f.message) for f in result.findings]


def _warm() -> None:
    """Run on each worker before timing: the imports and lazy set-up (unit registry, patterns) an issue triggers."""
    from checks.documents import document_from_text
    from checks.pipeline import analyze_document

    text = "2022年1月11日 星期二\n共查处酒驾9129起,同比上升13.3%,其中醉驾1918起。\n"
    analyze_document(document_from_text("warm.txt", text))


def _time_dask(files: list[str], workers: int) -> dict[str, float]:
    """Seconds of cluster start, worker warm-up, analysis and stop; CPU seconds of the client and the workers."""
    from checks.engine_dask import DaskEngine, _run, make_jobs

    engine = DaskEngine(jobs=workers)
    started = time.perf_counter()
    with engine.client() as client:
        up = time.perf_counter()
        worker_cpu = sum(client.run(time.process_time).values())
        client.run(_warm)
        warm_cpu = sum(client.run(time.process_time).values()) - worker_cpu
        warmed = time.perf_counter()
        client_cpu, worker_cpu = time.process_time(), worker_cpu + warm_cpu
        _run(client, make_jobs(files, None), None, engine.where())
        client_cpu = time.process_time() - client_cpu
        worker_cpu = sum(client.run(time.process_time).values()) - worker_cpu
        done = time.perf_counter()
    return {
        "start": up - started,
        "warm": warmed - up,
        "warm_cpu": warm_cpu,
        "analysis": done - warmed,
        "client_cpu": client_cpu,
        "worker_cpu": worker_cpu,
        "stop": time.perf_counter() - done,
    }


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _compare(label: str, paths: list[str]) -> None:
    from checks.config import load_suite
    from checks.engine_dask import DaskEngine
    from checks.pipeline import run_checks
    from checks.rules import load_builtin_rules

    suite = load_suite(ROOT / "expectations", set(load_builtin_rules()))
    started = time.perf_counter()
    local = run_checks(paths, suite)
    local_wall = time.perf_counter() - started
    started = time.perf_counter()
    dask = run_checks(paths, suite, analyze=DaskEngine(jobs=2).analyze)
    dask_wall = time.perf_counter() - started
    same = _findings(local) == _findings(dask) and local.errors == dask.errors
    print(
        f"{label}: local {len(local.findings)} findings ({local_wall:.1f} s), "
        f"dask 2 workers {len(dask.findings)} findings ({dask_wall:.1f} s): "
        f"{'identical' if same else 'DIFFERENT'}; figures {sum(len(a.figures) for a in local.analyses)} / "
        f"{sum(len(a.figures) for a in dask.analyses)}, claims {sum(a.claim_count for a in local.analyses)} / "
        f"{sum(a.claim_count for a in dask.analyses)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--issues", type=int, default=2000)
    args = parser.parse_args()

    from checks.documents import collect_paths
    from checks.pipeline import _analyze_path, analyze_paths

    folder = Path(tempfile.mkdtemp(prefix="checkfacts-bench-dask-"))
    try:
        _corpus(folder, args.issues)
        files, _ = collect_paths([str(folder)])
        chars = sum(len(Path(f).read_text(encoding="utf-8")) for f in files)
        print(f"{len(files)} issues, {chars / 1e6:.1f} M characters")
        print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")

        started, cpu = time.perf_counter(), time.process_time()
        for path in files:
            _analyze_path((path, None, "full"))
        one = time.perf_counter() - started
        one_cpu = time.process_time() - cpu
        print(f"one process, no pool: {one:.2f} s, {one_cpu:.2f} CPU s ({len(files) / one:.0f} issues/s)")

        started, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
        analyze_paths(files)
        pool = time.perf_counter() - started
        pool_cpu = time.process_time() - cpu + _children_cpu() - children
        print(f"local process pool: {pool:.2f} s, {pool_cpu:.2f} CPU s ({len(files) / pool:.0f} issues/s)")

        timings: dict[int, dict[str, float]] = {}
        for workers in (1, 2):
            t = timings[workers] = _time_dask(files, workers)
            print(
                f"dask LocalCluster, {workers} worker(s): start {t['start']:.2f} s, warm-up {t['warm']:.2f} s "
                f"({t['warm_cpu']:.2f} CPU s), analysis {t['analysis']:.2f} s ({len(files) / t['analysis']:.0f} "
                f"issues/s; CPU s: workers {t['worker_cpu']:.2f}, client {t['client_cpu']:.2f}), stop {t['stop']:.2f} s"
            )
        cpu2 = timings[2]["worker_cpu"] + timings[2]["client_cpu"]
        print(
            "ratios (one run, on a shared machine): wall analysis 2 workers / 1 worker "
            f"{timings[2]['analysis'] / timings[1]['analysis']:.2f}, dask 2 workers / local pool "
            f"{timings[2]['analysis'] / pool:.2f}; CPU dask 2 workers (client + workers) / one process "
            f"{cpu2 / one_cpu:.2f}, local pool / one process {pool_cpu / one_cpu:.2f}"
        )
        print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
        _compare(f"{len(files)} generated issues", [str(folder)])
    finally:
        shutil.rmtree(folder)

    realnews = ROOT.parent / "shared" / "realnews"
    if realnews.is_dir():
        _compare("../shared/realnews", [str(realnews)])
    else:
        print("../shared/realnews not found: real-text comparison skipped")


if __name__ == "__main__":
    main()
