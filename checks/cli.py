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
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from checks import __version__
from checks.console import say

if TYPE_CHECKING:
    from checks.config import RuleSuite
    from checks.findings import Finding
    from checks.pipeline import Analyzer, RunResult
    from checks.settings import ProjectConfig, RuleSource

app = typer.Typer(
    name="checkfacts",
    help="Check the figures of Chinese newspaper issues against declared rules.\n\n"
    "Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input error.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_CODES_HELP = "Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input error."

PathsArg = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="PATHS",
        help="Issue files or folders, or fsspec URLs (default: paths in [tool.checkfacts]).",
        show_default=False,
    ),
]
RulesOpt = Annotated[
    Path | None,
    typer.Option(
        "--rules",
        metavar="DIR",
        help="Folder of rule suite files (*.yml) and waivers.yml "
        "(default: ./expectations/, else the configuration's rules, else the packaged defaults).",
        show_default=False,
    ),
]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", metavar="", help="Print only the findings that fail the run, and errors.")
]


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


class Engine(StrEnum):
    local = "local"
    dask = "dask"


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
        bool, typer.Option("--version", callback=_version, is_eager=True, metavar="", help="Show the version and exit.")
    ] = False,
) -> None:
    """checkfacts: fact-consistency checks for newspaper issues."""


@dataclass(frozen=True)
class Resolved:
    """The settings of one command after the command line, the project configuration and the defaults."""

    paths: list[str]
    rules: RuleSource
    out: Path
    fail_on: str
    lang: str
    store: str | None  # None: no fact store


def _config() -> ProjectConfig:
    from checks.settings import SettingsError, find_project_config

    try:
        return find_project_config(Path.cwd())
    except SettingsError as exc:
        raise _fail(str(exc)) from exc


def _resolve_paths(command: str, paths: list[str] | None, config: ProjectConfig) -> list[str]:
    from checks.settings import no_paths_message

    chosen = list(paths or config.get("paths") or [])
    if not chosen:
        raise _fail(no_paths_message(command))
    return chosen


def _default_store(paths: list[str], config: ProjectConfig) -> str:
    """`.checkfacts/facts.db` beside the configuration file, else beside the issues."""
    if config.file is not None:
        return str(config.file.parent / ".checkfacts" / "facts.db")
    from checks.urls import is_url

    if is_url(paths[0]):  # issues on remote storage: the store stays on this machine
        return str(Path(".checkfacts") / "facts.db")
    first = Path(paths[0])
    base = first if first.is_dir() else first.parent
    return str(base / ".checkfacts" / "facts.db")


def _lang(lang: str | None, config: ProjectConfig) -> str:
    """The console and report language: --lang, else the configuration's, else zh."""
    chosen = lang or config.get("lang") or "zh"
    if chosen not in ("zh", "en"):
        raise _fail(f"--lang: {chosen!r} is not zh or en")
    return str(chosen)


def _resolve(
    command: str,
    paths: list[str] | None,
    *,
    config: ProjectConfig | None = None,
    rules: Path | None,
    out: Path | None,
    fail_on: FailOn | None,
    lang: str | None,
    store: str | None,
    no_store: bool,
) -> Resolved:
    from checks.settings import resolve_rules

    config = config or _config()
    chosen_lang = _lang(lang, config)
    targets = _resolve_paths(command, paths, config)
    return Resolved(
        paths=targets,
        rules=resolve_rules(rules, config, Path.cwd()),
        out=out or Path(config.get("out") or "reports"),
        fail_on=(fail_on.value if fail_on else None) or config.get("fail-on") or "error",
        lang=chosen_lang,
        store=None if no_store else (store or config.get("store") or _default_store(targets, config)),
    )


@app.command()
def extract(
    paths: PathsArg = None,
    output_format: Annotated[
        FigureFormat, typer.Option("--format", metavar="json|csv", help="Output format.")
    ] = FigureFormat.json,
) -> None:
    """Print every figure extracted from the issues, one record each (path, line, value, interval, unit…)."""
    from checks.documents import DocumentError, collect_paths, read_document
    from checks.figures import extract_figures

    files, errors = collect_paths(_resolve_paths("extract", paths, _config()))
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


