"""The ``checkfacts`` command line: a thin typer layer over the library.

Exit codes: 0 clean, 1 findings at or above ``--fail-on``, 2 usage or input error. Heavy imports
(pandas, Great Expectations) happen inside the commands that need them, so ``extract`` and
``--help`` start fast.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from checks import __version__

if TYPE_CHECKING:
    from checks.findings import Finding
    from checks.pipeline import RunResult

app = typer.Typer(
    name="checkfacts",
    help="Check the figures of Chinese newspaper issues against declared rules.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DEFAULT_PATHS = ["seeds"]

PathsArg = Annotated[
    list[str] | None, typer.Argument(help="Issue files or folders (default: seeds/).", show_default=False)
]
RulesOpt = Annotated[Path, typer.Option("--rules", help="Folder of rule suite files (*.yml) and waivers.yml.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")]


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


class FigureFormat(StrEnum):
    json = "json"
    csv = "csv"


def _fail(message: str) -> typer.Exit:
    typer.echo(f"checkfacts: {message}", err=True)
    return typer.Exit(code=2)


def _formats(raw: str, allowed: tuple[str, ...]) -> list[str]:
    formats = [part.strip() for part in raw.split(",") if part.strip()]
    bad = [f for f in formats if f not in allowed]
    if bad or not formats:
        raise _fail(f"--format: unknown format(s) {bad or raw!r}; choose from {', '.join(allowed)}")
    return formats


def _version(value: bool) -> None:
    if value:
        typer.echo(f"checkfacts {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """checkfacts: fact-consistency checks for newspaper issues."""


@app.command()
def extract(
    paths: PathsArg = None,
    output_format: Annotated[FigureFormat, typer.Option("--format", help="Output format.")] = FigureFormat.json,
) -> None:
    """Print every figure extracted from the issues, one record each (path, line, value, interval, unit…)."""
    from checks.documents import DocumentError, collect_paths, read_document
    from checks.figures import extract_figures

    files, errors = collect_paths(paths or DEFAULT_PATHS)
    records: list[dict[str, object]] = []
    for path in files:
        try:
            doc = read_document(path)
        except DocumentError as exc:
            errors.append(str(exc))
            continue
        records.extend({"path": path, **figure.to_record()} for figure in extract_figures(doc))
    if output_format is FigureFormat.json:
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=1) + "\n")
    else:
        columns = ["path", "line", "start", "end", "text", "value", "low", "high", "unit", "kind"]
        columns += ["approximate", "qualifier", "label", "iso"]
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)
        sys.stdout.write(buffer.getvalue())
    for message in errors:
        typer.echo(f"checkfacts: {message}", err=True)
    if errors:
        raise typer.Exit(code=2)


def _default_store(paths: list[str]) -> str:
    """`.checkfacts/facts.db` beside the issues: in the first folder given, else the first file's folder."""
    first = Path(paths[0])
    base = first if first.is_dir() else first.parent
    return str(base / ".checkfacts" / "facts.db")


FormatOpt = Annotated[str, typer.Option("--format", help="Comma-separated: json, html, junit, sarif.")]
FailOnOpt = Annotated[FailOn, typer.Option("--fail-on", help="Exit 1 when findings at or above this severity exist.")]
OutOpt = Annotated[Path, typer.Option("--out", help="Folder the reports are written to.")]
LangOpt = Annotated[str, typer.Option("--lang", help="Report language: zh or en.")]
StoreOpt = Annotated[
    str | None, typer.Option("--store", help="Fact store path (default: .checkfacts/facts.db beside the issues).")
]
NoStoreOpt = Annotated[bool, typer.Option("--no-store", help="Do not read or write the fact store.")]
REPORT_FORMATS = ("json", "html", "junit", "sarif")


