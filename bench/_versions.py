"""Run the extractor of another git revision beside this checkout's, in the same benchmark run.

``checkout(rev)`` exports that revision's ``checks/`` package into a temporary folder (``git archive``),
and ``run_in(root, code, *args)`` runs Python code in a subprocess that imports ``checks`` from
``root``, so old and new code are timed and compared on the same machine minutes apart.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def checkout(rev: str) -> Path:
    """A temporary folder holding ``checks/`` as it is at ``rev`` (left for the OS to clean)."""
    folder = Path(tempfile.mkdtemp(prefix="checkfacts-rev-"))
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "checks"], capture_output=True, check=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def run_in(root: Path, code: str, *args: str) -> str:
    """Run ``code`` with ``checks`` imported from ``root``; return its standard output."""
    prelude = f"import sys; sys.path.insert(0, {str(root)!r}); sys.argv[1:] = {list(args)!r}\n"
    done = subprocess.run(
        [sys.executable, "-c", prelude + code], capture_output=True, text=True, check=False, cwd=str(root)
    )
    if done.returncode != 0:
        raise SystemExit(f"subprocess failed in {root}:\n{done.stderr}")
    return done.stdout
