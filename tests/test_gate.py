"""The CI gate over a real temporary git repository holding the seeds."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checks.cli import app
from tests.conftest import RULES, SEEDS

runner = CliRunner()

CLEAN_ISSUE = "# 某市交通安全形势平稳\n\n本报讯 全市全年共处理一般程序事故412起,同比减少36起,下降8.04%。\n"
WRONG_PCT_ISSUE = "# 某市交通安全形势平稳\n\n本报讯 全市全年共处理一般程序事故412起,同比减少36起,下降9.04%。\n"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A newsroom repository: the seeds committed under issues/, the rules beside them."""
    root = tmp_path / "newsroom"
    (root / "issues").mkdir(parents=True)
    for path in SEEDS.glob("*.txt"):
        (root / "issues" / path.name).write_bytes(path.read_bytes())
    (root / "rules").mkdir()
    for path in RULES.glob("*.yml"):
        (root / "rules" / path.name).write_bytes(path.read_bytes())
    (root / ".gitignore").write_text("reports/\n.checkfacts/\nissues/.checkfacts/\n", encoding="utf-8")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "-c", "user.email=t@example.com", "-c", "user.name=t", "add", "-A")
    _git(root, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "archive")
    monkeypatch.chdir(root)
    return root


def _commit(repo: Path, message: str) -> None:
    _git(repo, "-c", "user.email=t@example.com", "-c", "user.name=t", "add", "-A")
    _git(repo, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", message)


def _gate(*args: str) -> tuple[int, str, dict]:  # type: ignore[type-arg]
    result = runner.invoke(app, ["gate", "--rules", "rules", "--out", "reports", "--lang", "en", *args])
    report_path = Path("reports/report.json")
    report = json.loads(report_path.read_text(encoding="utf-8")) if report_path.exists() else {}
    return result.exit_code, result.stdout + result.stderr, report


def test_changed_editor_number_fails_with_contact_mismatch_naming_both_files(repo: Path) -> None:
    text = (repo / "issues" / "002_8af2dc1b8d902bad.txt").read_text(encoding="utf-8")
    assert "安世乔 13932149635" in text
    changed = text.replace("安世乔 13932149635", "安世乔 13932149653").replace("2022年1月11日", "2022年1月18日")
    (repo / "issues" / "005_new.txt").write_text(changed, encoding="utf-8")
    _commit(repo, "new issue")
    code, output, report = _gate()
    assert code == 1, output
    mine = [f for f in report["findings"] if f["rule"] == "contact_mismatch" and "安世乔" in f["excerpt"]]
    assert mine, output
    places = {Path(mine[0]["path"]).name} | {Path(r["path"]).name for r in mine[0]["related"]}
    assert "005_new.txt" in places and len(places) >= 2


def test_wrong_percent_change_fails_with_pct_change_mismatch(repo: Path) -> None:
    (repo / "issues" / "005_new.txt").write_text(WRONG_PCT_ISSUE, encoding="utf-8")
    _commit(repo, "new issue")
    code, output, report = _gate()
    assert code == 1, output
    assert any(f["rule"] == "pct_change_mismatch" and f["path"].endswith("005_new.txt") for f in report["findings"])


def test_clean_new_issue_passes_and_the_archive_is_not_reported_again(repo: Path) -> None:
    (repo / "issues" / "005_new.txt").write_text(CLEAN_ISSUE, encoding="utf-8")
    _commit(repo, "new issue")
    code, output, report = _gate()
    assert code == 0, output
    # The seeds' own discrepancies (contact mismatches among them, two impossible percents) are the
    # archive's: the gate compares against the archive but neither re-checks nor reports it.
    assert report["findings"] == [], output
    assert [Path(d["path"]).name for d in report["documents"]] == ["005_new.txt"]
    assert report["archive"]["issues"] == 5
    assert "compared against 5 archive issue(s)" in output


def test_second_gate_reads_the_archive_from_the_store(repo: Path) -> None:
    (repo / "issues" / "005_new.txt").write_text(CLEAN_ISSUE, encoding="utf-8")
    _commit(repo, "new issue")
    _, first, _ = _gate()
    assert "(5 read from their files" in first  # the first gate fills the store
    code, second, report = _gate()
    assert code == 0, second
    assert "(0 read from their files, the rest from the fact store)" in second
    assert report["archive"]["issues"] == 5


def test_new_issue_dated_between_archive_issues_is_compared_both_ways(repo: Path) -> None:
    """The archive issue after the new one (by date) is now compared with it: its finding involves the new issue."""
    text = (repo / "issues" / "002_8af2dc1b8d902bad.txt").read_text(encoding="utf-8")
    later = text.replace("2022年1月11日 星期二", "2022年1月25日 星期二").replace("第700期", "第702期")
    (repo / "issues" / "006_later.txt").write_text(later, encoding="utf-8")
    _commit(repo, "archive issue two weeks later")
    middle = text.replace("2022年1月11日 星期二", "2022年1月18日 星期二").replace("第700期", "第701期")
    middle = middle.replace("安世乔 13932149635", "安世乔 13932149653")
    (repo / "issues" / "005_middle.txt").write_text(middle, encoding="utf-8")
    _commit(repo, "new issue in between")
    code, output, report = _gate()
    assert code == 1, output
    mine = [f for f in report["findings"] if f["rule"] == "contact_mismatch" and "安世乔" in f["excerpt"]]
    # 005 differs from 002 (the issue before it) and 006 differs from 005 (the issue before it now).
    assert sorted(Path(f["path"]).name for f in mine) == ["005_middle.txt", "006_later.txt"], output
    later_finding = next(f for f in mine if f["path"].endswith("006_later.txt"))
    assert [Path(r["path"]).name for r in later_finding["related"]] == ["005_middle.txt"]


def test_waiver_makes_the_wrong_percent_pass_and_shows_waived(repo: Path) -> None:
    (repo / "issues" / "005_new.txt").write_text(WRONG_PCT_ISSUE, encoding="utf-8")
    (repo / "rules" / "waivers.yml").write_text(
        "waivers:\n  - path: 005_new.txt\n    rule: pct_change_mismatch\n    contains: 下降9.04%\n"
        "    reason: the printed figure was corrected in the e-paper\n",
        encoding="utf-8",
    )
    _commit(repo, "new issue with waiver")
    code, output, report = _gate()
    assert code == 0, output
    waived = [f for f in report["findings"] if f["waived"]]
    assert waived and waived[0]["waiver_reason"] == "the printed figure was corrected in the e-paper"


def test_stale_waiver_is_reported(repo: Path) -> None:
    (repo / "issues" / "005_new.txt").write_text(CLEAN_ISSUE, encoding="utf-8")
    (repo / "rules" / "waivers.yml").write_text(
        "waivers:\n  - path: 009.txt\n    rule: pct_change_mismatch\n    contains: 无此文字\n    reason: old\n",
        encoding="utf-8",
    )
    _commit(repo, "new issue")
    code, output, _ = _gate()
    assert code == 0
    assert "matches no finding" in output


def test_rename_and_whitespace_edit_are_not_new_content(repo: Path) -> None:
    old = repo / "issues" / "001_a944df977b0400ee.txt"
    old.rename(repo / "issues" / "001_renamed.txt")
    other = repo / "issues" / "002_8af2dc1b8d902bad.txt"
    other.write_text(other.read_text(encoding="utf-8").replace("\n\n", "\n\n\n"), encoding="utf-8")
    _commit(repo, "rename and reflow")
    code, output, _ = _gate()
    assert code == 0, output
    assert "renamed, not new content" in output and "whitespace-only change" in output


def test_explicit_paths_override_the_git_diff(repo: Path) -> None:
    (repo / "issues" / "005_new.txt").write_text(WRONG_PCT_ISSUE, encoding="utf-8")
    code, output, _ = _gate("issues/005_new.txt")
    assert code == 1, output


def test_sarif_is_written(repo: Path) -> None:
    (repo / "issues" / "005_new.txt").write_text(WRONG_PCT_ISSUE, encoding="utf-8")
    _commit(repo, "new issue")
    _gate()
    sarif = json.loads(Path("reports/report.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    assert any(r["ruleId"] == "pct_change_mismatch" for r in sarif["runs"][0]["results"])


def test_github_annotations_under_actions(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    (repo / "issues" / "005_new.txt").write_text(WRONG_PCT_ISSUE, encoding="utf-8")
    _commit(repo, "new issue")
    _, output, _ = _gate()
    assert "::error file=issues/005_new.txt,line=3,title=checkfacts pct_change_mismatch::" in output


def test_an_issue_replaced_by_a_fifo_is_refused_not_read(repo: Path) -> None:
    """A tracked issue turned into a FIFO in the working tree: named in one line, the gate never blocks."""
    import os
    import signal

    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    target = repo / "issues" / "002_8af2dc1b8d902bad.txt"
    target.unlink()
    os.mkfifo(target)

    def hung(signum: int, frame: object) -> None:
        raise TimeoutError("the gate blocked on the FIFO")

    previous = signal.signal(signal.SIGALRM, hung)  # a regression fails here instead of hanging CI
    signal.alarm(60)
    try:
        code, output, _ = _gate("--base", "HEAD", "--no-store", "--quiet")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert code == 2
    assert "002_8af2dc1b8d902bad.txt: a FIFO (named pipe), not an issue file" in output
