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
