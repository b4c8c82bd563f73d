"""The run: files -> documents -> figures -> claims (+ mastheads) -> GX validation -> findings -> report.

Per-issue work (decoding, extraction, claim building, masthead) is independent, so it runs in a
process pool when there are many issues; validation then runs once per claim table over all issues
together, and the cross-issue rules see every masthead of the run plus every one the fact store
remembers.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checks import __version__
from checks.config import RuleSuite, Waiver, apply_waivers
from checks.documents import Document, DocumentError, collect_paths, read_document
from checks.figure import Figure
from checks.findings import SEVERITY_RANK, Finding, sort_key
from checks.progress import Phases

if TYPE_CHECKING:
    from checks.store import IssueStore

PARALLEL_THRESHOLD = 16  # below this many issues a process pool costs more than it saves
JOBS_PER_CORE_MAX = 4  # --jobs is capped at this many processes per core (and at one per issue)


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
    mode: str = "full"

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

# What a file is analyzed for: "full" (a focus issue: figures, claims, masthead), "store" (an archive
# issue the store does not know: figures and masthead, to remember it, no claims) or "masthead" (an
# archive issue with no store: only what the cross-issue comparison needs).
Mode = str


def analyze_document(
    doc: Document, cached: Cached | None = None, mode: Mode = "full", done: Callable[[str], None] | None = None
) -> IssueAnalysis:
    """Extract figures, claims and the masthead of one issue (figures and masthead from the store if known).

    ``done`` is told "extract" and then "claims" as those phases finish (progress in a serial run)."""
    from dataclasses import replace

    from checks.claims.build import build_claims
    from checks.figures import extract_figures
    from checks.masthead import Masthead, extract_masthead
    from checks.store import figure_from_record

    if cached is None:
        masthead = extract_masthead(doc)  # its date is the year "1月7日" belongs to: not found twice
        figures = (
            [] if mode == "masthead" else extract_figures(doc, year=int(masthead.date[:4]) if masthead.date else None)
        )
    else:
        figures = [figure_from_record(record) for record in cached[0]]
        masthead = replace(Masthead.from_record(cached[1]), path=doc.path)
    if done is not None:
        done("extract")
    date, date_source = masthead.date, masthead.date_source
    claim_tables = build_claims(doc, figures) if mode == "full" else {}
    if done is not None:
        done("claims")
    return IssueAnalysis(
        path=doc.path,
        sha256=doc.sha256,
        encoding=doc.encoding,
        figures=figures,
        claim_tables=claim_tables,
        masthead=masthead,
        date=date,
        date_source=date_source,
        issue_number=masthead.issue_number,
        from_store=cached is not None,
        mode=mode,
    )


def _analyze_path(
    job: tuple[str, Cached | None, Mode], done: Callable[[str], None] | None = None
) -> IssueAnalysis | str:
    """Worker entry: an analysis, or the one-line error for a file that cannot be read."""
    path, cached, mode = job
    try:
        doc = read_document(path)
    except DocumentError as exc:
        return str(exc)
    if done is not None:
        done("read")
    return analyze_document(doc, cached, mode, done)


def analyze_paths(
    paths: list[str],
    progress: Phases | None = None,
    cache: dict[str, Cached] | None = None,
    jobs: int | None = None,
    modes: dict[str, Mode] | None = None,
    on_result: Callable[[IssueAnalysis], None] | None = None,
) -> tuple[list[IssueAnalysis], list[str]]:
    """Analyze every file, in a pool of ``jobs`` processes when there are many; keep input order; collect errors.

    ``cache`` maps a path to what the store remembers of it when its content is unchanged; ``modes``
    says what a path is analyzed for (default "full"); ``on_result`` sees each analysis as it arrives.
    """
    work = [(path, (cache or {}).get(path), (modes or {}).get(path, "full")) for path in paths]
    if progress is not None:
        for phase in ("read", "extract", "claims"):
            progress.start(phase, len(paths))
    results: list[IssueAnalysis | str] = []

    def arrived(result: IssueAnalysis | str, phases: tuple[str, ...]) -> None:
        results.append(result)
        if isinstance(result, IssueAnalysis) and on_result is not None:
            on_result(result)
        if progress is not None:
            for phase in phases:  # an unreadable file still counts as handled in every phase
                progress.advance(phase)

    cores = os.cpu_count() or 1
    # Never more processes than issues, nor than a few per core: "--jobs 1000" forked 1 000 workers (10 GB).
    workers = min(jobs or cores, len(paths), JOBS_PER_CORE_MAX * cores)
    if len(paths) >= PARALLEL_THRESHOLD and workers > 1:
        # All workers are forked here, before the first result can start GX's import thread (never
        # fork while a thread may hold an import lock).
        # Import the analysis modules (and compile their patterns) once here: forked workers inherit
        # them instead of each importing them again.
        import checks.claims.build
        import checks.figures
        import checks.masthead
        import checks.store  # noqa: F401

        with ProcessPoolExecutor(max_workers=workers, initializer=_worker_signals) as pool:
            chunk = max(1, min(32, len(work) // (workers * 8)))
            for result in pool.map(_analyze_path, work, chunksize=chunk):
                arrived(result, ("read", "extract", "claims"))  # a worker's issue arrives with all three done
    else:
        step = progress.advance if progress is not None else None
        for job in work:
            result = _analyze_path(job, step)
            # Phases the issue did not reach (unreadable) are advanced now, so every bar ends full.
            arrived(result, ("read", "extract", "claims") if isinstance(result, str) else ())
    analyses = [r for r in results if isinstance(r, IssueAnalysis)]
    errors = [r for r in results if isinstance(r, str)]
    return analyses, errors


def _worker_signals() -> None:
    """A worker ends on SIGTERM at once (the console entry's handler, inherited by fork, is the parent's)."""
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)


# The per-issue stage as run_checks calls it: (files, progress, store cache, jobs, modes, on_result) ->
# (analyses, errors). analyze_paths is the local engine; checks.engine_dask.DaskEngine.analyze runs it on Dask.
Analyzer = Callable[
    [
        list[str],
        Phases | None,
        dict[str, Cached] | None,
        int | None,
        dict[str, Mode] | None,
        Callable[[IssueAnalysis], None] | None,
    ],
    tuple[list[IssueAnalysis], list[str]],
]


def _digests(files: list[str]) -> dict[str, str]:
    """sha256 of each readable file's bytes (an unreadable one is left to the worker to report)."""
    import hashlib

    from checks.urls import UrlError, is_url, local_path, read_url_bytes

    digests: dict[str, str] = {}
    for path in files:
        try:
            local = local_path(path) if is_url(path) else path
            data = Path(local).read_bytes() if local is not None else read_url_bytes(path)
        except (OSError, UrlError):
            continue
        digests[path] = hashlib.sha256(data).hexdigest()
    return digests


