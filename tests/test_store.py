"""The SQLite fact store: round trip, replacement of changed files, refusal of foreign or corrupt files."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from checks.cross_issue import contacts_table
from checks.documents import document_from_text, read_document
from checks.figure import Figure
from checks.masthead import extract_masthead
from checks.rules import load_builtin_rules
from checks.store import FactStore, StoreError

RULES = load_builtin_rules()

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_001 = SEEDS / "001_a944df977b0400ee.txt"
SEED_002 = SEEDS / "002_8af2dc1b8d902bad.txt"

FIGURE = Figure(
    value=Decimal("8.04"),
    low=Decimal("8.035"),
    high=Decimal("8.045"),
    unit="%",
    kind="percent",
    approximate=False,
    label="下降",
    start=10,
    end=15,
    line=3,
    text="8.04%",
)


def _put(store: FactStore, path: Path) -> str:
    doc = read_document(path)
    masthead = extract_masthead(doc)
    store.put(doc.path, doc.sha256, masthead.date, masthead.date_source, masthead.issue_number, masthead, [FIGURE])
    return doc.sha256


def _findings(table: pd.DataFrame) -> list[tuple[str, str, int]]:
    found = []
    for rule_id in ("contact_mismatch", "contact_changed", "masthead_mismatch", "invalid_contact"):
        ok = RULES[rule_id].check(table)  # the rule's own default options
        found += [(rule_id, str(table.at[i, "path"]), int(str(table.at[i, "line"]))) for i in table.index[~ok]]
    return sorted(found)


def test_round_trip_run_a_then_b_equals_both_together(tmp_path: Path) -> None:
    db = tmp_path / ".checkfacts" / "facts.db"
    with FactStore.open(db) as store:
        sha_a = _put(store, SEED_001)
    with FactStore.open(db) as store:  # a second run sees only the new issue
        assert store.known(sha_a)
        sha_b = _put(store, SEED_002)
        from_store = store.mastheads()
        stored = store.get(sha_b)
    direct = [extract_masthead(read_document(p)) for p in (SEED_001, SEED_002)]
    assert from_store == direct
    stored_table = pd.DataFrame(contacts_table(from_store))
    direct_table = pd.DataFrame(contacts_table(direct))
    pd.testing.assert_frame_equal(stored_table, direct_table)
    assert _findings(stored_table) == _findings(direct_table) != []
    assert stored is not None and stored.issue_number == "700" and stored.date_source == "masthead"
    assert stored.figures() == [FIGURE]


def test_changed_file_replaces_its_row(tmp_path: Path) -> None:
    with FactStore.open(tmp_path / "facts.db") as store:
        old = document_from_text("issue.txt", "副主任:韩志强 13033113276\n")
        new = document_from_text("issue.txt", "副主任:韩志强 13303113276\n")
        for doc in (old, new):
            masthead = extract_masthead(doc)
            store.put(doc.path, doc.sha256, None, "name", None, masthead, [])
        assert len(store) == 1
        assert not store.known(old.sha256) and store.known(new.sha256)
        assert store.get(old.sha256) is None
        (masthead,) = store.mastheads()
        assert masthead.contacts[0].value == "+8613303113276"


def test_failed_write_leaves_the_old_row(tmp_path: Path) -> None:
    with FactStore.open(tmp_path / "facts.db") as store:
        doc = document_from_text("issue.txt", "副主任:韩志强 13033113276\n")
        store.put(doc.path, doc.sha256, None, "name", None, extract_masthead(doc), [])
        bad = [("issue.txt", "other", None, "name", None, None, [object()])]
        with pytest.raises(AttributeError):
            store.put_many(bad)  # type: ignore[arg-type]
        assert store.known(doc.sha256) and len(store) == 1


def test_corrupt_file_is_refused_and_untouched(tmp_path: Path) -> None:
    db = tmp_path / "facts.db"
    db.write_bytes(b"not a database at all\n" * 200)
    before = db.read_bytes()
    with pytest.raises(StoreError, match="not a checkfacts fact store"):
        FactStore.open(db)
    assert db.read_bytes() == before


def test_damaged_store_is_refused_and_untouched(tmp_path: Path) -> None:
    db = tmp_path / "facts.db"
    with FactStore.open(db) as store:
        _put(store, SEED_002)
    data = bytearray(db.read_bytes())
    data[100:] = b"\xff" * (len(data) - 100)  # header intact, every page garbage
    db.write_bytes(bytes(data))
    with pytest.raises(StoreError):
        FactStore.open(db)
    assert db.read_bytes() == bytes(data)


def test_foreign_sqlite_database_is_refused_and_untouched(tmp_path: Path) -> None:
    db = tmp_path / "other.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.execute("INSERT INTO notes VALUES ('mine')")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    with pytest.raises(StoreError, match="not a checkfacts fact store"):
        FactStore.open(db)
    assert db.read_bytes() == before


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="folder"):
        FactStore.open(tmp_path)


CROSS_RULES = ("contact_mismatch", "contact_changed", "masthead_mismatch", "invalid_contact")


def test_pipeline_run_a_then_b_gives_the_findings_of_both_together(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through checks.pipeline: a run over only the new issue, with the store, finds what both together find."""
    import importlib.util
    import sys
    import types

    if importlib.util.find_spec("checks.figures") is None:  # the figure extractor is not needed here
        stub = types.ModuleType("checks.figures")
        stub.extract_figures = lambda doc: []  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "checks.figures", stub)
    from checks.config import load_suite
    from checks.pipeline import run_checks
    from checks.rules import load_builtin_rules

    suite = load_suite(Path(__file__).resolve().parent.parent / "expectations", set(load_builtin_rules()))
    for seed in (SEED_001, SEED_002):
        (tmp_path / seed.name).write_bytes(seed.read_bytes())

    def cross(findings: list[Any]) -> list[tuple[str, str, int, str, list[tuple[str, int]]]]:
        return sorted(
            (f.rule, Path(f.path).name, f.line, f.message, [(Path(r.path).name, r.line) for r in f.related])
            for f in findings
            if f.rule in CROSS_RULES
        )

    both = run_checks([str(tmp_path / SEED_001.name), str(tmp_path / SEED_002.name)], suite, store_path=None)
    db = tmp_path / ".checkfacts" / "facts.db"
    first = run_checks([str(tmp_path / SEED_001.name)], suite, store_path=str(db))
    second = run_checks([str(tmp_path / SEED_002.name)], suite, store_path=str(db))
    assert cross(first.findings) == []
    assert cross(second.findings) == cross(both.findings)
    assert [(rule, line) for rule, _, line, _, _ in cross(second.findings)] == [
        ("contact_changed", 70),
        ("contact_mismatch", 72),
        ("contact_mismatch", 78),
        ("contact_mismatch", 79),
    ]


