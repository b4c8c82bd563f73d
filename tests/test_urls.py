"""Issues named by fsspec URLs on the local engine: memory:// and file:// against the same files as plain paths.

Every comparison is with the local engine's run over the same bytes as plain files, with the URL
standing for the path, so nothing here states what the seeds should yield. No network: only the
memory and local filesystems are used, and a missing package is found among fsspec's own protocols.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from checks.config import RuleSuite, load_suite
from checks.documents import DocumentError, collect_paths, read_document
from checks.pipeline import RunResult, run_checks
from checks.rules import load_builtin_rules
from tests.conftest import RULES, SEEDS

fsspec = pytest.importorskip("fsspec", reason="fsspec comes with the dask extra")

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def suite() -> RuleSuite:
    return load_suite(RULES, set(load_builtin_rules()))


@pytest.fixture()
def memory_seeds() -> Iterator[str]:
    """The seeds in fsspec's in-memory filesystem (this process only), plus a hidden and a non-issue file."""
    fs = fsspec.filesystem("memory")
    root = f"/checkfacts-test-{os.getpid()}"
    for seed in sorted(SEEDS.glob("*.txt")):
        fs.pipe(f"{root}/issues/{seed.name}", seed.read_bytes())
    fs.pipe(f"{root}/issues/.hidden/skipped.txt", b"2022\n")
    fs.pipe(f"{root}/issues/README.md", b"not an issue\n")
    try:
        yield f"memory://{root}/issues"
    finally:
        fs.rm(root, recursive=True)


def _findings(result: RunResult, rename: dict[str, str]) -> list[tuple[Any, ...]]:
    def name(path: str) -> str:
        return rename.get(path, path)

    return [
        (
            f.rule,
            name(f.path),
            f.line,
            f.stated,
            f.expected,
            f.message,
            tuple((name(r.path), r.line) for r in f.related),
        )
        for f in result.findings
    ]


def _as_paths(result: RunResult) -> dict[str, str]:
    """Each URL of the run -> the seed path with the same file name."""
    return {a.path: str(SEEDS / a.path.rsplit("/", 1)[-1]) for a in result.analyses}


def test_a_memory_folder_gives_the_findings_of_the_same_files_on_disk(suite: RuleSuite, memory_seeds: str) -> None:
    local = run_checks([str(SEEDS)], suite)
    remote = run_checks([memory_seeds], suite, jobs=1)
    assert local.findings, "the seeds have findings to compare"
    assert all(a.path.startswith("memory://") for a in remote.analyses)
    assert sorted(a.path.rsplit("/", 1)[-1] for a in remote.analyses) == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert _findings(remote, _as_paths(remote)) == _findings(local, {})
    assert [(a.sha256, len(a.figures), a.claim_count) for a in remote.analyses] == [
        (a.sha256, len(a.figures), a.claim_count) for a in local.analyses
    ]
    assert remote.errors == []


def test_a_glob_names_the_matching_files(memory_seeds: str) -> None:
    files, errors = collect_paths([memory_seeds + "/00[12]_*.txt"])
    assert errors == []
    assert [f.rsplit("/", 1)[-1][:4] for f in files] == ["001_", "002_"]
    none, problems = collect_paths([memory_seeds + "/*.text"])
    assert none == [] and len(problems) == 1 and "matches no file" in problems[0]


def test_a_file_url_reads_like_its_path_and_refuses_a_fifo_without_blocking(suite: RuleSuite, tmp_path: Path) -> None:
    seed = sorted(SEEDS.glob("*.txt"))[0]
    url = seed.absolute().as_uri()
    doc = read_document(url)
    assert doc.path == url and doc.sha256 == read_document(str(seed)).sha256
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(DocumentError) as refused:
        read_document(fifo.as_uri())
    assert str(refused.value).startswith(fifo.as_uri() + ": a FIFO")
    local = run_checks([str(SEEDS)], suite)
    remote = run_checks([SEEDS.absolute().as_uri()], suite)
    assert _findings(remote, _as_paths(remote)) == _findings(local, {})


def test_a_store_remembers_url_issues_by_content(suite: RuleSuite, memory_seeds: str, tmp_path: Path) -> None:
    first = run_checks([memory_seeds], suite, store_path=str(tmp_path / "facts.db"), jobs=1)
    second = run_checks([memory_seeds], suite, store_path=str(tmp_path / "facts.db"), jobs=1)
    assert [a.from_store for a in first.analyses] == [False] * len(first.analyses)
    assert [a.from_store for a in second.analyses] == [True] * len(second.analyses)
    assert _findings(second, {}) == _findings(first, {})


def _missing_protocol() -> str | None:
    """A protocol fsspec knows whose package is not installed here (found by trying the import only)."""
    from fsspec.registry import known_implementations

    for protocol, spec in sorted(known_implementations.items()):
        module = str(spec["class"]).rsplit(".", 1)[0]
        try:
            importlib.import_module(module)
        except ImportError:
            return str(protocol)
        except Exception:
            continue
    return None


def test_bad_urls_are_one_line_each_and_exit_two(tmp_path: Path) -> None:
    missing = _missing_protocol()
    urls = ["nosuchproto://a/b.txt", (tmp_path / "absent").as_uri()] + (
        [f"{missing}://bucket/x.txt"] if missing else []
    )
    result = subprocess.run(
        [str(BIN / "checkfacts"), "run", *urls, "--no-store", "--out", "r"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == len(urls) + 1, result.stderr  # one per URL, then "no issue could be read"
    assert "nosuchproto://a/b.txt: unknown storage protocol 'nosuchproto'" in lines[0]
    assert lines[1].endswith("absent: no such file or folder")
    if missing:
        assert f"{missing}://bucket/x.txt: the {missing}:// protocol needs a package that is not installed" in lines[2]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "r").exists()


def test_an_unreadable_url_is_one_error_and_the_rest_is_checked(suite: RuleSuite, memory_seeds: str) -> None:
    fs = fsspec.filesystem("memory")
    bad = memory_seeds + "/scan.txt"
    fs.pipe(bad.removeprefix("memory://"), b"\x00\x01PK\x03\x04" * 40)
    result = run_checks([memory_seeds], suite, jobs=1)
    assert len(result.errors) == 1
    assert result.errors[0].startswith("memory:///") and "scan.txt: binary file" in result.errors[0]
    assert len(result.analyses) == len(list(SEEDS.glob("*.txt")))