FormatOpt = Annotated[
    str, typer.Option("--format", metavar="FORMATS", help="Comma-separated: json, html, junit, sarif.")
]
FailOnOpt = Annotated[
    FailOn | None,
    typer.Option(
        "--fail-on", help="Exit 1 when findings at or above this severity exist [default: error].", show_default=False
    ),
]
OutOpt = Annotated[
    Path | None,
    typer.Option(
        "--out", metavar="DIR", help="Folder the reports are written to [default: reports].", show_default=False
    ),
]
LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang", metavar="zh|en", help="Report and console language: zh or en [default: zh].", show_default=False
    ),
]
StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store",
        metavar="PATH",
        help="Fact store path (default: .checkfacts/facts.db beside the configuration file, else beside the issues).",
        show_default=False,
    ),
]
NoStoreOpt = Annotated[bool, typer.Option("--no-store", metavar="", help="Do not read or write the fact store.")]
StoreTimeoutOpt = Annotated[
    float,
    typer.Option(
        "--store-timeout",
        min=0,
        metavar="SECONDS",
        help="How long to wait for another run's lock on the fact store before saying it is busy.",
    ),
]
STORE_TIMEOUT = 30.0  # checks.store.DEFAULT_TIMEOUT, repeated so --help needs no import
JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        metavar="N",
        help="Processes that analyze issues (default: the machine's cores); with --engine dask, the worker "
        "processes of the local dask cluster.",
        show_default=False,
    ),
]
EngineOpt = Annotated[
    Engine,
    typer.Option(
        "--engine",
        metavar="local|dask",
        help="Where the per-issue analysis runs: local processes, or Dask workers (pip install 'checkfacts[dask]').",
    ),
]
SchedulerOpt = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler to use, e.g. tcp://host:8786 (default with --engine dask: a local cluster of --jobs "
        "workers). Workers read the issues themselves, by absolute path: mount shared storage at the same place.",
        show_default=False,
    ),
]
ConnectTimeoutOpt = Annotated[
    float,
    typer.Option(
        "--connect-timeout",
        metavar="SECONDS",
        min=0.1,
        help="With --engine dask: how long to wait for the scheduler and its first worker.",
    ),
]
REPORT_FORMATS = ("json", "html", "junit", "sarif")


def console_line(finding: Finding, lang: str, baseline: bool = False) -> str:
    """One finding as a linter prints it: ``path:line: severity rule message``."""
    message = finding.message_zh if lang == "zh" and finding.message_zh else finding.message
    tag = " [baseline]" if baseline else ""
    return f"{finding.path}:{finding.line}: {finding.severity} {finding.rule}{tag} {message}"


def _load_rules(source: RuleSource) -> RuleSuite:
    from checks.config import ConfigError, load_suite
    from checks.rules import load_builtin_rules

    try:
        return load_suite(source.location, set(load_builtin_rules()))
    except ConfigError as exc:
        raise _fail(str(exc)) from exc


