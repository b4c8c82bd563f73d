"""The mutation instrument (bench/mutations.py): locating, editing, judging; the case file; one end-to-end run
on sentences written for this test. The real texts are read only when ../shared is beside the checkout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.mutations import (
    CASES,
    Case,
    CaseError,
    evaluate,
    load_cases,
    mutate,
    new_findings,
    occurrences,
    touching,
)
from bench.realtext import SHARED


def _case(**changes: object) -> Case:
    fields: dict[str, object] = {
        "id": "T1",
        "path": "x/issue.txt",
        "line": 2,
        "figure": "8.04%",
        "occurrence": 0,
        "replacement": "9.04%",
        "expect": "detect",
        "kind": "change_delta_pct",
        "note": "36/448 = 8.036%",
    }
    fields.update(changes)
    return Case(**fields)  # type: ignore[arg-type]


def test_an_occurrence_never_starts_inside_a_longer_number() -> None:
    line = "同比上升18.7%,环比上升7%,另有7%"
    assert occurrences(line, "7%") == [line.index(",环比") + 5, line.rindex("7%")]
    assert occurrences(line, "18.7%") == [line.index("18.7%")]
    assert occurrences("星期六 星期六", "星期六") == [0, 4]


def test_mutate_changes_one_figure_and_keeps_every_other_byte() -> None:
    text = "某市报\r\n共处理事故412起,同比减少36起,下降8.04%,另8.04%\r\n末行"
    mutated, at = mutate(text, _case(occurrence=1))
    assert mutated == "某市报\r\n共处理事故412起,同比减少36起,下降8.04%,另9.04%\r\n末行"
    assert at == text.split("\n")[1].rindex("8.04%")


def test_a_stale_location_is_refused_with_the_case_named() -> None:
    with pytest.raises(CaseError, match="T1"):
        mutate("一行\n没有这个数字\n", _case())
    with pytest.raises(CaseError, match="has 1 lines"):
        mutate("一行", _case())


def test_findings_touch_a_line_directly_or_through_a_related_place(tmp_path: Path) -> None:
    path = str((tmp_path / "a.txt").resolve())
    on_line = {"rule": "pct_change_mismatch", "path": path, "line": 2, "related": []}
    related = {"rule": "figure_mismatch", "path": path, "line": 9, "related": [{"path": path, "line": 2}]}
    elsewhere = {"rule": "figure_mismatch", "path": path, "line": 3, "related": []}
    other_file = {"rule": "pct_change_mismatch", "path": str(tmp_path / "b.txt"), "line": 2, "related": []}
    assert touching([on_line, related, elsewhere, other_file], path, 2) == [on_line, related]


def test_only_findings_the_unmutated_file_lacks_are_new() -> None:
    a = {"rule": "direction_mismatch"}
    b = {"rule": "direction_mismatch"}
    c = {"rule": "pct_change_mismatch"}
    assert new_findings([a, c], [b]) == [c]
    assert new_findings([a, b], [a]) == [b]
    assert new_findings([a], [a, c]) == []


def test_the_case_file_holds_forty_detect_and_ten_quiet_locations() -> None:
    cases = load_cases(CASES)
    assert [c.expect for c in cases].count("detect") == 40
    assert [c.expect for c in cases].count("quiet") == 10
    for case in cases:
        assert not Path(case.path).is_absolute() and ".." not in Path(case.path).parts
        assert len(case.figure) <= 12 and len(case.replacement) <= 12  # a figure, never a sentence


def test_a_malformed_case_file_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "cases.json"
    bad.write_text(json.dumps({"cases": [{"id": "X", "line": "3"}]}), encoding="utf-8")
    with pytest.raises(CaseError, match="'path' must be a str"):
        load_cases(bad)
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(CaseError, match="cannot read"):
        load_cases(bad)


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared (the real texts) is not beside the checkout")
def test_every_case_still_finds_its_figure_in_the_shared_texts() -> None:
    for case in load_cases(CASES):
        source = SHARED / case.path
        if source.is_file():
            mutate(source.read_bytes().decode("utf-8"), case)


def test_one_run_detects_a_broken_relation_and_stays_quiet_on_a_coarser_rounding(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    (shared / "own").mkdir(parents=True)
    # Sentences written for this test, in the style of a police bulletin.
    (shared / "own" / "bulletin.txt").write_text(
        "本周警情通报\n全年共处理一般程序交通事故412起,同比减少36起,下降8.04%。\n", encoding="utf-8"
    )
    cases = [
        _case(id="D", path="own/bulletin.txt", replacement="9.04%"),
        _case(id="Q", path="own/bulletin.txt", replacement="8.0%", expect="quiet"),
        _case(id="M", path="own/missing.txt"),
    ]
    outcomes, skipped, _ = evaluate(cases, shared, Path(__file__).resolve().parent.parent / "expectations")
    judged = {o.case.id: o for o in outcomes}
    assert judged["D"].flagged and judged["D"].passed
    assert not judged["Q"].flagged and judged["Q"].passed
    assert not judged["D"].baseline
    assert any("missing.txt" in message for message in skipped)