def _store_cache(store: IssueStore, digests: dict[str, str]) -> dict[str, Cached]:
    """What the store remembers of files whose content it has seen (by sha256 of the bytes)."""
    cache: dict[str, Cached] = {}
    for path, digest in digests.items():
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


def _serial(count: int, jobs: int | None) -> bool:
    """Does ``analyze_paths`` analyze this many files in this process (no pool, so nothing forks)?"""
    return count < PARALLEL_THRESHOLD or (jobs or os.cpu_count() or 1) <= 1


def _preload_gx_early(focus_files: list[str]) -> bool:
    """Start GX's import before the analysis when a focus issue prints a masthead.

    Its entries are rows of the contacts table, so GX will be needed; started here, the import (seconds)
    overlaps the whole analysis, the store's reading and the comparison, instead of only what follows
    the first analyzed issue (the gate: one new issue, then the archive). Only for a run analyzed in
    this process: a pool must not fork while the import thread may hold an import lock. Reading the
    masthead here costs milliseconds per issue; an unreadable file is left to the analysis to report.
    Returns whether the import was started.
    """
    from checks.masthead import extract_masthead
    from checks.validate import GX

    for path in focus_files:
        try:
            doc = read_document(path)
        except DocumentError:
            continue
        if extract_masthead(doc).entries:
            GX.preload()
            return True
    return False


