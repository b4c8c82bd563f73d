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


def test_a_rule_named_without_settings_takes_the_rules_own_defaults(tmp_path: Path) -> None:
    from checks.rules import RULES, load_builtin_rules

    load_builtin_rules()
    _write(tmp_path, "a.yml", "rules:\n  pct_change_impossible: {}\n  contact_changed:\n    severity: warning\n")
    suite = load_suite(tmp_path, KNOWN | {"pct_change_impossible", "contact_changed"})
    grim, changed = suite.rules["pct_change_impossible"], suite.rules["contact_changed"]
    assert (grim.enabled, grim.severity, grim.options) == (True, "warning", RULES["pct_change_impossible"].options)
    assert changed.severity == "warning" and changed.options == RULES["contact_changed"].options
    assert "本期" in changed.options.transient_roles  # the default lives on the rule, not in the YAML


def test_an_option_override_replaces_only_that_option(tmp_path: Path) -> None:
    from checks.rules import RULES, load_builtin_rules

    load_builtin_rules()
    _write(tmp_path, "a.yml", "rules:\n  contact_changed:\n    options:\n      transient_roles: [值班]\n")
    setting = load_suite(tmp_path, KNOWN | {"contact_changed"}).rules["contact_changed"]
    assert setting.severity == RULES["contact_changed"].default_severity == "info"
    assert setting.options.transient_roles == ("值班",)
    assert setting.options.whole_units == RULES["contact_changed"].options.whole_units


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
        (
            "rules:\n  weekday_mismatch:\n    options:\n      rounding: [truncate]\n",
            r"a\.yml:4: rule weekday_mismatch has no option 'rounding' \(its options: none\)",
        ),
        (
            "rules:\n  pct_change_mismatch:\n    options:\n      transient_roles: [值班]\n",
            r"a\.yml:4: rule pct_change_mismatch has no option 'transient_roles' "
            r"\(its options: rounding, whole_units\)",
        ),
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


# --- faults (issue 14): every configuration mistake is named ----------------------------------

_RULE = "rules:\n  pct_change_mismatch:\n    severity: error\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            _RULE + "    options:\n      roundng: [truncate]\n",
            r"a\.yml:5: rule pct_change_mismatch options: unknown key 'roundng'",
        ),
        (
            _RULE + "    options:\n      whole_units: [起, 万元]\n",
            r"a\.yml:5: .*whole_units '万元' is not a count unit",
        ),
        (_RULE + "    options:\n      whole_units: [起, 12]\n", r"a\.yml:5: .*whole_units must be text, not a number"),
        (_RULE + "    options:\n      whole_units: 起\n", r"a\.yml:5: .*whole_units must be a list"),
        (_RULE + "    options:\n      rounding: []\n", r"a\.yml:5: .*rounding needs at least 1"),
        ("suite: 123\n" + _RULE, r"a\.yml:1: suite must be text, not a number"),
        ("suite: ''\n" + _RULE, r"a\.yml:1: suite must not be empty"),
        ("description: [a, b]\n" + _RULE, r"a\.yml:1: description must be text, not a list"),
        ("sutie: x\n" + _RULE, r"a\.yml:1: the file: unknown key 'sutie'"),
        (_RULE + "    enabled: 'yes'\n", r"a\.yml:4: rule pct_change_mismatch enabled must be true or false"),
        (_RULE + "    severity_: error\n", r"a\.yml:4: rule pct_change_mismatch: unknown key 'severity_'"),
        ("rules:\n", r"a\.yml:1: rules must be a mapping, not empty"),
        ("suite: x\n", r"a\.yml:1: the file: rules is required"),
    ],
)
def test_schema_violations_are_named_with_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    _write(tmp_path, "a.yml", text)
    with pytest.raises(ConfigError, match=message):
        load_suite(tmp_path, KNOWN)


def test_two_files_declaring_one_suite_are_refused(tmp_path: Path) -> None:
    _write(tmp_path, "a.yml", "suite: in_issue\n" + _RULE)
    _write(tmp_path, "b.yml", "suite: in_issue\nrules:\n  weekday_mismatch:\n    severity: error\n")
    with pytest.raises(ConfigError, match=r"b\.yml:1: suite 'in_issue' is already declared at .*a\.yml:1"):
        load_suite(tmp_path, KNOWN)


def test_yaml_aliases_are_refused_before_they_expand(tmp_path: Path) -> None:
    import time

    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [*{previous},*{previous},*{previous},*{previous},*{previous},*{previous}]\n"
    _write(
        tmp_path,
        "a.yml",
        _RULE + "    options:\n      extra_bomb:\n" + "".join(f"        {line}" for line in bomb.splitlines(True)),
    )
    started = time.perf_counter()
    with pytest.raises(ConfigError, match=r"a\.yml:6: YAML anchors and aliases .* are not allowed"):
        load_suite(tmp_path, KNOWN)
    assert time.perf_counter() - started < 30  # generous: expanded, this bomb never finishes
    _write(tmp_path, "a.yml", "suite: &s in_issue\n" + _RULE)
    with pytest.raises(ConfigError, match=r"a\.yml:1: YAML anchors"):
        load_suite(tmp_path, KNOWN)


def test_a_fifo_among_the_rule_files_is_never_read(tmp_path: Path) -> None:
    import os

    from checks.config import _compose

    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    _write(tmp_path, "a.yml", _RULE)
    os.mkfifo(tmp_path / "b.yml")
    with pytest.raises(ConfigError, match=r"b\.yml: not a regular file"):
        load_suite(tmp_path, KNOWN)  # the folder scan names it, without opening it
    with pytest.raises(ConfigError, match=r"b\.yml: not a regular file"):
        _compose(tmp_path / "b.yml")  # and reading it directly refuses it instead of blocking


def test_the_shipped_schema_is_json_schema_and_the_shipped_rules_follow_it() -> None:
    """The same file an editor uses: valid JSON Schema, and jsonschema agrees with our validator."""
    import jsonschema
    import yaml

    from checks.rule_schema import file_schema

    schema = file_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted((ROOT / "expectations").glob("*.yml")):
        if path.name != "waivers.yml":
            assert list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8")))) == [], path
    assert list(validator.iter_errors({"rules": {"x": {"severity": "error", "options": {"roundng": []}}}}))
