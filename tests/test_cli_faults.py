"""The command line under bad input: one line per fault, exit 2, every other issue still checked (issue 14)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checks.cli import app
from tests.conftest import RULES, SEEDS


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_inside_the_issues_is_named_once_and_the_others_are_checked(tmp_path: Path) -> None:
    issues = tmp_path / "issues"
    issues.mkdir()
    shutil.copy(SEEDS / "002_8af2dc1b8d902bad.txt", issues)
    os.mkfifo(issues / "pipe.txt")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        ["run", str(issues), str(issues / "pipe.txt"), "--rules", str(RULES), "--out", str(out), "--no-store", "-q"],
    )
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"checkfacts: {issues / 'pipe.txt'}: a FIFO (named pipe), not an issue file; skipped"
    ]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [Path(d["path"]).name for d in report["documents"]] == ["002_8af2dc1b8d902bad.txt"]
    assert report["errors"] == [f"{issues / 'pipe.txt'}: a FIFO (named pipe), not an issue file; skipped"]


def test_a_store_path_through_a_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(
        app,
        [
            *("run", str(SEEDS / "002_8af2dc1b8d902bad.txt"), "--rules", str(RULES)),
            *("--out", str(tmp_path / "out"), "--store", str(tmp_path / "afile" / "facts.db"), "-q"),
        ],
    )
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.endswith("facts.db: a part of this path is a file, not a folder; choose another with --store PATH")


def _run(tmp_path: Path, *paths: str) -> tuple[int, list[str], dict[str, object]]:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["run", *paths, "--rules", str(RULES), "--out", str(out), "--no-store", "-q", "--fail-on", "never"]
    )
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return result.exit_code, result.stderr.strip().splitlines(), report


def test_a_file_name_that_is_not_utf8_is_named_and_the_others_are_checked(tmp_path: Path) -> None:
    issues = tmp_path / "issues"
    issues.mkdir()
    shutil.copy(SEEDS / "002_8af2dc1b8d902bad.txt", issues)
    bad = os.fsdecode(bytes(issues) + b"/x\xff.txt")
    shutil.copy(SEEDS / "000_790d48be6e122fa4.txt", bad)
    code, stderr, report = _run(tmp_path, str(issues))
    assert code == 2
    assert stderr == [f"checkfacts: {issues}/x\\xff.txt: file name is not valid UTF-8; rename it"]
    documents = report["documents"]
    assert isinstance(documents, list)
    assert [Path(d["path"]).name for d in documents] == ["002_8af2dc1b8d902bad.txt"]


@pytest.mark.parametrize("order", ["bad first", "bad last"])
def test_a_file_named_as_a_folder_is_refused_and_never_hides_the_file(tmp_path: Path, order: str) -> None:
    folder = tmp_path / "issues"
    shutil.copytree(SEEDS, folder)
    bad = f"{folder / '001_a944df977b0400ee.txt'}/"
    code, stderr, report = _run(tmp_path, *([bad, str(folder)] if order == "bad first" else [str(folder), bad]))
    assert code == 2
    assert stderr == [f"checkfacts: {bad}: not a folder (a name ending in / names a folder)"]
    documents = report["documents"]
    assert isinstance(documents, list) and len(documents) == 5


def test_a_file_with_a_nul_in_its_head_is_refused_before_the_rest_is_read(tmp_path: Path) -> None:
    from checks.documents import DocumentError, read_document

    issue = tmp_path / "big.txt"
    with issue.open("wb") as handle:
        handle.write(b"\x00" + "全市".encode() * 10)
        handle.truncate(64 << 20)  # sparse: 64 MiB that reading whole would cost
    with pytest.raises(DocumentError, match="NUL byte at offset 0"):
        read_document(issue)


def test_a_file_larger_than_an_issue_is_refused_without_reading_it(tmp_path: Path) -> None:
    from checks.documents import MAX_ISSUE_BYTES, DocumentError, read_document

    issue = tmp_path / "huge.txt"
    with issue.open("wb") as handle:
        handle.truncate(MAX_ISSUE_BYTES + 1)  # sparse: nothing is written to disk
    with pytest.raises(DocumentError, match="more than an issue file may hold"):
        read_document(issue)


def test_a_closed_stderr_leaves_a_clean_run_clean(tmp_path: Path) -> None:
    import subprocess
    import sys

    out = tmp_path / "out"
    command = [str(Path(sys.executable).with_name("checkfacts")), "run", str(SEEDS / "000_790d48be6e122fa4.txt")]
    command += ["--rules", str(RULES), "--out", str(out), "--no-store"]
    done = subprocess.run(
        command,
        stderr=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        check=False,
        close_fds=True,
        preexec_fn=lambda: os.close(2),
    )
    assert done.returncode == 0
    assert (out / "report.json").is_file()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_a_full_standard_output_is_one_line_and_exit_2(tmp_path: Path) -> None:
    import subprocess
    import sys

    command = [str(Path(sys.executable).with_name("checkfacts")), "extract", str(SEEDS / "000_790d48be6e122fa4.txt")]
    with open("/dev/full", "w") as full:
        done = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, text=True, check=False)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == ["checkfacts: cannot write the output (No space left on device)"]


def test_a_rule_file_nested_thousands_deep_is_one_line_at_once(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    (rules / "extra.yml").write_text("suite: in_issue\nrules:\n  x: " + "[" * 100_000 + "]" * 100_000, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(SEEDS), "--rules", str(rules), "--out", str(out), "--no-store"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"checkfacts: {rules / 'extra.yml'}: malformed YAML: nested deeper than 64 levels"
    ]


def test_a_configuration_nested_thousands_deep_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "checkfacts.toml").write_text("x = " + "[" * 5000 + "]" * 5000, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["run", str(SEEDS), "--out", str(tmp_path / "out"), "--no-store"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"checkfacts: {tmp_path / 'checkfacts.toml'}: malformed TOML: nested too deeply"
    ]


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("gitignore folder", ".gitignore: not a regular file; move it away"),
        ("gitignore dangling", ".gitignore: dangling symbolic link; fix or remove it"),
        ("expectations file", "expectations: is a file, not a folder; move it away"),
    ],
)
def test_init_that_cannot_finish_is_one_line_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str, expected: str
) -> None:
    if case == "gitignore folder":
        (tmp_path / ".gitignore").mkdir()
    elif case == "gitignore dangling":
        (tmp_path / ".gitignore").symlink_to(tmp_path / "nowhere")
    else:
        (tmp_path / "expectations").write_text("", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["init"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"checkfacts: {tmp_path / expected}"]
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_init_keeps_a_gitignore_that_is_not_utf8_byte_for_byte(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".gitignore").write_bytes(b"build/\xff\n")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(app, ["init"]).exit_code == 0
    assert (tmp_path / ".gitignore").read_bytes() == b"build/\xff\n.checkfacts/\nreports/\n"


@pytest.mark.skipif(not hasattr(os, "killpg") or shutil.which("pgrep") is None, reason="needs POSIX process groups")
def test_sigterm_to_the_run_ends_its_workers_too(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    from bench.corpus import write_variants

    write_variants(tmp_path / "issues", 600)
    command = [str(Path(sys.executable).with_name("checkfacts")), "run", str(tmp_path / "issues"), "--jobs", "2"]
    command += ["--rules", str(RULES), "--out", str(tmp_path / "out"), "--no-store", "-q"]
    run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

    def session() -> list[str]:
        found = subprocess.run(["pgrep", "-s", str(run.pid)], capture_output=True, text=True, check=False)
        return found.stdout.split()

    deadline = time.monotonic() + 60
    while len(session()) < 3 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)  # until the pool's two workers are forked
    assert run.poll() is None, "the run ended before its workers could be seen"
    run.send_signal(signal.SIGTERM)  # the main process only, as `kill PID` does
    assert run.wait(timeout=60) == 128 + signal.SIGTERM
    deadline = time.monotonic() + 30
    while session() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert session() == [], "workers outlived the run"


def test_an_issue_given_as_rules_is_named_as_no_rule_file(tmp_path: Path) -> None:
    issue = SEEDS / "001_a944df977b0400ee.txt"
    out = str(tmp_path / "out")
    result = CliRunner().invoke(app, ["run", str(SEEDS), "--rules", str(issue), "--out", out, "--no-store"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"checkfacts: {issue}: not a rule file (--rules names a .yml file or a folder of them)"
    ]
