"""The run: files -> documents -> figures -> claims (+ mastheads) -> GX validation -> findings -> report.

Per-issue work (decoding, extraction, claim building, masthead) is independent, so it runs in a
process pool when there are many issues; validation then runs once per claim table over all issues
together, and the cross-issue rules see every masthead of the run plus every one the fact store
remembers.
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from checks import __version__
from checks.config import RuleSuite, Waiver, apply_waivers
from checks.documents import Document, DocumentError, collect_paths, read_document
from checks.figure import Figure
from checks.findings import SEVERITY_RANK, Finding, sort_key

PARALLEL_THRESHOLD = 16  # below this many issues a process pool costs more than it saves

ProgressFn = Callable[[int, int], None]


@dataclass
class IssueAnalysis:
    """Everything one issue yields before validation; picklable so workers can return it."""

    path: str
    sha256: str
    encoding: str
    figures: list[Figure]
    claim_tables: dict[str, list[dict[str, Any]]]
    masthead: Any
    date: str | None
    date_source: str
    issue_number: str | None
    from_store: bool = False

    @property
    def claim_count(self) -> int:
        return sum(len(rows) for rows in self.claim_tables.values())


@dataclass
class RunResult:
    analyses: list[IssueAnalysis]
    findings: list[Finding]
    errors: list[str]
    stale_waivers: list[Waiver]
    contacts: list[dict[str, Any]]
    seconds: float
    gx_seconds: float
    suite: RuleSuite
    extra: dict[str, Any] = field(default_factory=dict)

    def failing(self, fail_on: str) -> list[Finding]:
        """Findings that are not waived and at or above the threshold ('never' fails nothing)."""
        if fail_on == "never":
            return []
        floor = SEVERITY_RANK[fail_on]
        return [f for f in self.findings if not f.waived and SEVERITY_RANK[f.severity] >= floor]


# What the fact store remembers of an unchanged issue: its figure records and its masthead record.
Cached = tuple[tuple[dict[str, Any], ...], dict[str, Any]]


def analyze_document(doc: Document, cached: Cached | None = None) -> IssueAnalysis:
    """Extract figures, claims and the masthead of one issue (figures and masthead from the store if known)."""
    from dataclasses import replace

    from checks.claims.build import build_claims
    from checks.figures import extract_figures
    from checks.masthead import Masthead, extract_masthead
    from checks.store import figure_from_record

    if cached is None:
        masthead = extract_masthead(doc)  # its date is the year "1月7日" belongs to: not found twice
        figures = extract_figures(doc, year=int(masthead.date[:4]) if masthead.date else None)
    else:
        figures = [figure_from_record(record) for record in cached[0]]
        masthead = replace(Masthead.from_record(cached[1]), path=doc.path)
    date, date_source = masthead.date, masthead.date_source
    return IssueAnalysis(
        path=doc.path,
        sha256=doc.sha256,
        encoding=doc.encoding,
        figures=figures,
        claim_tables=build_claims(doc, figures),
        masthead=masthead,
        date=date,
        date_source=date_source,
        issue_number=masthead.issue_number,
        from_store=cached is not None,
    )


def _analyze_path(job: tuple[str, Cached | None]) -> IssueAnalysis | str:
    """Worker entry: an analysis, or the one-line error for a file that cannot be read."""
    path, cached = job
    try:
        doc = read_document(path)
    except DocumentError as exc:
        return str(exc)
    return analyze_document(doc, cached)


def analyze_paths(
    paths: list[str],
    progress: ProgressFn | None = None,
    cache: dict[str, Cached] | None = None,
    jobs: int | None = None,
) -> tuple[list[IssueAnalysis], list[str]]:
    """Analyze every file, in parallel when there are many; keep input order; collect errors.

    ``cache`` maps a path to what the store remembers of it when its content is unchanged.
    """
    work = [(path, (cache or {}).get(path)) for path in paths]
    results: list[IssueAnalysis | str] = []
    workers = jobs or os.cpu_count() or 1
    if len(paths) >= PARALLEL_THRESHOLD and workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for index, result in enumerate(pool.map(_analyze_path, work, chunksize=8), start=1):
                results.append(result)
                if progress:
                    progress(index, len(paths))
    else:
        for index, job in enumerate(work, start=1):
            results.append(_analyze_path(job))
            if progress:
                progress(index, len(paths))
    analyses = [r for r in results if isinstance(r, IssueAnalysis)]
    errors = [r for r in results if isinstance(r, str)]
    return analyses, errors


def _store_cache(store: Any, files: list[str]) -> dict[str, Cached]:
    """What the store remembers of files whose content it has seen (by sha256 of the bytes)."""
    import hashlib

    cache: dict[str, Cached] = {}
    for path in files:
        try:
            digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError:
            continue  # the worker reports the file
        stored = store.get(digest)
        if stored is not None and stored.path == path:
            cache[path] = (stored.figure_records, stored.masthead.to_record())
    return cache


def _merge_tables(analyses: Iterable[IssueAnalysis]) -> dict[str, list[dict[str, Any]]]:
    tables: dict[str, list[dict[str, Any]]] = {}
    for analysis in analyses:
        for name, rows in analysis.claim_tables.items():
            tables.setdefault(name, []).extend(rows)
    return tables


def run_checks(
    paths: list[str],
    suite: RuleSuite,
    *,
    store_path: str | None = None,
    progress: ProgressFn | None = None,
    store_timeout: float | None = None,
) -> RunResult:
    """Read, extract, validate. Input errors are collected, never raised, so nothing is lost."""
    from checks.cross_issue import contacts_table
    from checks.validate import validate_tables

    started = time.perf_counter()
    files, errors = collect_paths(paths)
    archive: list[Any] = []
    warnings: list[str] = []
    if store_path is None or not files:
        # No issue to read: a failed run creates no store.
        analyses, read_errors = analyze_paths(files, progress)
    else:
        from checks.store import DEFAULT_TIMEOUT, FactStore, StoreError

        store = FactStore.open(store_path, DEFAULT_TIMEOUT if store_timeout is None else store_timeout)
        try:
            cache = _store_cache(store, files)
            analyses, read_errors = analyze_paths(files, progress, cache)
            try:
                store.put_many(
                    (a.path, a.sha256, a.date, a.date_source, a.issue_number, a.masthead, a.figures)
                    for a in analyses
                    if not a.from_store
                )
            except StoreError:
                if store.still_at_path():
                    raise  # SQLite refuses to write a deleted file: that is the warning below, not an error
            current = {a.sha256 for a in analyses}
            archive = [m for m in store.mastheads() if m.sha256 not in current]
            if not store.still_at_path():
                warnings.append(
                    f"{store_path}: the fact store was deleted or replaced during the run; "
                    "this run's facts were not kept (run again to store them)"
                )
        finally:
            store.close()
    errors.extend(read_errors)

    tables = _merge_tables(analyses)
    mastheads = [a.masthead for a in analyses] + [m for m in archive]
    contact_rows = contacts_table(mastheads)
    tables["contacts"] = contact_rows
    outcome = validate_tables(tables, suite)
    current_paths = {a.path for a in analyses}
    findings = [
        f for f in outcome.findings if f.path in current_paths or any(r.path in current_paths for r in f.related)
    ]
    findings.sort(key=sort_key)
    stale = apply_waivers(findings, suite.waivers)
    return RunResult(
        analyses=analyses,
        findings=findings,
        errors=errors,
        stale_waivers=stale,
        contacts=contact_rows,
        seconds=time.perf_counter() - started,
        gx_seconds=outcome.gx_seconds,
        suite=suite,
        extra={"warnings": warnings},
    )


def build_report(result: RunResult, lang: str = "zh") -> dict[str, Any]:
    """The report dict: the schema's fields (shared/schemas/report.schema.json) plus what the HTML needs."""
    from checks.rules import RULES

    active = [f for f in result.findings if not f.waived]
    by_severity = Counter(f.severity for f in active)
    by_rule = Counter(f.rule for f in active)
    flagged_places = {(f.path, f.line) for f in result.findings if f.rule in ("contact_mismatch", "masthead_mismatch")}
    flagged_places |= {
        (r.path, r.line)
        for f in result.findings
        if f.rule in ("contact_mismatch", "masthead_mismatch")
        for r in f.related
    }
    contacts = [
        {
            "kind": row.get("kind"),
            "role": row.get("role"),
            "person": row.get("person"),
            "label": row.get("label"),
            "value": row.get("value"),
            "printed": row.get("printed"),
            "path": row.get("path"),
            "line": row.get("line"),
            "issue_date": row.get("issue_date"),
            "mismatch": (row.get("path"), row.get("line")) in flagged_places,
        }
        for row in result.contacts
    ]
    return {
        "tool": "checkfacts",
        "version": __version__,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "run_seconds": round(result.seconds, 3),
        "gx_seconds": round(result.gx_seconds, 3),
        "rule_suite": list(result.suite.files),
        "lang": lang,
        "documents": [
            {
                "path": a.path,
                "sha256": a.sha256,
                "date": a.date,
                "date_source": a.date_source,
                "issue_number": a.issue_number,
                "figures": len(a.figures),
                "claims": a.claim_count,
                "encoding": a.encoding,
                "figure_list": [f.to_record() for f in a.figures],
            }
            for a in result.analyses
        ],
        "findings": [f.to_record() for f in result.findings],
        "summary": {
            "error": by_severity.get("error", 0),
            "warning": by_severity.get("warning", 0),
            "info": by_severity.get("info", 0),
            "waived": sum(1 for f in result.findings if f.waived),
            "documents": len(result.analyses),
            "figures": sum(len(a.figures) for a in result.analyses),
            "claims": sum(a.claim_count for a in result.analyses),
            "by_rule": dict(sorted(by_rule.items())),
        },
        "rules": [
            {
                "id": rule_id,
                "title_en": RULES[rule_id].title_en,
                "title_zh": RULES[rule_id].title_zh,
                "description_en": RULES[rule_id].description_en,
                "description_zh": RULES[rule_id].description_zh,
                "severity": setting.severity,
                "enabled": setting.enabled,
            }
            for rule_id, setting in result.suite.rules.items()
            if rule_id in RULES
        ],
        "contacts": contacts,
        "stale_waivers": [
            {"source": w.source, "path": w.path, "rule": w.rule, "contains": w.contains} for w in result.stale_waivers
        ],
        "errors": list(result.errors),
    }


def stderr_progress(enabled: bool) -> ProgressFn | None:
    """A one-line progress bar on a terminal; nothing in CI logs or when stderr is piped."""
    if not enabled or not sys.stderr.isatty() or os.environ.get("CI"):
        return None

    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} issues")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show