def _set_extractor(db: Path, value: str) -> None:
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE issues SET extractor = ?", (value,))
    conn.close()


def test_rows_read_by_another_extractor_are_stale_until_read_again(tmp_path: Path) -> None:
    """After an upgrade of the extraction code, a stored issue is not offered as known: it is read again."""
    db = tmp_path / "facts.db"
    with FactStore.open(db) as store:
        sha = _put(store, SEED_001)
        assert store.get(sha) is not None and store.known(sha) and store.stale_count() == 0
    _set_extractor(db, "an-older-one")
    with FactStore.open(db) as store:
        assert store.get(sha) is None
        assert not store.known(sha) and store.known_digests() == set()
        assert store.stale_count() == 1
        assert [m.sha256 for m in store.mastheads()] == [sha]  # still the comparison side, as it was read
        _put(store, SEED_001)  # read again: replaced, current
        assert store.get(sha) is not None and store.stale_count() == 0


def test_a_schema_1_store_is_upgraded_in_place_with_its_rows_stale(tmp_path: Path) -> None:
    db = tmp_path / "facts.db"
    with FactStore.open(db) as store:
        sha = _put(store, SEED_001)
    conn = sqlite3.connect(db)  # make it what checkfacts with schema 1 wrote
    with conn:
        conn.execute("ALTER TABLE issues DROP COLUMN extractor")
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
        conn.execute("PRAGMA user_version = 1")
    conn.close()
    with FactStore.open(db) as store:
        assert store.get(sha) is None and store.stale_count() == 1 and len(store) == 1
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    assert dict(conn.execute("SELECT key, value FROM meta").fetchall())["schema_version"] == "2"
    conn.close()


def test_a_run_reads_stale_issues_again_and_names_those_it_cannot(tmp_path: Path) -> None:
    from checks.config import load_suite
    from checks.pipeline import run_checks

    suite = load_suite(Path(__file__).resolve().parent.parent / "expectations", set(load_builtin_rules()))
    for seed in (SEED_001, SEED_002):
        (tmp_path / seed.name).write_bytes(seed.read_bytes())
    one, two = str(tmp_path / SEED_001.name), str(tmp_path / SEED_002.name)
    db = tmp_path / "facts.db"
    fresh = run_checks([one, two], suite, store_path=str(db))
    _set_extractor(db, "an-older-one")
    again = run_checks([one, two], suite, store_path=str(db))  # both read again: nothing stale is left
    assert again.extra.get("warnings", []) == []
    assert [f.to_record() for f in again.findings] == [f.to_record() for f in fresh.findings]
    _set_extractor(db, "an-older-one")
    partial = run_checks([one], suite, store_path=str(db))
    (warning,) = partial.extra["warnings"]
    assert "1 stored issue(s) were read by another version of checkfacts" in warning
    with FactStore.open(db) as store:
        assert store.stale_count() == 1
