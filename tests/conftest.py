"""Shared fixtures: the seed folder and a CLI runner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
RULES = ROOT / "expectations"
# The report contract, kept in the repository (a copy of shared/schemas/report.schema.json; a test
# compares the two whenever the shared folder is beside the checkout).
SCHEMA = ROOT / "schemas" / "report.schema.json"
SHARED_SCHEMA = ROOT.parent / "shared" / "schemas" / "report.schema.json"


@pytest.fixture()
def seeds_copy(tmp_path: Path) -> Path:
    """A private copy of the seeds, so a test can add files and a fact store beside them."""
    folder = tmp_path / "issues"
    folder.mkdir()
    for path in sorted(SEEDS.glob("*.txt")):
        (folder / path.name).write_bytes(path.read_bytes())
    return folder