def _execute(
    targets: list[str],
    *,
    rules: Path,
    out: Path,
    output_format: str,
    fail_on: FailOn,
    lang: str,
    store: str | None,
    no_store: bool,
    quiet: bool,
    counts: Callable[[Finding], bool] | None = None,
) -> tuple[RunResult, list[Finding]]:
    """Load the suite, run the checks, write the reports, print the summary.

    ``counts`` decides which findings may fail the run (the gate counts only new issues'); the
    return value is the result and the findings that fail it at ``fail_on``.
    """
    from checks.config import ConfigError, load_suite
    from checks.pipeline import build_report, run_checks, stderr_progress, write_atomic
    from checks.rules import load_builtin_rules
    from checks.store import StoreError
    from checks.validate import RuleExecutionError

    formats = _formats(output_format, REPORT_FORMATS)
    if lang not in ("zh", "en"):
        raise _fail(f"--lang: {lang!r} is not zh or en")
    try:
        suite = load_suite(rules, set(load_builtin_rules()))
    except ConfigError as exc:
        raise _fail(str(exc)) from exc
    store_path = None if no_store else (store or _default_store(targets))
    try:
        result = run_checks(targets, suite, store_path=store_path, progress=stderr_progress(not quiet))
    except (StoreError, RuleExecutionError) as exc:
        raise _fail(str(exc)) from exc
    if result.errors and not result.analyses:
        # Nothing could be read: keep the previous reports rather than replace them with empty ones.
        for message in result.errors:
            typer.echo(f"checkfacts: {message}", err=True)
        raise _fail("no issue could be read; reports left as they were")
    report = build_report(result, lang=lang)
    try:
        written = _write_reports(report, out, formats, fail_on.value, lang, write_atomic)
    except OSError as exc:
        raise _fail(f"{out}: cannot write the reports ({exc.strerror})") from exc
    failing = [f for f in result.failing(fail_on.value) if counts is None or counts(f)]
    for message in result.errors:
        typer.echo(f"checkfacts: {message}", err=True)
    for waiver in result.stale_waivers:
        typer.echo(f"checkfacts: warning: waiver at {waiver.source} matches no finding (stale?)", err=True)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        from checks.report.sarif import github_annotations

        for line in github_annotations([f.to_record() for f in result.findings if counts is None or counts(f)]):
            typer.echo(line)
    if not quiet:
        summary = report["summary"]
        typer.echo(
            f"{summary['documents']} issues, {summary['figures']} figures, {summary['claims']} claims: "
            f"{summary['error']} errors, {summary['warning']} warnings, {summary['info']} info, "
            f"{summary['waived']} waived ({result.seconds:.1f}s)"
        )
        for finding in result.findings:
            if not finding.waived:
                tag = "" if counts is None or counts(finding) else " [baseline]"
                typer.echo(
                    f"  {finding.path}:{finding.line}: {finding.severity}: {finding.rule}{tag}: {finding.message}"
                )
        typer.echo("reports: " + ", ".join(str(p) for p in written))
    return result, failing