def _execute(
    settings: Resolved,
    *,
    output_format: str,
    quiet: bool,
    counts: Callable[[Finding], bool] | None = None,
    store_timeout: float = STORE_TIMEOUT,
    focus: list[str] | None = None,
    jobs: int | None = None,
    analyze: Analyzer | None = None,
) -> tuple[RunResult, list[Finding]]:
    """Load the suite, run the checks, write the reports, print the summary.

    ``counts`` decides which findings may fail the run (the gate counts only new issues'); the
    return value is the result and the findings that fail it at ``fail_on``. ``analyze`` is the
    engine of the per-issue stage (default: the local one).
    """
    from checks.documents import printable
    from checks.engine_dask import EngineError  # the module imports dask only when its engine runs
    from checks.pipeline import build_report, run_checks, stderr_progress
    from checks.report.write import OutputError, ReportSet
    from checks.store import StoreError
    from checks.validate import RuleExecutionError

    formats = _formats(output_format, REPORT_FORMATS)
    suite = _load_rules(settings.rules)
    if settings.out.exists() and not settings.out.is_dir():
        raise _fail(f"--out {settings.out}: is a file, not a folder; name a folder for the reports")
    try:
        progress = stderr_progress(not quiet)
        result = run_checks(
            settings.paths,
            suite,
            store_path=settings.store,
            progress=progress,
            store_timeout=store_timeout,
            focus=focus,
            jobs=jobs,
            analyze=analyze,
        )
    except (StoreError, RuleExecutionError, EngineError) as exc:
        if progress is not None:
            progress.close()
        raise _fail(str(exc)) from exc
    if result.errors and not result.analyses:
        if progress is not None:
            progress.close()
        # Nothing could be read: keep the previous reports rather than replace them with empty ones.
        for message in result.errors:
            typer.echo(f"checkfacts: {printable(message)}", err=True)
        raise _fail("no issue could be read; reports left as they were")
    report = build_report(result, lang=settings.lang)
    report["rule_source"] = {"kind": settings.rules.kind, "location": str(settings.rules.location)}
    if counts is not None:
        for record, finding in zip(report["findings"], result.findings, strict=True):
            record["baseline"] = "new" if counts(finding) else "unchanged"
    reports = ReportSet(settings.out, family=REPORT_FILES)
    if progress is not None:
        progress.start("write", len(formats), unit="reports")

    def write(path: Path, content: str) -> None:
        reports(path, content)
        if progress is not None:
            progress.advance("write")

    try:
        written = _write_reports(report, settings.out, formats, settings.fail_on, settings.lang, write)
        reports.commit()
    except OutputError as exc:
        reports.discard()
        raise _fail(str(exc)) from exc
    except OSError as exc:
        reports.discard()
        raise _fail(f"{settings.out}: cannot write the reports ({exc.strerror or exc})") from exc
    finally:
        if progress is not None:
            progress.close()
    failing = [f for f in result.failing(settings.fail_on) if counts is None or counts(f)]
    for message in result.errors:
        typer.echo(f"checkfacts: {printable(message)}", err=True)
    for waiver in result.stale_waivers:
        typer.echo(f"checkfacts: warning: waiver at {waiver.source} matches no finding (stale?)", err=True)
    for warning in result.extra.get("warnings", ()):
        typer.echo(f"checkfacts: warning: {warning}", err=True)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        from checks.report.sarif import github_annotations

        for line in github_annotations([f.to_record() for f in result.findings if counts is None or counts(f)]):
            typer.echo(line)
    if quiet:
        for finding in failing:
            typer.echo(console_line(finding, settings.lang))
        return result, failing
    summary = report["summary"]
    typer.echo(
        say(
            settings.lang,
            "summary",
            **{k: summary[k] for k in ("documents", "figures", "claims", "error", "warning", "info", "waived")},
            seconds=result.seconds,
            rules=settings.rules.describe(settings.lang),
        )
    )
    for finding in result.findings:
        if not finding.waived:
            typer.echo(console_line(finding, settings.lang, baseline=counts is not None and not counts(finding)))
    typer.echo(say(settings.lang, "reports", paths=", ".join(str(p) for p in written)))
    return result, failing


def _engine(engine: Engine, scheduler: str | None, jobs: int | None, timeout: float) -> Analyzer | None:
    """The per-issue engine the options choose (None: the local one); dask is imported only here."""
    if engine is Engine.local:
        if scheduler is not None:
            raise _fail("--scheduler needs --engine dask")
        return None
    if scheduler is not None and jobs is not None:
        raise _fail("--jobs sizes a local dask cluster; with --scheduler the cluster's own workers are used")
    from checks.engine_dask import DaskEngine, EngineError, require_dask

    try:
        require_dask()
    except EngineError as exc:
        raise _fail(str(exc)) from exc
    return DaskEngine(scheduler=scheduler, jobs=jobs, timeout=timeout).analyze


@app.command(epilog=EXIT_CODES_HELP)
def run(
    paths: PathsArg = None,
    rules: RulesOpt = None,
    out: OutOpt = None,
    output_format: FormatOpt = "json,html,junit",
    fail_on: FailOnOpt = None,
    lang: LangOpt = None,
    store: StoreOpt = None,
    no_store: NoStoreOpt = False,
    quiet: QuietOpt = False,
    store_timeout: StoreTimeoutOpt = STORE_TIMEOUT,
    jobs: JobsOpt = None,
    engine: EngineOpt = Engine.local,
    scheduler: SchedulerOpt = None,
    connect_timeout: ConnectTimeoutOpt = 10.0,
) -> None:
    """Check the issues and write the reports (reports/index.html, report.json, junit.xml)."""
    analyze = _engine(engine, scheduler, jobs, connect_timeout)
    settings = _resolve("run", paths, rules=rules, out=out, fail_on=fail_on, lang=lang, store=store, no_store=no_store)
    result, failing = _execute(
        settings, output_format=output_format, quiet=quiet, store_timeout=store_timeout, jobs=jobs, analyze=analyze
    )
    if result.errors:
        raise typer.Exit(code=2)
    if failing:
        raise typer.Exit(code=1)


