"""Cross-issue rules over the contacts table built from many issues' mastheads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from checks.cross_issue import contacts_table, describe_difference
from checks.documents import document_from_text, read_document
from checks.findings import Related
from checks.masthead import Masthead, extract_masthead
from checks.rules import Explanation, load_builtin_rules

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
RULE_IDS = ("contact_mismatch", "contact_changed", "masthead_mismatch", "invalid_contact")

RULES = load_builtin_rules()


def _seed_mastheads() -> list[Masthead]:
    return [extract_masthead(read_document(p)) for p in sorted(SEEDS.glob("*.txt"))]


def _failures(mastheads: list[Masthead], rule_id: str) -> list[tuple[dict[str, Any], Explanation]]:
    """Run one rule's check over the whole table and explain the failing rows."""
    table = pd.DataFrame(contacts_table(mastheads))
    rule = RULES[rule_id]
    verdicts = rule.verdicts(table)  # the rule's own default options
    assert verdicts.ok.index.equals(table.index) and verdicts.ok.dtype == bool
    failing = table.index[~verdicts.ok]
    assert set(verdicts.explanations) == set(failing)  # every failing row explained in the same pass
    return [(table.loc[i].to_dict(), verdicts.explanations[i]) for i in failing]


def _issue(path: str, body: str) -> Masthead:
    return extract_masthead(document_from_text(path, body))


def test_seed_phone_typo_of_han_zhiqiang_is_found_with_both_issues() -> None:
    found = [(row, e) for row, e in _failures(_seed_mastheads(), "contact_mismatch") if row["person"] == "韩志强"]
    assert len(found) == 1
    row, explanation = found[0]
    assert (Path(row["path"]).name, row["line"], row["printed"]) == ("002_8af2dc1b8d902bad.txt", 72, "13303113276")
    assert explanation.related == (
        Related(
            path=str(SEEDS / "001_a944df977b0400ee.txt"),
            line=115,
            excerpt="副主任: 韩志强 13033113276",
            date=None,
            highlights=("13033113276",),
        ),
    )
    message = explanation.message
    # The later issue (by date) comes first, then the earlier one; the swap is named.
    assert message.index("13303113276") < message.index("13033113276")
    assert "two adjacent digits swapped" in message
    assert explanation.message_zh.startswith(
        "韩志强的电话前后不一致:002_8af2dc1b8d902bad.txt(2022-01-11)印为13303113276"
    )
    assert "疑为笔误:相邻两位数字颠倒(第3位,03 / 30)" in explanation.message_zh


def test_seed_mailbox_typos_are_named() -> None:
    found = {
        row["label"]: e.message
        for row, e in _failures(_seed_mastheads(), "contact_mismatch")
        if row["kind"] == "mailbox"
    }
    assert set(found) == {"新闻", "副刊"}
    assert "two adjacent characters swapped" in found["新闻"]
    assert "one character missing or extra" in found["副刊"]


def test_seed_dash_variant_of_yang_jianglong_raises_nothing() -> None:
    mastheads = _seed_mastheads()
    for rule_id in RULE_IDS:
        assert all(row["person"] != "杨江龙" for row, _ in _failures(mastheads, rule_id)), rule_id


def test_seed_deputy_editor_change_is_only_contact_changed() -> None:
    mastheads = _seed_mastheads()
    changed = _failures(mastheads, "contact_changed")
    assert [(row["role"], row["person"]) for row, _ in changed] == [("副编审", "张建林")]
    assert "张哲" in changed[0][1].message and changed[0][1].related[0].line == 113
    assert RULES["contact_changed"].default_severity == "info"
    others = [
        row
        for rule_id in ("contact_mismatch", "masthead_mismatch", "invalid_contact")
        for row, _ in _failures(mastheads, rule_id)
    ]
    assert not [row for row in others if row["person"] in ("张哲", "张建林")]
    # 本期编辑 changes every issue by design: no finding for it.
    assert not [row for row, _ in changed if row["role"] == "本期编辑"]


def test_seed_findings_are_exactly_the_known_ones() -> None:
    mastheads = _seed_mastheads()
    counts = {rule_id: len(_failures(mastheads, rule_id)) for rule_id in RULE_IDS}
    assert counts == {"contact_mismatch": 3, "contact_changed": 1, "masthead_mismatch": 0, "invalid_contact": 0}


