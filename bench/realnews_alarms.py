"""Every error/warning alarm the checker raises on the real texts in ../shared, for checking by hand.

Not a test. Usage:
    .venv/bin/python bench/realnews_alarms.py [--corpus realnews|realdata|both] [--rules DIR] [--shared DIR]
                                             [--no-excerpt]

Each corpus is checked in its own run (so no cross-issue rule pairs a news page with a government report). Each
alarm is printed as `path:line  rule  stated/expected  message`, then its sentence (the excerpt) on the next line:
to the terminal only. Never redirect this output into the repository: the texts are copyrighted. Then the counts by
rule (info included, apart) and the number of documents, figures and claims formed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.realtext import ROOT, SHARED, CheckerError, alarms, resolved, run_checkfacts

CORPORA = ("realnews", "realdata")


def _place(finding: dict[str, Any], shared: Path) -> str:
    path = Path(resolved(str(finding.get("path", ""))))
    try:
        shown = str(path.relative_to(shared.resolve()))
    except ValueError:
        shown = str(path)
    return f"{shown}:{finding.get('line')}"


def print_corpus(name: str, report: dict[str, Any], shared: Path, excerpts: bool) -> None:
    """The corpus's alarms, one block each, then its counts."""
    found = alarms(report)
    print(f"== {name}: {len(found)} error/warning alarm(s)")
    for finding in found:
        stated = f"{finding.get('stated') or '-'}/{finding.get('expected') or '-'}"
        print(f"{_place(finding, shared)}  {finding.get('rule')}  {stated}  {finding.get('message')}")
        if excerpts:
            print(f"    | {finding.get('excerpt')}")
            for related in finding.get("related", []):
                print(f"    | related {_place(related, shared)}: {related.get('excerpt')}")
    alarm_rules = Counter(str(f.get("rule")) for f in found)
    info_rules = Counter(
        str(f.get("rule")) for f in report.get("findings", []) if f.get("severity") == "info" and not f.get("waived")
    )
    summary = report.get("summary", {})
    print(f"-- {name} alarms by rule: " + (", ".join(f"{r} {n}" for r, n in sorted(alarm_rules.items())) or "none"))
    if info_rules:
        print(f"-- {name} info by rule: " + ", ".join(f"{r} {n}" for r, n in sorted(info_rules.items())))
    print(
        f"-- {name}: {summary.get('documents')} documents, {summary.get('figures')} figures, "
        f"{summary.get('claims')} claims formed, {report.get('run_seconds')} s"
    )
    for error in report.get("errors", []):
        print(f"-- {name}: refused: {error}")
    print()


def main() -> int:
    parser = argparse.ArgumentParser(description="List the checker's alarms on ../shared/realnews and realdata.")
    parser.add_argument("--corpus", choices=(*CORPORA, "both"), default="both")
    parser.add_argument("--rules", type=Path, default=ROOT / "expectations")
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--no-excerpt", action="store_true", help="omit the sentences")
    args = parser.parse_args()
    names = CORPORA if args.corpus == "both" else (args.corpus,)
    missing = [name for name in names if not (args.shared / name).is_dir()]
    for name in missing:
        print(f"{args.shared / name}: not found; skipped")
    for name in names:
        if name in missing:
            continue
        with tempfile.TemporaryDirectory(prefix="checkfacts-alarms-") as tmp:
            try:
                report = run_checkfacts([args.shared / name], Path(tmp), args.rules)
            except CheckerError as exc:
                print(f"checkfacts failed on {name}: {exc}", file=sys.stderr)
                return 2
        print_corpus(name, report, args.shared, not args.no_excerpt)
    return 0


if __name__ == "__main__":
    sys.exit(main())
