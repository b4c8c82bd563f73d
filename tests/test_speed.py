"""What the speed work promises beyond timings: compact reports, --jobs, progress only on a terminal,
GX imported only when a table has rows, and the run's per-phase progress."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checks.cli import app
from checks.progress import RichPhases, terminal_phases
from tests.conftest import RULES, SEEDS

runner = CliRunner()


def test_report_json_is_compact_and_jobs_gives_the_same_findings(tmp_path: Path) -> None:
    reports = {}
    for jobs in ("1", "2"):
        out = tmp_path / jobs
        result = runner.invoke(
            app, ["run", str(SEEDS), "--rules", str(RULES), "--out", str(out), "--no-store", "-q", "--jobs", jobs]
        )
        assert result.exit_code == 1, result.output
        text = (out / "report.json").read_text(encoding="utf-8")
        assert "\n" not in text.rstrip("\n") and '": ' not in text[:200]  # one line, no indent, no spaces
        reports[jobs] = json.loads(text)
    assert [f["id"] for f in reports["1"]["findings"]] == [f["id"] for f in reports["2"]["findings"]]
    assert len(reports["1"]["findings"]) == 6
    assert set(reports["1"]["timings"]) >= {"analyze", "validate"}


def test_jobs_must_be_positive(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(SEEDS), "--rules", str(RULES), "--out", str(tmp_path), "--jobs", "0"])
    assert result.exit_code == 2


def test_no_progress_when_not_a_terminal_or_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    assert terminal_phases(True) is None  # pytest's stderr is not a terminal
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    monkeypatch.setenv("CI", "1")
    assert terminal_phases(True) is None
    monkeypatch.delenv("CI")
    assert terminal_phases(False) is None


def test_rich_progress_shows_every_phase_with_counts_and_rate() -> None:
    from rich.console import Console

    from checks.config import load_suite
    from checks.pipeline import run_checks
    from checks.rules import load_builtin_rules

    buffer = io.StringIO()
    phases = RichPhases(Console(file=buffer, force_terminal=True, width=120))
    suite = load_suite(RULES, set(load_builtin_rules()))
    run_checks([str(SEEDS)], suite, progress=phases)
    phases.start("write", 1, unit="reports")
    phases.advance("write")
    phases.close()
    shown = buffer.getvalue()
    for phase in ("read", "extract", "claims", "validate", "write"):
        assert phase in shown
    assert "5/5" in shown and "/s" in shown


def test_great_expectations_is_not_imported_when_no_table_has_rows(tmp_path: Path) -> None:
    issue = tmp_path / "empty.txt"
    issue.write_text("今天天气很好。\n", encoding="utf-8")
    probe = (
        "import sys; from typer.testing import CliRunner; from checks.cli import app; "
        f"r = CliRunner().invoke(app, ['run', {str(issue)!r}, '--rules', {str(RULES)!r}, "
        f"'--out', {str(tmp_path / 'out')!r}, '--no-store', '-q']); "
        "assert r.exit_code == 0, r.output; print('great_expectations' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_checks_rules_does_not_import_pandas() -> None:
    probe = "import sys, checks.rules; print('pandas' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_the_rules_command_imports_neither_pandas_nor_great_expectations(tmp_path: Path) -> None:
    """`checkfacts rules` lists every rule (so every rule module is loaded) without the heavy imports:
    the rule modules import pandas only where a rule runs."""
    probe = (
        "import sys; from typer.testing import CliRunner; from checks.cli import app; "
        f"r = CliRunner().invoke(app, ['rules', '--rules', {str(RULES)!r}]); "
        "assert r.exit_code == 0, r.output; assert 'contact_mismatch' in r.output, r.output; "
        "print(sorted(m for m in ('pandas', 'great_expectations') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_a_second_preload_does_not_wait_for_the_import_under_way(monkeypatch: pytest.MonkeyPatch) -> None:
    """preload() is called once per analyzed issue: while the import runs it must return, not wait
    (it used to take the import's lock, so each later issue waited for the whole GX import)."""
    import threading

    import checks.validate as validate

    release = threading.Event()

    def slow_import() -> tuple[object, object]:
        release.wait(30)
        raise RuntimeError("fake import ends")

    monkeypatch.setattr(validate, "_import_gx", slow_import)
    gx = validate._GX()
    gx.preload()  # the thread now sits in the fake import, holding the import lock
    second = threading.Thread(target=gx.preload)
    second.start()
    second.join(10)
    still_waiting = second.is_alive()
    release.set()
    second.join()
    assert not still_waiting
    with pytest.raises(RuntimeError, match="fake import ends"):
        gx.get()


def test_a_period_pattern_is_skipped_only_when_its_closing_words_are_absent() -> None:
    """The claims stage skips a period pattern over a paragraph lacking every word its match must end
    with; the words are read from the pattern, and a pattern they cannot be read from safely is run."""
    from checks.claims.context import _literal_tail, _periods

    assert _literal_tail("[^,]{2,12}?(?:期间|以来|行动中)") == ("期间", "以来", "行动中")
    for unsafe in ("x|a(?:b|c)", "a(?:b|c)?", "a(?:b|c)+", "a(?:b|c.)", "a(?:b|(c))", r"a\(?:b|c)", "a(?=(?:b|c))"):
        assert _literal_tail(unsafe) is None, unsafe
    assert [key for _, _, key in _periods("专项行动期间,全市破获案件12起")] == ["during:专项行动期间"]
    assert _periods("全市破获案件12起") == []


def test_gx_import_starts_before_the_analysis_when_a_new_issue_prints_a_masthead(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A serial run starts GX's import before analyzing when a focus issue has masthead rows (the
    contacts table will have rows), and not at all for an issue with no rows."""
    import checks.pipeline as pipeline
    from checks.config import load_suite
    from checks.rules import load_builtin_rules
    from checks.validate import GX

    events: list[str] = []
    monkeypatch.setattr(type(GX), "preload", lambda self: events.append("preload"))
    real = pipeline.analyze_paths

    def analyze(*args: object, **kwargs: object) -> object:
        events.append("analyze")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "analyze_paths", analyze)
    suite = load_suite(RULES, set(load_builtin_rules()))
    from checks.documents import read_document
    from checks.masthead import extract_masthead

    with_masthead = [p for p in sorted(SEEDS.glob("*.txt")) if extract_masthead(read_document(p)).entries]
    assert with_masthead
    pipeline.run_checks([str(with_masthead[0])], suite, store_path=None)
    assert events[:2] == ["preload", "analyze"]
    events.clear()
    empty = tmp_path / "empty.txt"
    empty.write_text("今天天气很好。\n", encoding="utf-8")
    pipeline.run_checks([str(empty)], suite, store_path=None)
    assert events == ["analyze"]


def test_a_run_that_validates_with_gx_never_imports_scipy_stats(tmp_path: Path) -> None:
    """GX binds `scipy.stats` at import but no rule of ours computes with it: the stand-in keeps the
    0.6 s import off the run, and the run still finds the seeds' six discrepancies through GX."""
    probe = (
        "import sys; from typer.testing import CliRunner; from checks.cli import app; "
        f"r = CliRunner().invoke(app, ['run', {str(SEEDS)!r}, '--rules', {str(RULES)!r}, "
        f"'--out', {str(tmp_path / 'out')!r}, '--no-store', '-q']); "
        "assert r.exit_code == 1, r.output; "
        "print('great_expectations' in sys.modules, 'scipy.stats' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "True False", done.stdout + done.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert len(report["findings"]) == 6


def test_gx_s_deferred_scipy_stats_imports_the_real_module_when_read() -> None:
    """The KL-divergence expectation's `stats` answers from the real scipy.stats at first use."""
    probe = (
        "import sys; from checks.validate import _import_gx; _import_gx(); "
        "from great_expectations.expectations.core import expect_column_kl_divergence_to_be_less_than as kl; "
        "import scipy; before = 'scipy.stats' in sys.modules; "
        "value = kl.stats.norm.cdf(0.0); "
        "print(before, value, sys.modules['scipy.stats'] is scipy.stats, kl.stats.entropy is scipy.stats.entropy)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "0.5", "True", "True"], done.stdout + done.stderr


def test_defer_submodule_leaves_an_imported_or_missing_module_alone() -> None:
    import types

    from checks.deferred_import import DeferredModule, defer_submodule

    assert defer_submodule("json", "decoder") is False  # imported already (json imports it)
    assert defer_submodule("no_such_package_here", "stats") is False
    package = types.ModuleType("checkfacts_probe_package")
    sys.modules["checkfacts_probe_package"] = package
    try:
        assert defer_submodule("checkfacts_probe_package", "part") is True
        assert isinstance(package.part, DeferredModule)
        assert defer_submodule("checkfacts_probe_package", "part") is False  # bound once
        with pytest.raises(ModuleNotFoundError):
            package.part.anything  # noqa: B018 - the read imports the (absent) real submodule
    finally:
        del sys.modules["checkfacts_probe_package"]