def test_one_disagreement_is_one_finding_on_the_later_issue_whatever_the_input_order() -> None:
    early = _issue("b.txt", "2022年1月4日 星期二\n\n副主任:韩志强 13033113276\n")
    late = _issue("a.txt", "2022年1月11日 星期二\n\n副主任:韩志强 13033113267\n")
    for mastheads in ([early, late], [late, early]):
        found = _failures(mastheads, "contact_mismatch")
        assert [row["path"] for row, _ in found] == ["a.txt"]
        assert found[0][1].related[0].path == "b.txt" and found[0][1].related[0].date == "2022-01-04"
        assert "a.txt (2022-01-11) prints 13033113267, b.txt (2022-01-04) printed 13033113276" in found[0][1].message


def test_a_person_is_compared_across_roles_and_an_added_number_is_no_conflict() -> None:
    first = _issue("1.txt", "2022年1月4日\n\n本期编辑:刘帅 18032890055\n")
    same_other_role = _issue("2.txt", "2022年1月5日\n\n副主任:刘帅 180-3289-0055\n")
    second_number = _issue("3.txt", "2022年1月6日\n\n副主任:刘帅 18032890055 0311-66990808\n")
    assert _failures([first, same_other_role, second_number], "contact_mismatch") == []
    changed_role = _issue("4.txt", "2022年1月7日\n\n副主任:刘帅 18032890056\n")
    found = _failures([first, same_other_role, second_number, changed_role], "contact_mismatch")
    assert [row["path"] for row, _ in found] == ["4.txt"]
    assert "one digit differs" in found[0][1].message


def test_a_real_change_is_not_called_a_typo() -> None:
    early = _issue("1.txt", "2022年1月4日\n\n副主任:韩志强 13033113276\n")
    late = _issue("2.txt", "2022年1月5日\n\n副主任:韩志强 18611112222\n")
    ((_, explanation),) = _failures([early, late], "contact_mismatch")
    assert "typo" not in explanation.message


def test_postal_code_and_cn_number_must_stay_constant() -> None:
    early = _issue("1.txt", "2022年1月4日\n\n邮发代号 17-77\n国内统一连续出版物号 CN13-0033\n")
    same = _issue("2.txt", "2022年1月5日\n\n邮发代号 17—77\n国内统一连续出版物号 CN 13-0033/D\n")
    changed = _issue("3.txt", "2022年1月6日\n\n邮发代号 17-71\n国内统一连续出版物号 CN13-0033\n")
    assert _failures([early, same], "masthead_mismatch") == []
    found = _failures([early, same, changed], "masthead_mismatch")
    assert [(row["path"], row["role"]) for row, _ in found] == [("3.txt", "邮发代号")]
    assert found[0][1].related[0].path == "2.txt"


def test_issue_numbers_going_backwards_against_dates() -> None:
    a = _issue("a.txt", "2022年1月4日 星期二\n第699期 本刊今日4版\n")
    b = _issue("b.txt", "2022年1月11日 星期二\n第700期 本刊今日4版\n")
    assert _failures([a, b], "masthead_mismatch") == []
    c = _issue("c.txt", "2022年1月18日 星期二\n第698期 本刊今日4版\n")
    found = _failures([a, b, c], "masthead_mismatch")
    assert [row["path"] for row, _ in found] == ["c.txt"]
    assert found[0][1].related[0].path == "b.txt" and "backwards" in found[0][1].message


def test_invalid_contact_flags_malformed_rows() -> None:
    masthead = _issue("x.txt", "副主任:韩志强 1303311327\n邮箱:hbfzbgazk@126com(新闻)\n")
    found = _failures([masthead], "invalid_contact")
    assert [row["kind"] for row, _ in found] == ["person", "mailbox"]
    assert "1303311327" in found[0][1].message


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("13033113276", "13303113276", "two adjacent digits swapped"),
        ("13033113276", "13033113278", "one digit differs"),
        ("gazkf", "gazkfk", "one digit missing or extra"),
        ("13033113276", "13303113267", None),
        ("abc", "abc", None),
    ],
)
def test_describe_difference(a: str, b: str, expected: str | None) -> None:
    note = describe_difference(a, b, "digit")
    assert (note is None) if expected is None else (note is not None and expected in note)


