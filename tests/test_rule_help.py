"""Every rule's help examples behave as the help says, through the real pipeline; `explain` prints them."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from checks.cli import app
from checks.config import load_suite
from checks.pipeline import run_checks
from checks.rule_help import help_markdown, help_text, rule_help
from checks.rules import load_builtin_rules
from checks.settings import packaged_rules

RULE_IDS = sorted(load_builtin_rules())
runner = CliRunner()


def _rules_raised(tmp_path: Path, issues: tuple[str, ...]) -> set[str]:
    for number, text in enumerate(issues, start=1):
        (tmp_path / f"{number:03d}.txt").write_text(text, encoding="utf-8")
    result = run_checks([str(tmp_path)], load_suite(packaged_rules(), set(RULE_IDS)))
    assert result.errors == []
    return {finding.rule for finding in result.findings}


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_every_rule_has_both_examples_and_help(rule_id: str) -> None:
    info = rule_help(rule_id)
    assert info.fires and info.quiet and info.why
    assert rule_id in help_markdown(rule_id) or info.title in help_markdown(rule_id)
    assert info.fires[0].strip() in help_text(rule_id)


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_the_firing_example_fires(rule_id: str, tmp_path: Path) -> None:
    assert rule_id in _rules_raised(tmp_path, rule_help(rule_id).fires)


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_the_quiet_example_is_quiet(rule_id: str, tmp_path: Path) -> None:
    assert rule_id not in _rules_raised(tmp_path, rule_help(rule_id).quiet)


def test_explain_prints_meaning_examples_and_options() -> None:
    result = runner.invoke(app, ["explain", "pct_change_mismatch", "--lang", "en"])
    assert result.exit_code == 0, result.output
    for part in ("Fires on:", "Quiet on:", "Options:", "rounding", "下降8.50%", "下降8.04%"):
        assert part in result.stdout
    zh = runner.invoke(app, ["explain", "pct_change_mismatch", "--lang", "zh"])
    assert "触发示例" in zh.stdout and "选项" in zh.stdout
    unknown = runner.invoke(app, ["explain", "no_such_rule"])
    assert unknown.exit_code == 2 and "not a rule" in unknown.stderr


def test_help_reads_default_severity_and_options_from_the_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    from checks.rules import RULES

    rule = RULES["contact_changed"]
    shown = runner.invoke(app, ["explain", "contact_changed", "--lang", "en"]).stdout
    assert "severity: error | warning | info (default: info)" in shown
    assert "transient_roles:" in shown and all(word in shown for word in rule.options.transient_roles)
    assert "rounding" not in shown  # contact_changed reads no rounding option
    changed = dataclasses.replace(
        rule, default_severity="warning", options=rule.options.overridden({"transient_roles": ("轮值",)})
    )
    monkeypatch.setitem(RULES, "contact_changed", changed)
    markdown = help_markdown("contact_changed")
    assert "Default severity: warning." in markdown and "(default: 轮值)" in markdown
