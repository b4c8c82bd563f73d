"""Benchmark the archive mode: the cross-issue rules over a Parquet fact store of 100 000 issues, with
dask.dataframe (``checks.archive_rules``) against the pandas path (every masthead in one table).

Not a test (it asserts nothing about time). Usage: .venv/bin/python bench/bench_archive.py [--issues 100000]
Analyzing 100 000 text issues would take this 2-core machine half an hour, and the cross-issue rules
read only mastheads, so the archive is made from the mastheads of ``--sample`` generated issues (the
seeds varied, with masthead changes mixed in: ``write_masthead_variants``), each copied under new
paths, content hashes, dates one week apart and issue numbers counting on. Printed: store write
time and size, then per path the seconds and the failing rows per rule, and whether they agree.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import write_variants  # noqa: E402

_PHONE = re.compile(r"(副主任:韩志强 1330311327)(\d)")
_NUMBER = re.compile(r"第(\d+)期")


def write_masthead_variants(folder: Path, count: int) -> list[Path]:
    """Generated weekly issues (bench.corpus) with masthead changes every cross-issue rule can see:
    a changed phone for one person, an issue number larger than later issues', another editor with a
    malformed phone."""
    paths = write_variants(folder, count)
    for index, path in enumerate(paths):
        text = path.read_text(encoding="utf-8")
        if index % 35 == 7:
            text = _PHONE.sub(lambda m: m.group(1) + str((int(m.group(2)) + 1) % 10), text)
        if index % 45 == 12:
            text = _NUMBER.sub(lambda m: f"第{int(m.group(1)) + 50}期", text, count=1)
        if index % 55 == 17:
            text = text.replace("编辑部主任:安世乔 13932149635", "编辑部主任:王立新 1393214963", 1)
        path.write_text(text, encoding="utf-8")
    return paths


def _copies(mastheads: list[Any], total: int) -> list[Any]:
    """``total`` mastheads: the sample's, copied under new paths and hashes, each copy a span of weeks earlier."""
    weeks = len(mastheads)
    out: list[Any] = []
    copy = 0
    while len(out) < total:
        for masthead in mastheads:
            if len(out) == total:
                break
            date = masthead.date
            if date is not None:
                date = (dt.date.fromisoformat(date) - dt.timedelta(weeks=weeks * copy)).isoformat()
            entries = tuple(
                e._replace(value=str(int(e.value) - weeks * copy))
                if e.kind == "identifier" and e.role == "期号" and e.value and e.value.isdigit()
                else e
                for e in masthead.entries
            )
            digest = hashlib.sha256(f"{copy}:{masthead.sha256}".encode()).hexdigest()
            name = Path(masthead.path).name
            out.append(replace(masthead, path=f"archive/{copy:05d}/{name}", sha256=digest, date=date, entries=entries))
        copy += 1
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--issues", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=500)
    parser.add_argument("--workers", type=int, default=0, help="run dask on a LocalCluster of this many workers")
    args = parser.parse_args()

    import pandas as pd

    from checks.archive import ParquetStore
    from checks.archive_rules import CROSS_ISSUE_RULES, archive_failures
    from checks.config import load_suite
    from checks.cross_issue import contacts_table
    from checks.documents import collect_paths
    from checks.pipeline import analyze_paths
    from checks.rules import RULES, load_builtin_rules

    suite = load_suite(ROOT / "expectations", set(load_builtin_rules()))
    options = {rule: suite.rules[rule].options for rule in CROSS_ISSUE_RULES}
    folder = Path(tempfile.mkdtemp(prefix="checkfacts-bench-archive-"))
    try:
        write_masthead_variants(folder / "sample", args.sample)
        files, _ = collect_paths([str(folder / "sample")])
        analyses, _ = analyze_paths(files, modes=dict.fromkeys(files, "masthead"))
        mastheads = _copies([a.masthead for a in analyses], args.issues)
        entries = sum(len(m.entries) for m in mastheads)
        print(f"{len(mastheads)} issues, {entries} masthead entries (from {args.sample} generated issues)")
        print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")

        store_path = folder / "facts.parquet"
        started, cpu = time.perf_counter(), time.process_time()
        with ParquetStore.open(store_path) as store:
            store.put_many((m.path, m.sha256, m.date, m.date_source, m.issue_number, m, []) for m in mastheads)
        size = sum(p.stat().st_size for p in store_path.rglob("*.parquet"))
        parts = len(list((store_path / "issues").glob("part-*.parquet")))
        print(
            f"Parquet store written: {time.perf_counter() - started:.1f} s ({time.process_time() - cpu:.1f} CPU s), "
            f"{parts} partitions, {size / 1e6:.1f} MB"
        )

        client: Any = None
        if args.workers:
            from checks.engine_dask import DaskEngine

            engine = DaskEngine(jobs=args.workers)
            context = engine.client()
            client = context.__enter__()
        try:
            started, cpu = time.perf_counter(), time.process_time()
            found = archive_failures(str(store_path), options)
            dask_wall, dask_cpu = time.perf_counter() - started, time.process_time() - cpu
        finally:
            if client is not None:
                context.__exit__(None, None, None)
        where = f"LocalCluster of {args.workers}" if args.workers else "threads"
        print(f"dask.dataframe ({where}): {dask_wall:.1f} s wall, {dask_cpu:.1f} CPU s in this process")

        started, cpu = time.perf_counter(), time.process_time()
        with ParquetStore.open(store_path) as store:
            loaded = store.mastheads()
        load = time.perf_counter() - started
        started = time.perf_counter()
        frame = pd.DataFrame(contacts_table(loaded))
        build = time.perf_counter() - started
        started = time.perf_counter()
        expected = {}
        for rule in CROSS_ISSUE_RULES:
            holds = RULES[rule].judge(frame, options[rule], None).ok
            expected[rule] = set(frame.loc[~holds.to_numpy(), "claim_id"])
        checks = time.perf_counter() - started
        pandas_cpu = time.process_time() - cpu
        print(
            f"pandas, one table: {load + build + checks:.1f} s, {pandas_cpu:.1f} CPU s (mastheads read {load:.1f} s, "
            f"table of {len(frame)} rows {build:.1f} s, rules {checks:.1f} s)"
        )
        for rule in CROSS_ISSUE_RULES:
            ours = set(found[rule]["claim_id"])
            print(f"  {rule}: {len(ours)} failing rows, {'same' if ours == expected[rule] else 'DIFFERENT'}")
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
