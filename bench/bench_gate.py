"""Benchmark `checkfacts gate`: one new issue against a fact store of 10 000 issues, against GX's import.

Not a test. Usage: .venv/bin/python bench/bench_gate.py [--issues 10000] [--keep-files]

The archive is ``--issues`` variants of the seeds (bench/corpus.py), analyzed by the real pipeline
and put into the fact store the gate reads (``issues/.checkfacts/facts.db``); by default the archive
files are then deleted, so the store is the whole archive (``--keep-files`` leaves them in the
folder, as in a newsroom repository, where the gate hashes them and finds them in the store). The
new issue is seed 002 one week later, with a digit of 安世乔's phone swapped: one contact_mismatch
that involves it. Printed: the gate's wall time (the real CLI in a subprocess), the GX import of
that same run (the report's ``timings``), their difference, the report's size and finding counts.
"""

from __future__ import annotations

import argparse
import datetime as dt
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

from bench.corpus import LATEST, SEEDS, masthead_date, write_variants  # noqa: E402


def build_store(repo: Path, count: int) -> float:
    """Analyze the variants (under repo/issues) with the pipeline and store them in one transaction.

    Paths are relative to ``repo``, as the gate run from there names them. Returns the seconds."""
    from checks.pipeline import analyze_paths
    from checks.store import FactStore

    started = time.perf_counter()
    write_variants(repo / "issues", count)
    here = Path.cwd()
    os.chdir(repo)
    try:
        paths = [str(p) for p in sorted(Path("issues").glob("*.txt"))]
        analyses, errors = analyze_paths(paths, jobs=os.cpu_count() or 1)
    finally:
        os.chdir(here)
    if errors:
        raise SystemExit(f"archive could not be analyzed: {errors[:3]}")
    with FactStore.open(repo / "issues" / ".checkfacts" / "facts.db") as store:
        store.put_many(
            (a.path, a.sha256, a.date, a.date_source, a.issue_number, a.masthead, a.figures) for a in analyses
        )
    return time.perf_counter() - started


def new_issue() -> str:
    text = SEEDS[2].read_text(encoding="utf-8")
    assert "安世乔 13932149635" in text
    text = text.replace("安世乔 13932149635", "安世乔 13932149653")
    text = text.replace("第700期", "第100000期", 1)  # the archive counts down from 第99999期
    return text.replace("2022年1月11日 星期二", masthead_date(LATEST + dt.timedelta(weeks=1)), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=10_000)
    parser.add_argument("--keep-files", action="store_true")
    parser.add_argument("--archive-cache", type=Path, help="keep the built archive here and reuse it next time")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="checkfacts-gate-") as tmp:
        repo = Path(tmp)
        issues = repo / "issues"
        cached = args.archive_cache / f"{args.issues}" if args.archive_cache else None
        if cached is not None and (cached / ".checkfacts" / "facts.db").exists():
            shutil.copytree(cached, issues)
            print(f"archive: {args.issues} issues reused from {cached}")
        else:
            build = build_store(repo, args.issues)
            print(f"archive: {args.issues} issues analyzed and stored in {build:.1f} s")
            if cached is not None:
                shutil.copytree(issues, cached)
        store = issues / ".checkfacts" / "facts.db"
        print(f"  store {store.stat().st_size / 1e6:.1f} MB")
        if not args.keep_files:
            for path in issues.glob("*.txt"):
                path.unlink()
        (issues / "new.txt").write_text(new_issue(), encoding="utf-8")
        shutil.copytree(ROOT / "expectations", repo / "rules")
        cli = [str(Path(sys.executable).with_name("checkfacts")), "gate", "issues/new.txt", "--rules", "rules"]
        started = time.perf_counter()
        done = subprocess.run(cli, cwd=repo, capture_output=True, text=True, env={**os.environ, "CI": "1"})
        wall = time.perf_counter() - started
        report_path = repo / "reports" / "report.json"
        report = json.loads(report_path.read_text(encoding="utf-8"))
        timings = report.get("timings", {})
        gx_import = timings.get("gx_import")
        files = "archive files kept on disk" if args.keep_files else "archive only in the store"
        print(f"gate: one new issue against {args.issues} stored issues ({files}): exit {done.returncode}")
        print(f"  wall {wall:.2f} s (process start to exit)")
        if gx_import is not None:
            print(
                f"  GX import + context in the same run: {gx_import:.2f} s; "
                f"wall - GX import = {wall - gx_import:.2f} s (target <= 1 s); ratio {wall / gx_import:.2f}"
            )
        else:
            print("  (this checkfacts does not report its GX import time)")
        for phase, seconds in timings.items():
            print(f"    {phase}: {seconds:.3f} s")
        mine = [f for f in report["findings"] if f["path"].endswith("new.txt")]
        mine += [
            f
            for f in report["findings"]
            if not f["path"].endswith("new.txt") and any(r["path"].endswith("new.txt") for r in f["related"])
        ]
        print(
            f"  report.json {report_path.stat().st_size / 1e6:.2f} MB: {len(report['findings'])} findings "
            f"({len(mine)} involve the new issue), {len(report['contacts'])} contact rows, "
            f"{len(report['documents'])} documents"
        )
        for finding in mine[:3]:
            print(f"    - {finding['rule']}: {finding['message']}")
        if done.returncode not in (0, 1):
            print(done.stderr)


if __name__ == "__main__":
    main()
