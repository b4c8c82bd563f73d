"""Shared by the real-text instruments: where ../shared is, and one `checkfacts run` whose JSON report is read back.

The instruments drive the checker through its CLI and its report contract (schemas/report.schema.json), not
through internal modules, so they keep measuring while the claim layer is rebuilt underneath.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
ALARM_SEVERITIES = ("error", "warning")

_CLI = "import sys; from checks.cli import main; sys.argv[0] = 'checkfacts'; main()"


class CheckerError(RuntimeError):
    """The checker wrote no report (a usage error or a crash): the message is its last stderr line."""


def run_checkfacts(paths: list[Path], out: Path, rules: Path) -> dict[str, Any]:
    """Run `checkfacts run PATHS --no-store --format json` once and return its report.

    Exit 1 (findings) is the normal case; exit 2 with a report means some file was refused, which
    the report's `errors` list names. No report at all is a CheckerError.
    """
    command = [sys.executable, "-c", _CLI, "run", *(str(p) for p in paths)]
    command += ["--rules", str(rules), "--out", str(out), "--format", "json", "--no-store"]
    command += ["--fail-on", "never", "--quiet"]
    env = dict(os.environ, GX_ANALYTICS_ENABLED="False")
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, check=False)
    report = out / "report.json"
    if not report.exists():
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        raise CheckerError(lines[-1] if lines else f"checkfacts exited {done.returncode} without a report")
    data: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return data


def alarms(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The error and warning findings that are not waived: what a reader of the report is asked to check."""
    return [f for f in report.get("findings", []) if f.get("severity") in ALARM_SEVERITIES and not f.get("waived")]


def resolved(path: str) -> str:
    """A report path made absolute (the checker reports paths as given), so two spellings compare equal."""
    return str((ROOT / path).resolve()) if not os.path.isabs(path) else str(Path(path).resolve())