@app.command(epilog=EXIT_CODES_HELP)
def gate(
    paths: Annotated[
        list[str] | None,
        typer.Argument(metavar="PATHS", help="The new issues (default: those added or changed since --base)."),
    ] = None,
    base: Annotated[
        str | None,
        typer.Option(
            "--base", metavar="REF", help="Git ref to compare with (default: merge base with origin/main, else HEAD~1)."
        ),
    ] = None,
    archive: Annotated[
        list[str] | None,
        typer.Option(
            "--archive",
            metavar="DIR",
            help="Folder(s) of old issues to compare against (default: the new issues' folders).",
        ),
    ] = None,
    rules: RulesOpt = None,
    out: OutOpt = None,
    output_format: FormatOpt = "json,html,junit,sarif",
    fail_on: FailOnOpt = None,
    lang: LangOpt = None,
    store: StoreOpt = None,
    no_store: NoStoreOpt = False,
    quiet: QuietOpt = False,
    store_timeout: StoreTimeoutOpt = STORE_TIMEOUT,
    jobs: JobsOpt = None,
    engine: EngineOpt = Engine.local,
    scheduler: SchedulerOpt = None,
    connect_timeout: ConnectTimeoutOpt = 10.0,
) -> None:
    """CI gate: fail only when a new or changed issue brings a discrepancy; old ones are the comparison side."""
    from checks.gate import GateError, changed_issues, default_base, involves

    analyze = _engine(engine, scheduler, jobs, connect_timeout)  # the per-issue stage, as in run

    cwd = Path.cwd()
    config = _config()
    console_lang = _lang(lang, config)
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
            typer.echo(say(console_lang, "gate_nothing"))
        return
    if not quiet:
        typer.echo(say(console_lang, "gate_new", count=len(new), paths=", ".join(new)))
    targets = sorted(set(folders) | set(new))
    new_set = set(new)
    settings = _resolve(
        "gate",
        targets,
        config=config,
        rules=rules,
        out=out,
        fail_on=fail_on,
        lang=lang,
        store=store,
        no_store=no_store,
    )
    result, failing = _execute(
        settings,
        output_format=output_format,
        quiet=quiet,
        counts=lambda finding: involves(finding, new_set),
        store_timeout=store_timeout,
        focus=new,
        jobs=jobs,
        analyze=analyze,
    )
    compared: dict[str, int] = result.extra.get("archive", {})
    if not quiet:
        typer.echo(
            say(
                settings.lang,
                "gate_compared",
                issues=compared.get("issues", 0),
                analyzed=compared.get("analyzed", 0),
                rows=compared.get("contact_rows_compared", 0),
            )
        )
    if result.stale_waivers and not quiet:
        typer.echo(say(settings.lang, "gate_stale", count=len(result.stale_waivers)))
    if result.errors:
        raise typer.Exit(code=2)
    if failing:
        if not quiet:
            typer.echo(say(settings.lang, "gate_failed", count=len(failing), level=settings.fail_on))
        raise typer.Exit(code=1)
    if not quiet:
        typer.echo(say(settings.lang, "gate_passed"))


REPORT_FILES = ("report.json", "junit.xml", "report.sarif", "index.html")  # what _write_reports may write


def _write_reports(
    report: dict[str, Any], out: Path, formats: list[str], fail_on: str, lang: str, write: Callable[[Path, str], None]
) -> list[Path]:
    """Write each requested report atomically; return the paths written."""
    written: list[Path] = []
    if "json" in formats:
        written.append(out / "report.json")
        write(written[-1], json.dumps(report, ensure_ascii=False, separators=(",", ":")) + "\n")
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
def list_rules(rules: RulesOpt = None) -> None:
    """List the rules of the suite with their severity and whether they are on, and where the suite came from."""
    from checks.rules import load_builtin_rules
    from checks.settings import resolve_rules

    source = resolve_rules(rules, _config(), Path.cwd())
    suite = _load_rules(source)
    typer.echo(f"rule suite: {source.describe()}")
    for rule_id, rule in sorted(load_builtin_rules().items()):
        setting = suite.rules.get(rule_id)
        state = "off (not declared)" if setting is None else (setting.severity if setting.enabled else "off")
        typer.echo(f"{rule_id:22} {state:18} {rule.title_en}")


