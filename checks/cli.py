"""The ``checkfacts`` command line: a thin typer layer over the library.

Exit codes: 0 clean, 1 findings at or above ``--fail-on``, 2 usage or input error. Heavy imports
(pandas, Great Expectations) happen inside the commands that need them, so ``extract`` and
``--help`` start fast.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from enum import Enum
from pathlib import Path
from collections.abc import Callable
from typing import Annotated, Any

import typer

from checks import __version__

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


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


class FigureFormat(str, Enum):
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


@app.command()
def run(
    paths: PathsArg = None,
    rules: RulesOpt = Path("expectations"),
    out: Annotated[Path, typer.Option("--out", help="Folder the reports are written to.")] = Path("reports"),
    output_format: Annotated[
        str, typer.Option("--format", help="Comma-separated: json, html, junit.")
    ] = "json,html,junit",
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 when findings at or above this severity exist.")
    ] = FailOn.error,
    lang: Annotated[str, typer.Option("--lang", help="Report language: zh or en.")] = "zh",
    store: Annotated[str | None, typer.Option("--store", help="Fact store path (default: .checkfacts/facts.db beside the issues).")] = None,
    no_store: Annotated[bool, typer.Option("--no-store", help="Do not read or write the fact store.")] = False,
    quiet: QuietOpt = False,
) -> None:
    """Check the issues and write the reports (reports/index.html, report.json, junit.xml)."""
    from checks.config import ConfigError, load_suite
    from checks.pipeline import build_report, run_checks, stderr_progress, write_atomic
    from checks.rules import load_builtin_rules
    from checks.store import StoreError
    from checks.validate import RuleExecutionError

    formats = _formats(output_format, ("json", "html", "junit"))
    if lang not in ("zh", "en"):
        raise _fail(f"--lang: {lang!r} is not zh or en")
    targets = paths or DEFAULT_PATHS
    try:
        suite = load_suite(rules, set(load_builtin_rules()))
    except ConfigError as exc:
        raise _fail(str(exc)) from exc
    store_path = None if no_store else (store or _default_store(targets))
    try:
        result = run_checks(targets, suite, store_path=store_path, progress=stderr_progress(not quiet))
    except (StoreError, RuleExecutionError) as exc:
        raise _fail(str(exc)) from exc
    report = build_report(result, lang=lang)
    written = _write_reports(report, out, formats, fail_on.value, lang, write_atomic)
    for message in result.errors:
        typer.echo(f"checkfacts: {message}", err=True)
    for waiver in result.stale_waivers:
        typer.echo(f"checkfacts: warning: waiver at {waiver.source} matches no finding (stale?)", err=True)
    if not quiet:
        summary = report["summary"]
        typer.echo(
            f"{summary['documents']} issues, {summary['figures']} figures, {summary['claims']} claims: "
            f"{summary['error']} errors, {summary['warning']} warnings, {summary['info']} info, "
            f"{summary['waived']} waived ({result.seconds:.1f}s)"
        )
        for finding in result.findings:
            if not finding.waived:
                typer.echo(f"  {finding.path}:{finding.line}: {finding.severity}: {finding.rule}: {finding.message}")
        typer.echo("reports: " + ", ".join(str(p) for p in written))
    if result.errors:
        raise typer.Exit(code=2)
    if result.failing(fail_on.value):
        raise typer.Exit(code=1)


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