def test_contacts_table_through_great_expectations() -> None:
    from checks.config import RuleSetting, RuleSuite
    from checks.validate import validate_tables

    settings = {r: RuleSetting(r, True, RULES[r].default_severity, RULES[r].options, "t") for r in RULE_IDS}
    suite = RuleSuite(rules=settings)
    outcome = validate_tables({"contacts": contacts_table(_seed_mastheads())}, suite)
    found = sorted((f.rule, f.severity, Path(f.path).name, f.line) for f in outcome.findings)
    assert found == [
        ("contact_changed", "info", "002_8af2dc1b8d902bad.txt", 70),
        ("contact_mismatch", "error", "002_8af2dc1b8d902bad.txt", 72),
        ("contact_mismatch", "error", "002_8af2dc1b8d902bad.txt", 78),
        ("contact_mismatch", "error", "002_8af2dc1b8d902bad.txt", 79),
    ]
    assert all(f.related for f in outcome.findings)


def _replacements_by_definition(frame: pd.DataFrame) -> list[bool]:
    """The plain O(n^2) reading of the rule, to hold the vectorized version to."""
    seen: set[tuple[Any, Any, Any]] = set()
    out = []
    for k, o, v in frame[["k", "o", "v"]].itertuples(index=False):
        earlier = [oo for kk, oo in zip(frame["k"], frame["o"], strict=True) if kk == k and oo < o]
        first = (k, o, v) not in seen
        seen.add((k, o, v))
        if not earlier or not first:
            out.append(False)
            continue
        prev = max(earlier)
        prev_set = {vv for kk, oo, vv in frame[["k", "o", "v"]].itertuples(index=False) if kk == k and oo == prev}
        cur_set = {vv for kk, oo, vv in frame[["k", "o", "v"]].itertuples(index=False) if kk == k and oo == o}
        out.append(v not in prev_set and bool(prev_set - cur_set))
    return out


@pytest.mark.parametrize("seed", range(40))
def test_vectorized_comparison_matches_its_definition(seed: int) -> None:
    import random

    from checks.cross_issue import _replacements

    rng = random.Random(seed)
    size = rng.randint(1, 40)
    frame = pd.DataFrame(
        {
            "k": [rng.choice(["张三", "李四", "新闻"]) for _ in range(size)],
            "o": [rng.randint(0, 6) for _ in range(size)],
            "v": [rng.choice(["a", "b", "c"]) for _ in range(size)],
        },
        index=[f"r{i}" for i in range(size)],
    )
    result = _replacements(frame)
    assert list(result.index) == list(frame.index)
    assert list(result) == _replacements_by_definition(frame)


# --- one publication's masthead, not bylines (issue 10, item 7) --------------------------------

_BLOCK = "编辑部主任:安世乔 13932149635\n副主任:{who} {phone}\n编辑部地址:红旗大街134号{paper}社\n邮箱:{box}(投稿)\n"


def _paper(
    path: str, date: str, paper: str, who: str = "韩志强", phone: str = "13033113276", box: str = "a@x.cn"
) -> Masthead:
    return _issue(path, f"{date}\n\n正文。\n\n" + _BLOCK.format(who=who, phone=phone, paper=paper, box=box))


def test_two_papers_mastheads_are_never_compared() -> None:
    one = _paper("1.txt", "2022年1月4日", "河北法制报", box="tougao@hbfzb.cn")
    other = _paper("2.txt", "2022年1月5日", "燕赵晚报", who="韩志强", phone="13911112222", box="tg@yzwb.cn")
    assert [m.identifier("报名") for m in (one, other)] == ["河北法制报", "燕赵晚报"]
    for rule_id in RULE_IDS:
        assert _failures([one, other], rule_id) == [], rule_id
    # The same two changes within ONE paper are findings: the test above is not blind.
    same = _paper("3.txt", "2022年1月6日", "河北法制报", phone="13911112222", box="tg@yzwb.cn")
    found = _failures([one, other, same], "contact_mismatch")
    assert sorted((row["path"], row["kind"]) for row, _ in found) == [("3.txt", "mailbox"), ("3.txt", "person")]
    assert "1.txt" in found[0][1].message