@app.command()
def run(
    paths: PathsArg = None,
    rules: RulesOpt = Path("expectations"),
    out: OutOpt = Path("reports"),
    output_format: FormatOpt = "json,html,junit",
    fail_on: FailOnOpt = FailOn.error,
    lang: LangOpt = "zh",
    store: StoreOpt = None,
    no_store: NoStoreOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Check the issues and write the reports (reports/index.html, report.json, junit.xml)."""
    result, failing = _execute(
        paths or DEFAULT_PATHS,
        rules=rules,
        out=out,
        output_format=output_format,
        fail_on=fail_on,
        lang=lang,
        store=store,
        no_store=no_store,
        quiet=quiet,
    )
    if result.errors:
        raise typer.Exit(code=2)
    if failing:
        raise typer.Exit(code=1)


@app.command()
def gate(
    paths: Annotated[
        list[str] | None, typer.Argument(help="The new issues (default: those added or changed since --base).")
    ] = None,
    base: Annotated[
        str | None,
        typer.Option("--base", help="Git ref to compare with (default: merge base with origin/main, else HEAD~1)."),
    ] = None,
    archive: Annotated[
        list[str] | None,
        typer.Option(
            "--archive", help="Folder(s) of old issues to compare against (default: the new issues' folders)."
        ),
    ] = None,
    rules: RulesOpt = Path("expectations"),
    out: OutOpt = Path("reports"),
    output_format: FormatOpt = "json,html,junit,sarif",
    fail_on: FailOnOpt = FailOn.error,
    lang: LangOpt = "zh",
    store: StoreOpt = None,
    no_store: NoStoreOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """CI gate: fail only when a new or changed issue brings a discrepancy; old ones are baseline."""
    from checks.gate import GateError, changed_issues, default_base, involves

    cwd = Path.cwd()
    if paths:
        new = list(paths)
        missing = [p for p in new if not Path(p).exists()]
        if missing:
            raise _fail(f"{missing[0]}: no such file or folder")
    else:
        try:
            change = changed_issues(base or default_base(cwd), cwd)
        except GateError as exc:
            raise _fail(str(exc)) from exc
        new = change.new
        if not quiet:
            for note in change.skipped:
                typer.echo(f"gate: {note}")
    folders = archive or sorted({str(Path(p).parent) for p in new})
    if not new:
        if not quiet:
            typer.echo("gate: no new or changed issues; nothing to check")
        return
    if not quiet:
        typer.echo(f"gate: {len(new)} new or changed issue(s): {', '.join(new)}")
    targets = sorted(set(folders) | set(new))
    new_set = set(new)
    result, failing = _execute(
        targets,
        rules=rules,
        out=out,
        output_format=output_format,
        fail_on=fail_on,
        lang=lang,
        store=store,
        no_store=no_store,
        quiet=quiet,
        counts=lambda finding: involves(finding, new_set),
    )
    if result.stale_waivers and not quiet:
        typer.echo(f"gate: {len(result.stale_waivers)} stale waiver(s) (see above)")
    if result.errors:
        raise typer.Exit(code=2)
    if failing:
        if not quiet:
            typer.echo(f"gate: FAILED: {len(failing)} finding(s) in new issues at or above {fail_on.value}")
        raise typer.Exit(code=1)
    if not quiet:
        typer.echo("gate: passed")


def _write_reports(
    report: dict[str, Any], out: Path, formats: list[str], fail_on: str, lang: str, write: Callable[[Path, str], None]
) -> list[Path]:
    """Write each requested report atomically; return the paths written."""
    written: list[Path] = []
    if "json" in formats:
        written.append(out / "report.json")
        write(written[-1], json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    if "junit" in formats:
        from checks.report.junit import render_junit

        written.append(out / "junit.xml")
        write(written[-1], render_junit(report, fail_on))
    if "sarif" in formats:
        from checks.report.sarif import render_sarif

        written.append(out / "report.sarif")
        write(written[-1], render_sarif(report))
    if "html" in formats:
        from checks.report.html import render_html

        written.append(out / "index.html")
        write(written[-1], render_html(report, lang=lang))
    return written


@app.command("rules")
def list_rules(rules: RulesOpt = Path("expectations")) -> None:
    """List the rules of the suite with their severity and whether they are on."""
    from checks.config import ConfigError, load_suite
    from checks.rules import load_builtin_rules

    registry = load_builtin_rules()
    try:
        suite = load_suite(rules, set(registry))
    except ConfigError as exc:
        raise _fail(str(exc)) from exc
    for rule_id, rule in sorted(registry.items()):
        setting = suite.rules.get(rule_id)
        state = "off (not declared)" if setting is None else (setting.severity if setting.enabled else "off")
        typer.echo(f"{rule_id:22} {state:18} {rule.title_en}")


def main() -> None:
    """Console entry point."""
    app()
