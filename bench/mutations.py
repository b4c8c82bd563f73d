"""Black-box mutation test on real sentences: does one changed figure that breaks a stated relation get flagged?

Not a test of the suite (the texts live outside the repository). Usage:
    .venv/bin/python bench/mutations.py [--cases bench/mutation_cases.json] [--shared ../shared] [--rules DIR] [--show]

Each case in mutation_cases.json is a LOCATION in a file under ../shared (path, 1-based line, the figure as
printed, which occurrence of it on the line, the replacement): no text is stored. An occurrence of a figure that
starts with a digit counts only where it is not preceded by a digit or a decimal point ("7%" is not inside "18.7%").
"detect" cases make the text's own arithmetic impossible at the stated precision; "quiet" cases keep it true
(a percent re-rounded coarser, a part changed within what the whole allows).

The whole original file with the one edit is written to a temp folder, one folder per case, beside an unmutated
copy of every source file, and the checker runs ONCE over all of them. A case counts as detected when an
error/warning finding that the unmutated file does not also have (same rule, same line) lies on the edited line or
names it among its related places; for a quiet case such a finding is a false alarm. Baseline findings on the
chosen lines are listed too (there should be none). The "at" column says whether the finding's excerpt shows the
replacement figure (a finding on the line but elsewhere in a long paragraph shows "-").
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.realtext import ROOT, SHARED, CheckerError, alarms, resolved, run_checkfacts

CASES = Path(__file__).resolve().parent / "mutation_cases.json"
EXPECTS = ("detect", "quiet")
_FIELDS = {
    "id": str,
    "path": str,
    "line": int,
    "figure": str,
    "occurrence": int,
    "replacement": str,
    "expect": str,
    "kind": str,
    "note": str,
}


class CaseError(ValueError):
    """A malformed case file, or a case whose figure is no longer where it says."""


@dataclass(frozen=True)
class Case:
    id: str
    path: str  # relative to the shared folder
    line: int  # 1-based, lines split on "\n" only (the checker's numbering)
    figure: str
    occurrence: int
    replacement: str
    expect: str
    kind: str
    note: str


def load_cases(path: Path) -> list[Case]:
    """Read and validate the case file; any defect is one CaseError naming the case."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CaseError(f"{path}: cannot read the case file ({exc})") from exc
    rows = data.get("cases") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise CaseError(f"{path}: expected an object with a 'cases' list")
    cases: list[Case] = []
    seen: set[str] = set()
    for index, row in enumerate(rows):
        if not isinstance(row, dict):
            raise CaseError(f"{path}: case #{index} is not an object")
        for key, kind in _FIELDS.items():
            if not isinstance(row.get(key), kind) or isinstance(row.get(key), bool):
                raise CaseError(f"{path}: case #{index} ({row.get('id')}): '{key}' must be a {kind.__name__}")
        case = Case(**{key: row[key] for key in _FIELDS})
        if case.expect not in EXPECTS:
            raise CaseError(f"{path}: case {case.id}: expect must be one of {EXPECTS}")
        if case.line < 1 or case.occurrence < 0 or not case.figure or case.figure == case.replacement:
            raise CaseError(f"{path}: case {case.id}: bad line, occurrence, figure or replacement")
        if case.id in seen:
            raise CaseError(f"{path}: case id {case.id} appears twice")
        seen.add(case.id)
        cases.append(case)
    return cases


def occurrences(line: str, figure: str) -> list[int]:
    """Offsets of the figure on the line; a figure starting with a digit never starts inside a longer number."""
    found: list[int] = []
    start = line.find(figure)
    while start >= 0:
        inside_number = figure[0].isdigit() and start > 0 and (line[start - 1].isdigit() or line[start - 1] in ".．")
        if not inside_number:
            found.append(start)
        start = line.find(figure, start + 1)
    return found


