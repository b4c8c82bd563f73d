"""The holdout mutation cases (bench/mutation_cases_holdout.json) and their random draw
(bench/draw_mutation_sentences.py): the file's shape and bookkeeping always; that the draw reproduces every case's
place and that every figure is still where it says only when ../shared is beside the checkout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.draw_mutation_sentences import (
    HOLDOUT,
    SEED,
    candidates,
    draw,
    excluded_lines,
    is_candidate,
    quantities,
    used_lines,
)
from bench.mutations import CASES, load_cases, mutate
from bench.realtext import SHARED


def _draw_record() -> dict[str, object]:
    record: dict[str, object] = json.loads(HOLDOUT.read_text(encoding="utf-8"))["draw"]
    return record


def test_the_holdout_holds_forty_detect_and_ten_quiet_locations_with_their_draw_ranks() -> None:
    cases = load_cases(HOLDOUT)
    assert [c.expect for c in cases].count("detect") == 40
    assert [c.expect for c in cases].count("quiet") == 10
    rows = json.loads(HOLDOUT.read_text(encoding="utf-8"))["cases"]
    ranks = [row["draw_rank"] for row in rows]
    assert len(set(ranks)) == len(ranks)
    # Every fifth kept sentence, in drawn order, is the quiet one.
    in_order = sorted(rows, key=lambda row: row["draw_rank"])
    assert [row["expect"] == "quiet" for row in in_order] == [(i + 1) % 5 == 0 for i in range(len(in_order))]
    for case in cases:
        assert not Path(case.path).is_absolute() and ".." not in Path(case.path).parts
        assert len(case.figure) <= 12 and len(case.replacement) <= 12  # a figure, never a sentence


def test_kept_and_skipped_ranks_cover_the_draw_exactly_once() -> None:
    record = _draw_record()
    kept = {row["draw_rank"] for row in json.loads(HOLDOUT.read_text(encoding="utf-8"))["cases"]}
    reasons = record["skip_reasons"]
    assert isinstance(reasons, dict)
    skipped = [rank for reason in reasons.values() for rank in reason["ranks"]]
    assert sum(reason["count"] for reason in reasons.values()) == len(skipped) == record["skipped"]
    assert sorted([*kept, *skipped]) == list(range(int(str(record["drawn"]))))
    assert record["seed"] == SEED


def test_no_holdout_case_uses_a_line_of_the_hand_chosen_cases() -> None:
    frozen = excluded_lines()
    holdout = {(c.path, c.line) for c in load_cases(HOLDOUT)}
    assert not holdout & frozen
    assert not holdout & used_lines(CASES)


def test_candidates_need_two_quantities_a_weekday_or_a_title_with_one() -> None:
    # Sentences written for this test.
    assert quantities("2024年3月5日，全市共受理案件120件，同比下降3.2%。") == 2  # the date does not count
    assert is_candidate("全市共受理案件120件，同比下降3.2%。", "全市共受理案件120件，同比下降3.2%。")
    assert not is_candidate("2024年3月5日，全市召开会议。", "2024年3月5日，全市召开会议。")
    assert is_candidate("2024年3月5日（星期二）", "2024年3月5日（星期二）")
    assert is_candidate("全市新建学校12所", "全市新建学校12所")  # a title line with one quantity
    assert not is_candidate("19.全市召开工作会议；", "19.全市召开工作会议；")  # a list number is no quantity
    link = "[查看原文](https://example.com/2023/05/25/abc230525.shtml)"
    assert not is_candidate(link, link)
    body = "会上通报了情况，全市新建学校12所。"
    assert not is_candidate(body, "前文。" + body)  # one quantity in a body sentence is not enough


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared (the real texts) is not beside the checkout")
def test_the_draw_reproduces_every_case_place_and_every_figure_is_still_there() -> None:
    drawn = draw(list(candidates(SHARED, excluded_lines())), SEED)
    rows = json.loads(HOLDOUT.read_text(encoding="utf-8"))["cases"]
    for row, case in zip(rows, load_cases(HOLDOUT), strict=True):
        place = drawn[row["draw_rank"]]
        assert (place.path, place.line) == (case.path, case.line), case.id
        mutate((SHARED / case.path).read_bytes().decode("utf-8"), case)
