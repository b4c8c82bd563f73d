"""The real CLI through typer's CliRunner: reports, exit codes, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checks.cli import app
from tests.conftest import RULES, SCHEMA, SEEDS, SHARED_SCHEMA

runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict, Path]:  # type: ignore[type-arg]
    out = tmp_path_factory.mktemp("reports")
    code, _, _ = _run("run", str(SEEDS), "--rules", str(RULES), "--out", str(out), "--no-store", "--quiet")
    return code, json.loads((out / "report.json").read_text(encoding="utf-8")), out


def test_run_on_seeds_writes_every_report(seed_run: tuple[int, dict, Path]) -> None:  # type: ignore[type-arg]
    code, report, out = seed_run
    assert code == 1  # the seeds hold real errors (韩志强's two numbers)
    assert {p.name for p in out.iterdir()} >= {"report.json", "index.html", "junit.xml"}
    assert len(report["documents"]) == 5
    assert all(d["figures"] > 0 for d in report["documents"])


def test_report_json_is_valid_against_the_schema(seed_run: tuple[int, dict, Path]) -> None:  # type: ignore[type-arg]
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(seed_run[1])


def test_repository_schema_is_the_shared_contract() -> None:
    if not SHARED_SCHEMA.exists():
        pytest.skip("no shared/ folder beside this checkout to compare with (the copy in schemas/ is used)")
    assert SCHEMA.read_bytes() == SHARED_SCHEMA.read_bytes()


def test_fail_on_never_exits_zero(tmp_path: Path) -> None:
    code, _, _ = _run(
        "run",
        str(SEEDS),
        "--rules",
        str(RULES),
        "--out",
        str(tmp_path),
        "--no-store",
        "--fail-on",
        "never",
        "--quiet",
        "--format",
        "json",
    )
    assert code == 0


def test_clean_issue_exits_zero(tmp_path: Path) -> None:
    issue = tmp_path / "clean.txt"
    issue.write_text("全市全年共处理一般程序事故412起,同比减少36起,下降8.04%。\n", encoding="utf-8")
    code, out, _ = _run("run", str(issue), "--rules", str(RULES), "--out", str(tmp_path / "r"), "--no-store")
    assert code == 0, out


def test_bad_files_are_named_and_the_rest_still_reported(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("共查处酒驾9129起,其中醉驾1918起。\n", encoding="utf-8")
    (tmp_path / "scan.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    (tmp_path / "latin.txt").write_bytes(b"\xff\xfe\xff\xfe\x81\x30" * 10)
    code, _, err = _run("run", str(tmp_path), "--rules", str(RULES), "--out", str(tmp_path / "r"), "--no-store")
    assert code == 2
    assert "scan.txt: binary file" in err
    assert "latin.txt: cannot decode" in err
    report = json.loads((tmp_path / "r" / "report.json").read_text(encoding="utf-8"))
    assert [Path(d["path"]).name for d in report["documents"]] == ["good.txt"]
    assert len(report["errors"]) == 2


def test_missing_path_is_a_usage_error_and_keeps_the_previous_reports(tmp_path: Path) -> None:
    (tmp_path / "report.json").write_text("previous", encoding="utf-8")
    code, _, err = _run("run", str(tmp_path / "nope"), "--rules", str(RULES), "--out", str(tmp_path), "--no-store")
    assert code == 2 and "nope: no such file or folder" in err
    assert (tmp_path / "report.json").read_text(encoding="utf-8") == "previous"
    assert not (tmp_path / "index.html").exists()


def test_malformed_rule_file_is_named_with_its_line(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "x.yml").write_text("rules:\n  weekday_mismatch:\n    severity: loud\n", encoding="utf-8")
    code, _, err = _run("run", str(SEEDS), "--rules", str(rules), "--out", str(tmp_path), "--no-store")
    assert code == 2
    assert "x.yml:3:" in err and "loud" in err
    assert "Traceback" not in err


def test_input_files_are_never_modified(tmp_path: Path, seeds_copy: Path) -> None:
    before = {p.name: p.read_bytes() for p in seeds_copy.iterdir()}
    _run("run", str(seeds_copy), "--rules", str(RULES), "--out", str(tmp_path / "r"), "--no-store", "--quiet")
    assert {p.name: p.read_bytes() for p in seeds_copy.iterdir() if p.is_file()} == before


def test_extract_prints_records_with_path_and_line() -> None:
    code, out, _ = _run("extract", str(SEEDS / "000_790d48be6e122fa4.txt"), "--format", "json")
    assert code == 0
    records = json.loads(out)
    first = next(r for r in records if r["text"].startswith("862"))
    assert first["path"].endswith("000_790d48be6e122fa4.txt") and first["line"] == 9
    assert first["unit"] == "起" and first["value"] == "862"


def test_extract_csv_and_bad_file_exit_two(tmp_path: Path) -> None:
    bad = tmp_path / "bin.txt"
    bad.write_bytes(b"\x00" * 20)
    code, out, err = _run("extract", str(SEEDS / "004_77a7fb0f33292330.txt"), str(bad), "--format", "csv")
    assert code == 2 and "bin.txt: binary file" in err
    assert out.splitlines()[0].startswith("path,line,start,end,text,value")
    assert len(out.splitlines()) > 10


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = _run("run", str(SEEDS), "--format", "pdf", "--out", str(tmp_path), "--no-store")
    assert code == 2 and "unknown format" in err


def test_two_files_with_the_same_content_are_both_checked(tmp_path: Path) -> None:
    text = "全市全年共处理一般程序事故412起,同比减少36起,下降8.04%。发案500起,同比上升13.3%。\n"
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(text, encoding="utf-8")
    out = tmp_path / "r"
    args = ("run", str(tmp_path), "--rules", str(RULES), "--out", str(out), "--no-store", "--fail-on", "warning")
    code, stdout, stderr = _run(*args)
    assert code == 1, stdout + stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    flagged = sorted(Path(f["path"]).name for f in report["findings"] if f["rule"] == "pct_change_impossible")
    assert flagged == ["a.txt", "b.txt"]
