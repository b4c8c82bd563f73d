"""Where the rules and settings come from: --rules, ./expectations/, the project configuration, the package."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checks.cli import app
from checks.settings import SettingsError, find_project_config, packaged_rules, resolve_rules
from tests.conftest import ROOT, RULES, SEEDS

runner = CliRunner()


def _invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout + result.stderr


def _issues(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for path in SEEDS.glob("*.txt"):
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


def test_the_packaged_rules_are_this_repository_suite() -> None:
    packaged = {entry.name: entry.read_text(encoding="utf-8") for entry in packaged_rules().iterdir()}
    here = {path.name: path.read_text(encoding="utf-8") for path in RULES.glob("*.yml")}
    assert packaged == here


def test_resolution_order(tmp_path: Path) -> None:
    config = find_project_config(tmp_path)
    assert config.file is None
    assert resolve_rules(None, config, tmp_path).kind == "packaged"
    (tmp_path / "checkfacts.toml").write_text('rules = "house-rules"\n', encoding="utf-8")
    config = find_project_config(tmp_path)
    source = resolve_rules(None, config, tmp_path)
    assert (source.kind, str(source.location)) == ("config", "house-rules")
    (tmp_path / "expectations").mkdir()
    assert resolve_rules(None, config, tmp_path).kind == "folder"
    assert resolve_rules(Path("x"), config, tmp_path).kind == "option"


def test_configuration_is_found_upward_and_its_paths_are_relative_to_it(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.checkfacts]\npaths = ["issues"]\nout = "build/reports"\nlang = "en"\n',
        encoding="utf-8",
    )
    below = tmp_path / "issues" / "2022"
    below.mkdir(parents=True)
    config = find_project_config(below)
    assert config.file == tmp_path / "pyproject.toml"
    assert Path(below, config.get("paths")[0]).resolve() == (tmp_path / "issues").resolve()
    assert Path(below, config.get("out")).resolve() == (tmp_path / "build" / "reports").resolve()
    assert config.get("lang") == "en"


def test_a_pyproject_without_the_table_is_passed_over(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_project_config(tmp_path).file is None


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ('paths = ["issues"]\nfail_on = "error"\n', "unknown key(s) fail_on"),
        ('lang = "fr"\n', "lang must be one of zh, en"),
        ("paths = 3\n", "paths must be a list"),
        ("paths = [\n", "malformed TOML"),
    ],
)
def test_a_bad_configuration_is_one_line_naming_the_file(tmp_path: Path, text: str, complaint: str) -> None:
    (tmp_path / "checkfacts.toml").write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError, match=r"checkfacts\.toml") as caught:
        find_project_config(tmp_path)
    assert complaint in str(caught.value)


def test_run_with_no_paths_and_no_configuration_names_both_ways(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = _invoke("run")
    assert code == 2
    assert "checkfacts run issues/" in output and "[tool.checkfacts]" in output and "checkfacts.toml" in output
    assert list(tmp_path.iterdir()) == []


def test_run_reads_the_configuration_and_the_packaged_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _issues(tmp_path / "issues")
    (tmp_path / "checkfacts.toml").write_text(
        'paths = ["issues"]\nout = "out"\nfail-on = "never"\nlang = "en"\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    code, output = _invoke("run", "--quiet")
    assert code == 0, output  # fail-on = never
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["rule_source"]["kind"] == "packaged"
    assert report["lang"] == "en"
    assert len(report["documents"]) == 5
    assert (tmp_path / ".checkfacts" / "facts.db").exists()  # beside the configuration file
    assert not (tmp_path / "issues" / ".checkfacts").exists()


def test_a_missing_path_creates_no_store_and_no_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = _invoke("run", "nothere")
    assert code == 2 and "nothere" in output
    assert list(tmp_path.iterdir()) == []


def test_rules_command_says_where_the_suite_came_from(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = _invoke("rules")
    assert code == 0 and "packaged" in output.splitlines()[0]
    monkeypatch.chdir(ROOT)
    code, output = _invoke("rules")
    assert code == 0 and "./expectations/" in output.splitlines()[0]


def test_init_writes_an_editable_copy_and_the_ignore_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".gitignore").write_text("*.pyc", encoding="utf-8")  # no final newline
    code, output = _invoke("init")
    assert code == 0, output
    assert sorted(p.name for p in (tmp_path / "expectations").iterdir()) == sorted(p.name for p in RULES.glob("*.yml"))
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8").splitlines() == ["*.pyc", ".checkfacts/", "reports/"]
    code, output = _invoke("init")
    assert code == 2 and "--force" in output
    (tmp_path / "expectations" / "in_issue.yml").write_text("edited", encoding="utf-8")
    code, _ = _invoke("init", "--force")
    assert code == 0
    assert (tmp_path / "expectations" / "in_issue.yml").read_text(encoding="utf-8") == (
        RULES / "in_issue.yml"
    ).read_text(encoding="utf-8")
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8").count(".checkfacts/") == 1
    code, output = _invoke("rules")
    assert code == 0 and "./expectations/" in output.splitlines()[0]


def test_help_lists_exit_codes_and_no_bool_metavars() -> None:
    for command in ([], ["run"], ["gate"], ["extract"], ["rules"], ["init"], ["explain"]):
        code, output = _invoke(*command, "-h")
        assert code == 0, output
        assert "<bool>" not in output
    assert "Exit codes: 0 clean, 1 findings" in _invoke("-h")[1]
    assert "Exit codes" in _invoke("run", "-h")[1] and "Exit codes" in _invoke("gate", "-h")[1]


def test_a_rule_folder_entry_that_is_no_regular_file_is_named(tmp_path: Path) -> None:
    import os

    from checks.config import ConfigError, load_suite
    from checks.rules import load_builtin_rules

    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "in_issue.yml").write_text((RULES / "in_issue.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (rules / "extra.yml").mkdir()
    with pytest.raises(ConfigError, match=r"extra\.yml: not a regular file"):
        load_suite(rules, set(load_builtin_rules()))
    (rules / "extra.yml").rmdir()
    os.mkfifo(rules / "pipe.yml")
    with pytest.raises(ConfigError, match=r"pipe\.yml: not a regular file"):
        load_suite(rules, set(load_builtin_rules()))
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(ConfigError, match="not a folder or a rule file"):
        load_suite(tmp_path / "fifo", set())


def test_console_sentences_follow_lang(tmp_path: Path) -> None:
    issues = _issues(tmp_path / "issues")
    for lang, words in (("en", ("issues,", "errors", "reports:")), ("zh", ("期,", "错误", "报告:"))):
        code, output = _invoke("run", str(issues), "--no-store", "--out", str(tmp_path / lang), "--lang", lang)
        assert code == 1
        assert all(word in output for word in words), output
