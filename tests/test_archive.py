"""The Parquet fact store (archive mode) against the SQLite one, and the dask.dataframe cross-issue rules
against the pandas/GX path, on the seeds and on a generated corpus with masthead changes mixed in.

Every expectation is the other implementation's answer on the same files; nothing states what the
seeds should yield.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pyarrow", reason="the Parquet store comes with the dask extra")
pytest.importorskip("dask.dataframe", reason="the dask extra is not installed")

from bench.bench_archive import write_masthead_variants
from checks.archive import ParquetStore, is_archive_path
from checks.archive_rules import CROSS_ISSUE_RULES, archive_failures, archive_findings
from checks.config import RuleSuite, load_suite
from checks.cross_issue import contacts_table
from checks.pipeline import RunResult, run_checks
from checks.rules import RULES as RULE_TABLE
from checks.rules import load_builtin_rules
from checks.store import FactStore, StoreError
from tests.conftest import RULES


@pytest.fixture(scope="module")
def suite() -> RuleSuite:
    return load_suite(RULES, set(load_builtin_rules()))


def _findings(result: RunResult) -> list[tuple[Any, ...]]:
    return [(f.rule, f.path, f.line, f.stated, f.expected, f.message) for f in result.findings]


def test_archive_mode_is_chosen_by_the_store_path() -> None:
    assert is_archive_path("facts.parquet") and is_archive_path("archive/") and is_archive_path("a/b.parquet")
    assert not is_archive_path(".checkfacts/facts.db") and not is_archive_path("facts")


def test_a_parquet_store_gives_the_sqlite_stores_runs(suite: RuleSuite, seeds_copy: Path, tmp_path: Path) -> None:
    paths = [str(seeds_copy)]
    sqlite = [run_checks(paths, suite, store_path=str(tmp_path / "facts.db")) for _ in range(2)]
    parquet = [run_checks(paths, suite, store_path=str(tmp_path / "facts.parquet")) for _ in range(2)]
    assert sqlite[0].findings
    assert [a.from_store for a in parquet[1].analyses] == [a.from_store for a in sqlite[1].analyses] == [True] * 5
    for ours, theirs in zip(parquet, sqlite, strict=True):
        assert _findings(ours) == _findings(theirs)
        assert [(a.path, len(a.figures), a.claim_count) for a in ours.analyses] == [
            (a.path, len(a.figures), a.claim_count) for a in theirs.analyses
        ]
    parts = sorted((tmp_path / "facts.parquet" / "issues").glob("part-*.parquet"))
    assert len(parts) == 1, "the second run stored nothing new"


def test_a_newer_write_replaces_by_path_and_by_content_as_in_sqlite(
    suite: RuleSuite, seeds_copy: Path, tmp_path: Path
) -> None:
    """Edit one issue, rename another, then the gate's 'focus' run: both stores must end up alike."""
    paths = [str(seeds_copy)]
    stores = [str(tmp_path / "facts.db"), str(tmp_path / "facts.parquet")]
    for store in stores:
        run_checks(paths, suite, store_path=store)
    first, second = sorted(seeds_copy.glob("*.txt"))[:2]
    first.write_text(first.read_text(encoding="utf-8").replace("2022", "2021", 1), encoding="utf-8")
    second.rename(seeds_copy / "renamed.txt")
    results = [run_checks(paths, suite, store_path=store) for store in stores]
    assert _findings(results[0]) == _findings(results[1])
    with FactStore.open(stores[0]) as sqlite, ParquetStore.open(stores[1]) as parquet:
        assert len(sqlite) == len(parquet) == 5  # the renamed file's content replaced its old row
        assert str(seeds_copy / "renamed.txt") in {m.path for m in parquet.mastheads()}
        assert parquet.mastheads() == sqlite.mastheads()
        assert parquet.known_digests() == sqlite.known_digests()


def test_a_foreign_folder_or_a_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    foreign = tmp_path / "other.parquet"
    foreign.mkdir()
    (foreign / "data.csv").write_text("a,b\n", encoding="utf-8")
    with pytest.raises(StoreError, match="not a checkfacts Parquet fact store"):
        ParquetStore.open(foreign)
    assert sorted(p.name for p in foreign.iterdir()) == ["data.csv"]
    afile = tmp_path / "file.parquet"
    afile.write_bytes(b"PAR1")
    with pytest.raises(StoreError, match="is a file"):
        ParquetStore.open(afile)
    assert afile.read_bytes() == b"PAR1"


def _pandas_failures(store: str, suite: RuleSuite) -> dict[str, set[str]]:
    """The pandas path: the SQLite store's mastheads -> contacts table -> each rule's check."""
    import pandas as pd

    with FactStore.open(store) as sqlite:
        frame = pd.DataFrame(contacts_table(sqlite.mastheads()))
    failures = {}
    for rule in CROSS_ISSUE_RULES:
        holds = RULE_TABLE[rule].judge(frame, suite.rules[rule].options, None).ok
        failures[rule] = set(frame.loc[~holds.to_numpy(), "claim_id"])
    return failures