def mutate(text: str, case: Case) -> tuple[str, int]:
    """The text with the case's one edit, and the edit's offset on its line. Lines split on "\\n" only, so
    CRLF files keep their "\\r" and every other byte is unchanged."""
    lines = text.split("\n")
    if case.line > len(lines):
        raise CaseError(f"case {case.id}: {case.path} has {len(lines)} lines, not {case.line}")
    line = lines[case.line - 1]
    found = occurrences(line, case.figure)
    if case.occurrence >= len(found):
        raise CaseError(
            f"case {case.id}: {case.path}:{case.line} has {len(found)} occurrence(s) of {case.figure!r}, "
            f"not #{case.occurrence}: the source changed, re-locate the case"
        )
    at = found[case.occurrence]
    lines[case.line - 1] = line[:at] + case.replacement + line[at + len(case.figure) :]
    return "\n".join(lines), at


def touching(findings: list[dict[str, Any]], path: str, line: int) -> list[dict[str, Any]]:
    """Findings located on path:line or naming it among their related places."""
    hits = []
    for finding in findings:
        places = [(finding.get("path", ""), finding.get("line"))]
        places += [(r.get("path", ""), r.get("line")) for r in finding.get("related", [])]
        if any(line == place_line and resolved(place_path) == path for place_path, place_line in places):
            hits.append(finding)
    return hits