def _same_file(a: str, b: str) -> bool:
    return a == b or Path(a).resolve() == Path(b).resolve()


def run_checks(
    paths: list[str],
    suite: RuleSuite,
    *,
    store_path: str | None = None,
    progress: Phases | None = None,
    store_timeout: float | None = None,
    focus: Collection[str] | None = None,
    jobs: int | None = None,
    analyze: Analyzer | None = None,
) -> RunResult:
    """Read, extract, validate. Input errors are collected, never raised, so nothing is lost.

    ``analyze`` is the engine of the per-issue stage (default: the local ``analyze_paths``, looked up
    when called; or Dask's); the rest runs here.

    ``focus`` names the issues the run is about (the gate's new ones; default: every file given).
    Only they are checked in full and reported; the other files given and the fact store's issues
    are the comparison side: their mastheads, read from the store when it knows them, and of those
    only the rows a focus issue's cross-issue verdicts depend on (``checks.comparison``).
    """
    from checks.comparison import select_comparison
    from checks.cross_issue import contacts_table
    from checks.validate import GX, validate_tables

    started = time.perf_counter()
    timings: dict[str, float] = {}
    files, errors = collect_paths(paths)
    if focus is None:
        in_focus = set(files)
    else:
        named = set(focus) | {str(Path(p).resolve()) for p in focus}
        in_focus = {f for f in files if f in named or str(Path(f).resolve()) in named}
    store: IssueStore | None = None
    warnings: list[str] = []
    if store_path is not None and files:  # no issue to read: a failed run creates no store
        from checks.store import DEFAULT_TIMEOUT, FactStore, StoreError, is_archive_path

        timeout = DEFAULT_TIMEOUT if store_timeout is None else store_timeout
        if is_archive_path(store_path):  # archive mode: Parquet (pandas and pyarrow only then)
            from checks.archive import ParquetStore

            store = ParquetStore.open(store_path, timeout)
        else:
            store = FactStore.open(store_path, timeout)
    try:
        focus_files = [f for f in files if f in in_focus]
        archive_files = [f for f in files if f not in in_focus]

        def first_rows(analysis: IssueAnalysis) -> None:
            if analysis.claim_count or analysis.masthead.entries:
                GX.preload()  # GX's import (a thread) overlaps the rest of the analysis and the archive's reading

        # One batch, the focus issues first, so GX's import starts as soon as a focus issue has rows
        # (the pool's workers are forked before that). Archive files the store knows by content are not
        # read again; the others are analyzed once (figures and masthead, no claims) and remembered, or,
        # with no store, read for their masthead only.
        mark = time.perf_counter()
        modes = {f: "full" for f in focus_files}
        cache: dict[str, Cached] = {}
        batch = list(focus_files)
        if store is None:
            modes.update({f: "masthead" for f in archive_files})
            batch += archive_files
        else:
            cache = _store_cache(store, _digests(focus_files))
            if archive_files:
                known = store.known_digests()
                digests = _digests(archive_files)
                unknown = [f for f in archive_files if digests.get(f) not in known]  # unreadable: the worker says so
                modes.update({f: "store" for f in unknown})
                batch += unknown
        timings["store_lookup"] = time.perf_counter() - mark
        if analyze is None and _serial(len(batch), jobs):
            # Only now, after the store lookup: a thread importing GX holds the GIL most of the time, and
            # hashing thousands of archive files (the gate over a repository) gives it up at every read.
            _preload_gx_early(focus_files[:PARALLEL_THRESHOLD])
        mark = time.perf_counter()
        analyzed, read_errors = (analyze or analyze_paths)(batch, progress, cache, jobs, modes, first_rows)
        timings["analyze"] = time.perf_counter() - mark
        errors.extend(read_errors)
        analyses = [a for a in analyzed if a.mode == "full"]
        archive: list[Any] = []
        mark = time.perf_counter()
        if store is not None:
            stored = False
            try:
                try:
                    store.put_many(
                        (a.path, a.sha256, a.date, a.date_source, a.issue_number, a.masthead, a.figures)
                        for a in analyzed
                        if not a.from_store and a.mode != "masthead"
                    )
                except StoreError:
                    if store.still_at_path():
                        raise
                    # SQLite refuses to write a deleted file: that is the warning below, not an error
                stored = True
                outdated = store.stale_count()
                if outdated:
                    warnings.append(
                        f"{store_path}: {outdated} stored issue(s) were read by another version of checkfacts and "
                        "are not among the files given; they are compared as then read (run over their files to "
                        "refresh)"
                    )
                focus_digests = {a.sha256 for a in analyses}
                focus_paths = {a.path for a in analyses}
                archive = [m for m in store.mastheads() if m.sha256 not in focus_digests and m.path not in focus_paths]
            except StoreError as exc:
                # Damaged or replaced while this run analyzed: what was analyzed is still reported (exit 2).
                kept = "" if stored else "this run's facts were not stored and "
                errors.append(f"{exc}; {kept}no stored issue was compared")
                archive = [a.masthead for a in analyzed if a.mode != "full"]
            if not store.still_at_path():
                warnings.append(
                    f"{store_path}: the fact store was deleted or replaced during the run; "
                    "this run's facts were not kept (run again to store them)"
                )
        else:
            archive = [a.masthead for a in analyzed if a.mode == "masthead"]
        timings["archive_read"] = time.perf_counter() - mark
    finally:
        if store is not None:
            store.close()

    mark = time.perf_counter()
    tables = _merge_tables(analyses)
    focus_mastheads = [a.masthead for a in analyses]
    explain_only: dict[str, set[str]] | None = None
    if archive:
        comparison = select_comparison(focus_mastheads, archive)
        contact_rows = contacts_table(
            comparison.mastheads, comparison.orders, comparison.entries, comparison.publications
        )
        explain_only = {"contacts": comparison.in_scope}
        explain_only.update({name: {str(r["claim_id"]) for r in rows} for name, rows in tables.items()})
    else:
        contact_rows = contacts_table(focus_mastheads)
    tables["contacts"] = contact_rows
    timings["compare"] = time.perf_counter() - mark
    if progress is not None:
        progress.start("validate", sum(1 for rows in tables.values() if rows), unit="tables")
    outcome = validate_tables(
        tables,
        suite,
        explain_only=explain_only,
        on_table=(lambda _name: progress.advance("validate")) if progress is not None else None,
    )
    if GX.import_seconds is not None:
        timings["gx_import"] = GX.import_seconds
        timings["gx_wait"] = GX.wait_seconds
    timings["validate"] = outcome.gx_seconds
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
        extra={
            "warnings": warnings,
            "timings": timings,
            "archive": {
                "issues": len(archive),
                "analyzed": sum(1 for a in analyzed if a.mode != "full"),
                "contact_rows_compared": len(contact_rows),
            },
        },
    )


