"""Writing the reports: whole files, one run's set at a time, nothing stale left behind (issue 14)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from checks.report.write import JOURNAL, OutputError, ReportSet

ROOT = Path(__file__).resolve().parent.parent
NAMES = ("report.json", "junit.xml", "index.html")


def _write_set(folder: Path, tag: str) -> None:
    reports = ReportSet(folder)
    for name in NAMES:
        reports.add(folder / name, f"{tag}:{name}")
    reports.commit()


def _tags(folder: Path) -> set[str]:
    return {(folder / name).read_text(encoding="utf-8").split(":")[0] for name in NAMES}


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_set_is_switched_whole_and_leaves_nothing_hidden(tmp_path: Path) -> None:
    _write_set(tmp_path, "one")
    _write_set(tmp_path, "two")
    assert _tags(tmp_path) == {"two"}
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*NAMES, ".checkfacts.lock"])


def test_stale_temporaries_of_dead_runs_are_removed_live_ones_kept(tmp_path: Path) -> None:
    dead = _dead_pid()
    stale = [tmp_path / f".report.json.{dead}.tmp", tmp_path / f".junit.xml.{dead}-0a1b2c3d.tmp"]
    live = tmp_path / f".index.html.{os.getppid()}-0a1b2c3d.tmp"  # a live process's file is not ours to remove
    for path in [*stale, live]:
        path.write_text("half", encoding="utf-8")
    _write_set(tmp_path, "new")
    assert not any(p.exists() for p in stale) and live.exists()


def test_a_run_killed_during_the_switch_is_completed_by_the_next_writer(tmp_path: Path) -> None:
    """A real kill -9 between two renames: a mix of runs on disk, made whole again by the next run."""
    _write_set(tmp_path, "old")
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "import checks.report.write as w\n"
        "real, count = os.replace, [0]\n"
        "def replace(a, b):\n"
        "    real(a, b)\n"
        "    count[0] += 1\n"
        "    if count[0] == 1:\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "w.os.replace = replace\n"
        "folder = Path(sys.argv[1])\n"
        "reports = w.ReportSet(folder)\n"
        "for name in ('report.json', 'junit.xml', 'index.html'):\n"
        "    reports.add(folder / name, 'killed:' + name)\n"
        "reports.commit()\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], cwd=ROOT, check=False)
    assert done.returncode == -9
    assert _tags(tmp_path) == {"old", "killed"}  # the mix a crash leaves: the next writer must repair it
    assert (tmp_path / JOURNAL).exists()
    reports = ReportSet(tmp_path)
    reports.add(tmp_path / "report.json", "next:report.json")  # preparing the folder finishes the switch
    assert _tags(tmp_path) == {"killed"} and not (tmp_path / JOURNAL).exists()
    reports.discard()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_failure_while_rendering_keeps_the_previous_set(tmp_path: Path) -> None:
    _write_set(tmp_path, "old")
    reports = ReportSet(tmp_path)
    reports.add(tmp_path / "report.json", "new:report.json")
    reports.discard()  # what the CLI does when a later report fails to render or write
    assert _tags(tmp_path) == {"old"}
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_out_pointing_at_a_file_is_named(tmp_path: Path) -> None:
    target = tmp_path / "reports"
    target.write_text("not a folder", encoding="utf-8")
    with pytest.raises(OutputError, match=r"reports: is a file, not a folder"):
        ReportSet(target).add(target / "report.json", "{}")
    with pytest.raises(OutputError, match=r"a part of this path is a file"):
        ReportSet(target / "sub").add(target / "sub" / "report.json", "{}")


def test_cli_out_pointing_at_a_file_is_one_line_exit_2(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from checks.cli import app
    from tests.conftest import RULES, SEEDS

    target = tmp_path / "reports.json"
    target.write_text("keep me", encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(SEEDS), "--rules", str(RULES), "--out", str(target), "--no-store"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"checkfacts: --out {target}: is a file, not a folder; name a folder for the reports"
    ]
    assert target.read_text(encoding="utf-8") == "keep me"


def test_concurrent_runs_switch_one_after_the_other(tmp_path: Path) -> None:
    """Four processes writing sets at once: the set left is one run's, and no temporary is left over."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from checks.report.write import ReportSet\n"
        "folder, me = Path(sys.argv[1]), sys.argv[2]\n"
        "for round_ in range(10):\n"
        "    reports = ReportSet(folder)\n"
        "    for name in ('report.json', 'junit.xml', 'index.html'):\n"
        "        reports.add(folder / name, f'{me}-{round_}:' + name)\n"
        "    reports.commit()\n"
    )
    writers = [subprocess.Popen([sys.executable, "-c", script, str(tmp_path), f"w{i}"], cwd=ROOT) for i in range(4)]
    assert [w.wait(timeout=120) for w in writers] == [0, 0, 0, 0]
    assert len(_tags(tmp_path)) == 1
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp") or p.name == JOURNAL]


def test_a_run_of_fewer_formats_removes_the_earlier_runs_other_reports(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from checks.cli import app
    from tests.conftest import RULES, SEEDS

    out = tmp_path / "out"
    base = ["run", str(SEEDS), "--rules", str(RULES), "--out", str(out), "--no-store", "-q"]
    CliRunner().invoke(app, [*base, "--format", "json,html,junit,sarif"])
    assert {p.name for p in out.iterdir() if not p.name.startswith(".")} == {
        "report.json",
        "index.html",
        "junit.xml",
        "report.sarif",
    }
    CliRunner().invoke(app, [*base, "--format", "json"])
    assert {p.name for p in out.iterdir() if not p.name.startswith(".")} == {"report.json"}