@app.command()
def init(
    force: Annotated[
        bool, typer.Option("--force", metavar="", help="Overwrite an existing expectations/ folder's files.")
    ] = False,
) -> None:
    """Write an editable copy of the default rules into ./expectations/ and ignore checkfacts' outputs in git."""
    from checks.init import InitError, init_project

    try:
        notes = init_project(Path.cwd(), force=force)
    except InitError as exc:
        raise _fail(str(exc)) from exc
    for note in notes:
        typer.echo(note)


@app.command()
def explain(
    rule: Annotated[str, typer.Argument(help="A rule id, as `checkfacts rules` lists them.")],
    lang: LangOpt = None,
) -> None:
    """What a rule checks, a sentence that fires it, one that does not, and its options."""
    from checks.rule_help import UnknownRule, explain_rule

    try:
        text = explain_rule(rule, _lang(lang, _config()))
    except UnknownRule as exc:
        raise _fail(str(exc)) from exc
    typer.echo(text)


ArchiveArg = Annotated[
    str,
    typer.Argument(metavar="STORE", help="A Parquet fact store: the folder run --store wrote (*.parquet)."),
]


@app.command("archive", epilog=EXIT_CODES_HELP)
def archive_check(
    store: ArchiveArg,
    rules: RulesOpt = None,
    fail_on: FailOnOpt = None,
    lang: LangOpt = None,
    scheduler: SchedulerOpt = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Worker processes of a local dask cluster (default: threads here)."),
    ] = None,
    connect_timeout: ConnectTimeoutOpt = 10.0,
) -> None:
    """The cross-issue rules over every issue of a Parquet fact store, with dask.dataframe (no report written)."""
    from checks.archive import MARKER
    from checks.config import apply_waivers
    from checks.engine_dask import INSTALL_HINT, DaskEngine, EngineError
    from checks.findings import SEVERITY_RANK
    from checks.settings import resolve_rules
    from checks.store import StoreError

    config = _config()
    console_lang = _lang(lang, config)
    suite = _load_rules(resolve_rules(rules, config, Path.cwd()))
    threshold = (fail_on.value if fail_on else None) or config.get("fail-on") or "error"
    if not (Path(store) / MARKER).is_file():
        raise _fail(f"{store}: not a Parquet fact store (checkfacts run ISSUES --store {store} writes one)")
    try:
        import dask.dataframe  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError as exc:
        raise _fail(f"archive needs dask.dataframe and pyarrow, which are not installed: {INSTALL_HINT}") from exc
    from checks.archive_rules import archive_findings

    try:
        if scheduler is None and jobs is None:
            findings = archive_findings(store, suite)
        else:
            with DaskEngine(scheduler=scheduler, jobs=jobs, timeout=connect_timeout).client():
                findings = archive_findings(store, suite)  # on the client's cluster
    except (StoreError, EngineError) as exc:
        raise _fail(str(exc)) from exc
    except (OSError, ValueError, TypeError, KeyError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        detail = " ".join(str(exc).split())[:300]
        raise _fail(f"{store}: the Parquet fact store cannot be read ({type(exc).__name__}: {detail})") from exc
    apply_waivers(findings, suite.waivers)
    for finding in findings:
        if not finding.waived:
            typer.echo(console_line(finding, console_lang))
    floor = SEVERITY_RANK.get(threshold)
    failing = [f for f in findings if not f.waived and floor is not None and SEVERITY_RANK[f.severity] >= floor]
    typer.echo(f"{len(findings)} cross-issue finding(s), {len(failing)} at or above {threshold}", err=True)
    if failing:
        raise typer.Exit(code=1)


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def main() -> None:
    """Console entry point.

    Whatever way the command ends, the objects still alive are frozen out of the garbage collector
    first: with Great Expectations and pandas loaded, the interpreter's collections at exit took 2-3
    s on this machine (the bench's gate and run), for memory the OS frees anyway. Exit handlers still
    run and streams are still flushed."""
    import errno
    import gc
    import signal

    # SIGTERM (a CI job cancelled, `kill PID`) ends the run as SIGINT does: the process pool is shut down
    # and its workers end too, instead of living on as orphans that hold the caller's pipes open.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    try:
        app()
    except OSError as exc:
        # Standard output that cannot be written (a full disk, /dev/full): one line, not a traceback.
        if exc.filename is not None or exc.errno not in (errno.ENOSPC, errno.EIO, errno.EDQUOT):
            raise
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing left to flush at exit
        print(f"checkfacts: cannot write the output ({exc.strerror})", file=sys.stderr)
        raise SystemExit(2) from None
    finally:
        gc.freeze()