def test_web_bylines_on_lone_lines_are_not_masthead_roles() -> None:
    pages = [
        _issue(f"{i}.txt", f"标题\n\n正文。\n\n编辑:{name}\n") for i, name in enumerate(["高杨", "胡子傲", "丁浩然"])
    ]
    footers = [_issue(f"f{i}.txt", f"正文。\n\n投稿邮箱:{box}\n") for i, box in enumerate(["a@163.com", "b@126.com"])]
    for rule_id in ("contact_changed", "contact_mismatch"):
        assert _failures(pages + footers, rule_id) == [], rule_id
    # A roster of two lines is a masthead block: a new holder of its standing role is reported.
    rosters = [
        _issue(f"r{i}.txt", f"2022年1月{4 + i}日\n\n正文。\n\n编辑:{name}\n主编:王五\n")
        for i, name in enumerate(["高杨", "胡子傲"])
    ]
    assert [(row["path"], row["person"]) for row, _ in _failures(rosters, "contact_changed")] == [("r1.txt", "胡子傲")]


def test_an_unnamed_issue_joins_the_paper_whose_cn_number_it_prints() -> None:
    named = _issue(
        "1.txt", "2022年1月4日\n\nCN13-0033\n\n副主任:韩志强 13033113276\n编辑部地址:红旗大街134号河北法制报社\n"
    )
    unnamed = _issue("2.txt", "2022年1月5日\n\nCN13-0033\n\n副主任:韩志强 13303113276\n")
    stranger = _issue("3.txt", "2022年1月6日\n\nCN13-0099\n\n副主任:韩志强 13911112222\n")
    assert (named.identifier("报名"), unnamed.identifier("报名")) == ("河北法制报", None)
    found = _failures([named, unnamed, stranger], "contact_mismatch")
    assert [row["path"] for row, _ in found] == ["2.txt"]  # 3.txt is another, unnamed publication


def test_entries_with_trailing_words_still_yield_their_mismatch() -> None:
    """'13303113276（兼）', ' x' and words after '(新闻)' once dropped the entry and its neighbour."""
    early = _issue("1.txt", "2022年1月4日\n\n副主任:韩志强 13033113276\n孙继增 13032610871\n邮箱:a@126.com(新闻)\n")
    for tail, box_tail in (("（兼）", " 欢迎来稿"), (" x", " x"), ("(兼任) 值班", "(欢迎投稿)")):
        late = _issue(
            "2.txt",
            f"2022年1月5日\n\n副主任:韩志强 13303113276{tail}\n孙继增 13032610817\n邮箱:b@126.com(新闻){box_tail}\n",
        )
        found = _failures([early, late], "contact_mismatch")
        names = sorted(str(row["label"] if row["kind"] == "mailbox" else row["person"]) for row, _ in found)
        assert names == ["孙继增", "新闻", "韩志强"], tail


REALNEWS = Path(__file__).resolve().parent.parent.parent / "shared" / "realnews"


@pytest.mark.skipif(not REALNEWS.is_dir(), reason="../shared/realnews is not on this machine")
def test_real_news_pages_of_many_outlets_raise_no_contact_alarm() -> None:
    """Its bylines and column footers (编辑:…, 投稿邮箱:…) are no one publication's masthead."""
    mastheads = [extract_masthead(read_document(p)) for p in sorted(REALNEWS.rglob("*.txt"))]
    assert sum(1 for m in mastheads for e in m.entries if e.kind in ("person", "mailbox")) >= 5  # they are read
    for rule_id in ("contact_mismatch", "contact_changed"):
        assert _failures(mastheads, rule_id) == [], rule_id


def test_a_masthead_stored_before_the_publication_name_is_still_of_its_paper() -> None:
    """The fact store keeps old mastheads without a 报名 entry: their address still names the paper."""
    from dataclasses import replace

    early, late = _seed_mastheads()[1:3]
    stored = replace(early, entries=tuple(e for e in early.entries if e.role != "报名"))
    assert stored.identifier("报名") is None
    found = [row["person"] for row, _ in _failures([stored, late], "contact_mismatch") if row["kind"] == "person"]
    assert found == ["韩志强"]


def test_a_judge_decides_every_row_but_explains_only_the_wanted_ones() -> None:
    table = pd.DataFrame(contacts_table(_seed_mastheads()))
    rule = RULES["contact_mismatch"]
    everything = rule.judge(table, rule.options, None)
    failing = list(table.index[~everything.ok])
    assert len(failing) >= 2 and set(everything.explanations) == set(failing)
    wanted = pd.Series(False, index=table.index)
    wanted[failing[0]] = True
    some = rule.judge(table, rule.options, wanted)
    assert some.ok.equals(everything.ok)  # the verdicts do not depend on what is explained
    assert list(some.explanations) == [failing[0]]
    assert some.explanations[failing[0]] == everything.explanations[failing[0]]