def new_findings(mutated: list[dict[str, Any]], baseline: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The mutated file's findings on the line minus, rule by rule, those the unmutated file has there too."""
    budget = Counter(f.get("rule") for f in baseline)
    fresh = []
    for finding in mutated:
        rule = finding.get("rule")
        if budget[rule] > 0:
            budget[rule] -= 1
        else:
            fresh.append(finding)
    return fresh


def shows(finding: dict[str, Any], figure: str) -> bool:
    """True when the finding's own text shows the figure (its excerpt, stated value or a related excerpt)."""
    texts = [finding.get("excerpt") or "", finding.get("stated") or ""]
    texts += [r.get("excerpt") or "" for r in finding.get("related", [])]
    return any(figure in text for text in texts)


@dataclass
class Outcome:
    case: Case
    baseline: list[dict[str, Any]]
    fresh: list[dict[str, Any]]

    @property
    def flagged(self) -> bool:
        return bool(self.fresh)

    @property
    def passed(self) -> bool:
        return self.flagged if self.case.expect == "detect" else not self.flagged


def prepare(cases: list[Case], shared: Path, folder: Path) -> tuple[dict[str, Path], dict[str, Path], list[str]]:
    """Write one unmutated copy per source file and one mutated file per case; return their paths and the
    skip messages (a missing source, a stale location)."""
    originals: dict[str, Path] = {}
    mutants: dict[str, Path] = {}
    skipped: list[str] = []
    texts: dict[str, str] = {}
    for case in cases:
        source = shared / case.path
        if case.path not in texts:
            if not source.is_file():
                skipped.append(f"{case.id}: {source} not found, skipped")
                continue
            texts[case.path] = source.read_bytes().decode("utf-8")
            original = folder / "orig" / f"{len(originals):03d}" / source.name
            original.parent.mkdir(parents=True)
            original.write_bytes(texts[case.path].encode("utf-8"))
            originals[case.path] = original
        try:
            text, _ = mutate(texts[case.path], case)
        except CaseError as exc:
            skipped.append(str(exc))
            continue
        mutant = folder / "cases" / case.id / source.name
        mutant.parent.mkdir(parents=True)
        mutant.write_bytes(text.encode("utf-8"))
        mutants[case.id] = mutant
    return originals, mutants, skipped


def evaluate(cases: list[Case], shared: Path, rules: Path) -> tuple[list[Outcome], list[str], float]:
    """Prepare the files, run the checker once over all of them, and judge every case."""
    with tempfile.TemporaryDirectory(prefix="checkfacts-mutations-") as tmp:
        folder = Path(tmp)
        originals, mutants, skipped = prepare(cases, shared, folder)
        if not mutants:
            return [], skipped, 0.0
        report = run_checkfacts([folder / "orig", folder / "cases"], folder / "out", rules)
        skipped += [f"checker refused a file: {error}" for error in report.get("errors", [])]
        found = alarms(report)
        outcomes = []
        for case in cases:
            if case.id not in mutants:
                continue
            base = touching(found, str(originals[case.path].resolve()), case.line)
            hits = touching(found, str(mutants[case.id].resolve()), case.line)
            outcomes.append(Outcome(case, base, new_findings(hits, base)))
        return outcomes, skipped, float(report.get("run_seconds", 0.0))


def _rules_of(findings: list[dict[str, Any]]) -> str:
    return ",".join(sorted({str(f.get("rule")) for f in findings})) or "-"


def print_table(outcomes: list[Outcome], show: bool) -> None:
    print(f"{'case':5} {'kind':18} {'expect':6} {'result':8} {'at':2} {'new findings':28} {'baseline':18} place")
    for o in outcomes:
        if o.case.expect == "detect":
            result = "detected" if o.flagged else "MISSED"
        else:
            result = "ALARM" if o.flagged else "quiet"
        at = ("yes" if any(shows(f, o.case.replacement) for f in o.fresh) else "-") if o.fresh else ""
        place = f"{o.case.path}:{o.case.line}"
        print(
            f"{o.case.id:5} {o.case.kind:18} {o.case.expect:6} {result:8} {at:2} "
            f"{_rules_of(o.fresh):28} {_rules_of(o.baseline):18} {place}"
        )
        if show:
            print(f"      edit {o.case.figure} -> {o.case.replacement}; {o.case.note}")
            for finding in o.fresh:
                print(f"      + {finding.get('rule')} line {finding.get('line')}: {finding.get('message')}")


def print_totals(outcomes: list[Outcome]) -> None:
    detect = [o for o in outcomes if o.case.expect == "detect"]
    quiet = [o for o in outcomes if o.case.expect == "quiet"]
    print()
    by_kind: dict[str, list[Outcome]] = {}
    for o in detect:
        by_kind.setdefault(o.case.kind, []).append(o)
    print("detected by kind: " + ", ".join(f"{k} {sum(o.flagged for o in v)}/{len(v)}" for k, v in by_kind.items()))
    dirty = [o for o in outcomes if o.baseline]
    print(f"baseline findings on the chosen lines: {sum(len(o.baseline) for o in outcomes)} on {len(dirty)} line(s)")
    for o in dirty:
        print(f"  {o.case.id} {o.case.path}:{o.case.line}: {_rules_of(o.baseline)}")
    detected = sum(o.flagged for o in detect)
    print(f"detected {detected}/{len(detect)}, quiet {sum(not o.flagged for o in quiet)}/{len(quiet)}")


def main() -> int:
    parser = argparse.ArgumentParser(description="Mutation test on real sentences from ../shared (see module doc).")
    parser.add_argument("--cases", type=Path, default=CASES)
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--rules", type=Path, default=ROOT / "expectations")
    parser.add_argument("--show", action="store_true", help="print each edit, its arithmetic and the new findings")
    args = parser.parse_args()
    try:
        cases = load_cases(args.cases)
    except CaseError as exc:
        print(exc, file=sys.stderr)
        return 2
    if not args.shared.is_dir():
        print(f"{args.shared}: shared texts not found; nothing to measure (skipped)")
        return 0
    try:
        outcomes, skipped, seconds = evaluate(cases, args.shared, args.rules)
    except CheckerError as exc:
        print(f"checkfacts failed: {exc}", file=sys.stderr)
        return 2
    for message in skipped:
        print(f"skipped: {message}")
    print_table(outcomes, args.show)
    print_totals(outcomes)
    print(f"one checkfacts run over {len(outcomes)} mutated files and their originals: {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
