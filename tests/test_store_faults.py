"""The fact store under faults: a busy store is not 'damaged', damage is one line, deletion warns (issue 14)."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checks.cli import app
from checks.documents import read_document
from checks.masthead import extract_masthead
from checks.store import FactStore, StoreBusyError, StoreError
from tests.conftest import RULES, SEEDS

SEED = SEEDS / "002_8af2dc1b8d902bad.txt"


def _store_with_one_issue(path: Path) -> Path:
    doc = read_document(SEED)
    with FactStore.open(path) as store:
        masthead = extract_masthead(doc)
        store.put(doc.path, doc.sha256, masthead.date, masthead.date_source, masthead.issue_number, masthead, [])
    return path


def _hold(path: Path, how: str) -> sqlite3.Connection:
    """Another writer: a connection of its own holding the lock until it is closed."""
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute(f"BEGIN {how}")
    if how == "IMMEDIATE":
        other.execute("DELETE FROM meta WHERE key = 'nothing'")
    return other


def test_a_store_held_by_another_writer_is_busy_not_damaged(tmp_path: Path) -> None:
    path = _store_with_one_issue(tmp_path / "facts.db")
    before = path.read_bytes()
    other = _hold(path, "EXCLUSIVE")
    try:
        started = time.perf_counter()
        with pytest.raises(StoreBusyError) as raised:
            FactStore.open(path, timeout=0.3)
        waited = time.perf_counter() - started
    finally:
        other.execute("ROLLBACK")
        other.close()
    message = str(raised.value)
    assert 0.25 <= waited < 10  # it waited its bounded time, then said so
    assert "busy" in message and "damaged" not in message and "move it away" not in message
    assert "\n" not in message and "--store-timeout" in message
    assert path.read_bytes() == before


def test_a_writer_waits_for_a_lock_released_within_the_timeout(tmp_path: Path) -> None:
    path = _store_with_one_issue(tmp_path / "facts.db")
    store = FactStore.open(path, timeout=0.2)
    other = _hold(path, "IMMEDIATE")
    try:
        with pytest.raises(StoreBusyError, match="busy"):
            store.put("x.txt", "0" * 64, None, "name", None, None, [])
    finally:
        other.execute("ROLLBACK")
    store.close()
    store = FactStore.open(path, timeout=10)
    other = _hold(path, "IMMEDIATE")
    threading.Timer(0.3, lambda: other.execute("ROLLBACK")).start()
    store.put("x.txt", "0" * 64, None, "name", None, None, [])  # waits for the release, then writes
    assert len(store) == 2
    store.close()
    other.close()


def test_cli_busy_store_is_one_line_exit_2(tmp_path: Path) -> None:
    path = _store_with_one_issue(tmp_path / "facts.db")
    other = _hold(path, "EXCLUSIVE")
    try:
        result = CliRunner().invoke(
            app,
            [
                *("run", str(SEED), "--rules", str(RULES), "--out", str(tmp_path / "r")),
                *("--store", str(path), "--store-timeout", "0.2", "--quiet"),
            ],
        )
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"checkfacts: {path}: the fact store is busy")


def test_a_damaged_store_is_named_in_one_line_and_left_alone(tmp_path: Path) -> None:
    path = _store_with_one_issue(tmp_path / "facts.db")
    with FactStore.open(path) as store:  # grow it past a few pages so that damage lands in a table
        for index in range(40):
            store.put(f"{index}.txt", f"{index:064d}", None, "name", None, None, [{"text": "x" * 500}])
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data) - page, page):
        data[offset : offset + 64] = b"\xa5" * 64  # scribble over every page's header but the first two
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError) as raised, FactStore.open(path) as store:
        store.mastheads()
    message = str(raised.value)
    assert not isinstance(raised.value, StoreBusyError)
    assert "\n" not in message and str(path) in message
    assert path.read_bytes() == bytes(data)


def test_a_store_deleted_during_the_run_warns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import checks.pipeline as pipeline
    from checks.config import load_suite
    from checks.rules import load_builtin_rules

    path = tmp_path / "facts.db"
    real = pipeline.analyze_paths

    def analyze_then_delete(*args, **kwargs):  # type: ignore[no-untyped-def]
        result = real(*args, **kwargs)
        path.unlink()  # someone removes the store while this run holds it open
        return result

    monkeypatch.setattr(pipeline, "analyze_paths", analyze_then_delete)
    suite = load_suite(RULES, set(load_builtin_rules()))
    result = pipeline.run_checks([str(SEED)], suite, store_path=str(path))
    assert result.extra["warnings"] == [
        f"{path}: the fact store was deleted or replaced during the run; this run's facts were not kept "
        "(run again to store them)"
    ]
    monkeypatch.setattr(pipeline, "analyze_paths", real)
    assert pipeline.run_checks([str(SEED)], suite, store_path=str(path)).extra["warnings"] == []


@pytest.mark.parametrize(
    "damage",
    ["entries = '{not json'", "entries = '5'", "entries = '[[1, 2]]'", "entries = x'ff00'", "figures = '[1,2'"],
)
def test_a_stored_row_damaged_in_place_is_one_line_exit_2(tmp_path: Path, damage: str) -> None:
    seed = SEEDS / "001_a944df977b0400ee.txt"
    path = tmp_path / "facts.db"
    run = ["run", str(seed), "--rules", str(RULES), "--out", str(tmp_path / "out"), "--store", str(path), "-q"]
    CliRunner().invoke(app, run)
    with sqlite3.connect(path) as conn:
        conn.execute(f"UPDATE issues SET {damage}")
    result = CliRunner().invoke(app, [*run[:2], str(SEEDS / "002_8af2dc1b8d902bad.txt"), *run[2:]])
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert str(path) in line and "damaged" in line


def test_a_parquet_store_with_a_part_of_another_schema_is_one_line_exit_2(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    store = tmp_path / "facts.parquet"
    run = ["run", str(SEEDS), "--rules", str(RULES), "--out", str(tmp_path / "out"), "--store", str(store), "-q"]
    CliRunner().invoke(app, run)
    for part in (store / "issues").glob("part-*.parquet"):
        pq.write_table(pa.table({"x": [1, 2]}), part)
    for command in (run, ["archive", str(store), "--rules", str(RULES)]):
        result = CliRunner().invoke(app, command)
        assert result.exit_code == 2, command
        (line,) = result.stderr.strip().splitlines()
        assert str(store) in line and "damaged" in line


def test_a_store_that_fails_while_the_run_writes_it_loses_no_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def damaged(self: FactStore, issues: object) -> int:
        raise StoreError(f"{self.path}: cannot write the fact store (file is not a database)")

    monkeypatch.setattr(FactStore, "put_many", damaged)
    out = tmp_path / "out"
    store = tmp_path / "facts.db"
    result = CliRunner().invoke(
        app, ["run", str(SEEDS), "--rules", str(RULES), "--out", str(out), "--store", str(store), "-q"]
    )
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"checkfacts: {store}: cannot write the fact store (file is not a database); "
        "this run's facts were not stored and no stored issue was compared"
    ]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert len(report["documents"]) == 5 and len(report["findings"]) == 6