def build_report(result: RunResult, lang: str = "zh") -> dict[str, Any]:
    """The report dict: the schema's fields (shared/schemas/report.schema.json) plus what the HTML needs."""
    from checks.rules import load_builtin_rules

    rules = load_builtin_rules()
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
                "title_en": rules[rule_id].title_en,
                "title_zh": rules[rule_id].title_zh,
                "description_en": rules[rule_id].description_en,
                "description_zh": rules[rule_id].description_zh,
                "severity": setting.severity,
                "enabled": setting.enabled,
            }
            for rule_id, setting in result.suite.rules.items()
            if rule_id in rules
        ],
        "contacts": contacts,
        "stale_waivers": [
            {"source": w.source, "path": w.path, "rule": w.rule, "contains": w.contains} for w in result.stale_waivers
        ],
        "errors": list(result.errors),
        "timings": {k: round(v, 3) for k, v in result.extra.get("timings", {}).items()},
        "archive": result.extra.get("archive", {"issues": 0, "analyzed": 0, "contact_rows_compared": len(contacts)}),
    }


def stderr_progress(enabled: bool) -> Phases | None:
    """Progress over every phase on a terminal; nothing in CI logs or when stderr is piped."""
    from checks.progress import terminal_phases

    return terminal_phases(enabled)
