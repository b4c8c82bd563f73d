"""The declared rule suite: loading, and malformed files named with their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.config import ConfigError, Waiver, apply_waivers, load_suite
from checks.findings import Finding

ROOT = Path(__file__).resolve().parent.parent
KNOWN = {"pct_change_mismatch", "contact_mismatch", "weekday_mismatch"}


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_repository_suite_loads_every_rule() -> None:
    from checks.rules import load_builtin_rules

    registry = load_builtin_rules()
    suite = load_suite(ROOT / "expectations", set(registry))
    assert set(suite.rules) == set(registry)
    assert suite.waivers == []


def test_severity_options_and_switch_are_read(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "a.yml",
        "rules:\n  pct_change_mismatch:\n    severity: warning\n    enabled: false\n"
        "    options:\n      rounding: [truncate]\n      whole_units: [起]\n",
    )
    setting = load_suite(tmp_path, KNOWN).rules["pct_change_mismatch"]
    assert (setting.severity, setting.enabled) == ("warning", False)
    assert setting.options.rounding == ("truncate",)
    assert setting.options.whole_units == ("起",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rules:\n  pct_change_mismatch:\n    severity: fatal\n", r"a\.yml:3: .*severity 'fatal'"),
        ("rules:\n  no_such_rule:\n    severity: error\n", r"a\.yml:2: unknown rule 'no_such_rule'"),
        ("rules:\n  pct_change_mismatch:\n    severity: error\n   bad: [\n", r"a\.yml:\d+: malformed YAML"),
        ("rules:\n  pct_change_mismatch:\n    enabled: maybe\n    severity: error\n", r"a\.yml:3: .*true or false"),
        (
            "rules:\n  pct_change_mismatch:\n    severity: error\n    options:\n      rounding: [ceiling]\n",
            r"a\.yml:5: .*rounding",
        ),
        ("rules:\n  weekday_mismatch: {}\n", r"a\.yml:2: .*severity is required"),
    ],
)
def test_malformed_rule_file_names_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    _write(tmp_path, "a.yml", text)
    with pytest.raises(ConfigError, match=message):
        load_suite(tmp_path, KNOWN)


def test_malformed_waiver_names_file_and_line(tmp_path: Path) -> None:
    _write(tmp_path, "a.yml", "rules:\n  contact_mismatch:\n    severity: error\n")
    _write(tmp_path, "waivers.yml", "waivers:\n  - path: x.txt\n    rule: contact_mismatch\n    reason: ok\n")
    with pytest.raises(ConfigError, match=r"waivers\.yml:2: waiver needs 'contains'"):
        load_suite(tmp_path, KNOWN)


def test_missing_rule_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="rule folder not found"):
        load_suite(tmp_path / "nope", KNOWN)


def _finding(path: str, excerpt: str) -> Finding:
    return Finding("contact_mismatch", "error", path, 3, 0, 5, excerpt, "differs")


def test_waiver_marks_matching_findings_and_reports_stale_ones() -> None:
    hit = Waiver("a/001.txt", "contact_mismatch", "韩志强", "typo fixed online", "w.yml:2")
    stale = Waiver("999.txt", "contact_mismatch", "韩志强", "old", "w.yml:6")
    findings = [_finding("seeds/a/001.txt", "副主任: 韩志强 13033113276"), _finding("seeds/002.txt", "韩志强")]
    left = apply_waivers(findings, [hit, stale])
    assert [f.waived for f in findings] == [True, False]
    assert findings[0].waiver_reason == "typo fixed online"
    assert left == [stale]