@pytest.mark.parametrize("corpus", ["seeds", "generated"])
def test_cross_issue_rules_on_dask_dataframe_equal_the_pandas_and_gx_path(
    suite: RuleSuite, seeds_copy: Path, tmp_path: Path, corpus: str
) -> None:
    folder = seeds_copy
    if corpus == "generated":
        folder = tmp_path / "generated"
        write_masthead_variants(folder, 240)
    paths = [str(folder)]
    sqlite = run_checks(paths, suite, store_path=str(tmp_path / "facts.db"))
    run_checks(paths, suite, store_path=str(tmp_path / "facts.parquet"))
    expected = _pandas_failures(str(tmp_path / "facts.db"), suite)
    options = {rule: suite.rules[rule].options for rule in CROSS_ISSUE_RULES}
    found = archive_failures(str(tmp_path / "facts.parquet"), options)
    for rule in CROSS_ISSUE_RULES:
        assert set(found[rule]["claim_id"]) == expected[rule], rule
    assert sum(len(ids) for ids in expected.values()) > 0
    if corpus == "generated":
        assert all(expected[rule] for rule in CROSS_ISSUE_RULES), "every cross-issue rule fails somewhere"
    # And the GX run's findings are those rows, place for place.
    reported = Counter((f.rule, f.path, f.line) for f in sqlite.findings if f.rule in CROSS_ISSUE_RULES)
    computed = Counter(
        (rule, path, int(line))
        for rule, frame in found.items()
        for path, line in zip(frame["path"], frame["line"], strict=True)
    )
    assert computed == reported


def _finding_record(finding: Any) -> tuple[Any, ...]:
    return (
        finding.rule,
        finding.severity,
        finding.path,
        finding.line,
        finding.start,
        finding.end,
        finding.excerpt,
        finding.message,
        finding.message_zh,
        finding.stated,
        finding.expected,
        tuple((r.path, r.line) for r in finding.related),
        finding.highlights,
    )


def test_the_archives_findings_are_the_gx_runs_word_for_word(suite: RuleSuite, tmp_path: Path) -> None:
    """Explained from the few rows each failing row's key needs, the findings equal those of one pandas table."""
    folder = tmp_path / "generated"
    write_masthead_variants(folder, 240)
    sqlite = run_checks([str(folder)], suite, store_path=str(tmp_path / "facts.db"))
    run_checks([str(folder)], suite, store_path=str(tmp_path / "facts.parquet"))
    expected = [_finding_record(f) for f in sqlite.findings if f.rule in CROSS_ISSUE_RULES]
    found = [_finding_record(f) for f in archive_findings(str(tmp_path / "facts.parquet"), suite)]
    assert {record[0] for record in expected} == set(CROSS_ISSUE_RULES)
    assert found == expected


def test_the_archive_command_prints_them_on_threads_and_on_a_local_cluster(
    suite: RuleSuite, seeds_copy: Path, tmp_path: Path
) -> None:
    import subprocess
    import sys

    from checks.cli import console_line

    checkfacts = str(Path(sys.executable).parent / "checkfacts")
    store = str(tmp_path / "facts.parquet")
    common = ["--rules", str(RULES), "--lang", "en"]
    written = subprocess.run(
        [checkfacts, "run", str(seeds_copy), "--store", store, "--out", str(tmp_path / "r"), "-q", *common],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert written.returncode == 1, written.stderr
    local = run_checks([str(seeds_copy)], suite)
    expected = [console_line(f, "en") for f in local.findings if f.rule in CROSS_ISSUE_RULES and not f.waived]
    assert expected
    for engine in ([], ["--jobs", "1"]):
        result = subprocess.run(
            [checkfacts, "archive", store, *common, *engine], capture_output=True, text=True, timeout=300, check=False
        )
        assert result.returncode == 1, result.stderr
        assert result.stdout.splitlines() == expected
    missing = subprocess.run(
        [checkfacts, "archive", str(tmp_path / "none.parquet")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1 and "not a Parquet fact store" in missing.stderr


def test_rows_read_by_another_extractor_are_stale_as_in_sqlite(
    suite: RuleSuite, seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an upgrade a stored issue is not offered again (read anew when its file is given) but stays comparable."""
    import checks.archive

    store = str(tmp_path / "facts.parquet")
    run_checks([str(seeds_copy)], suite, store_path=store)
    monkeypatch.setattr(checks.archive, "extractor_id", lambda: "another-version")
    with ParquetStore.open(store) as parquet:
        assert parquet.known_digests() == set() and parquet.stale_count() == 5
        assert len(parquet.mastheads()) == 5
    again = run_checks([str(seeds_copy)], suite, store_path=store)
    assert [a.from_store for a in again.analyses] == [False] * 5
    with ParquetStore.open(store) as parquet:
        assert parquet.stale_count() == 0 and len(parquet.known_digests()) == 5
