"""The seven in-issue rules over synthetic sentences (fires / stays quiet) and over the seeds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from checks.claims.build import build_claims
from checks.documents import Document, document_from_text, read_document
from checks.figure import Figure
from checks.figures import extract_figures
from checks.rules import RULES, Explanation, RuleOptions, load_builtin_rules

load_builtin_rules()

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
DEFAULT = RuleOptions()
IN_ISSUE = (
    "pct_change_mismatch",
    "pct_change_impossible",
    "direction_mismatch",
    "part_exceeds_whole",
    "sum_mismatch",
    "figure_mismatch",
    "weekday_mismatch",
)


def figures_of(doc: Document) -> list[Figure]:
    """The project's extractor: the rules are tested on the figures a run would give them."""
    return extract_figures(doc, year=2022)


def run(doc: Document, rule_id: str, options: RuleOptions = DEFAULT) -> list[tuple[dict[str, Any], bool]]:
    rule = RULES[rule_id]
    rows = build_claims(doc, figures_of(doc))[rule.table]
    if not rows:
        return []
    frame = pd.DataFrame(rows)
    verdicts = rule.check(frame, options)
    assert list(verdicts.index) == list(frame.index)
    records = [{str(k): v for k, v in r.items()} for r in frame.to_dict("records")]
    return [(row, bool(verdicts[i])) for i, row in zip(frame.index, records, strict=True)]


def failures(text: str, rule_id: str, options: RuleOptions = DEFAULT) -> list[Explanation]:
    doc = document_from_text("synthetic.txt", text)
    rule = RULES[rule_id]
    rows = build_claims(doc, figures_of(doc))[rule.table]
    if not rows:
        return []
    frame = pd.DataFrame(rows)
    verdicts = rule.verdicts(frame, options)
    return [verdicts.explanations[i] for i in frame.index[~verdicts.ok]]


def judged(text: str, rule_id: str) -> int:
    """How many claims the rule's table holds for the text (so a quiet test is not vacuous)."""
    doc = document_from_text("synthetic.txt", text)
    return len(build_claims(doc, figures_of(doc))[RULES[rule_id].table])


def test_all_rules_registered_on_their_tables() -> None:
    assert {r: RULES[r].table for r in IN_ISSUE} == {
        "pct_change_mismatch": "changes",
        "pct_change_impossible": "changes",
        "direction_mismatch": "changes",
        "part_exceeds_whole": "parts",
        "sum_mismatch": "sums",
        "figure_mismatch": "repeats",
        "weekday_mismatch": "weekdays",
    }


# pct_change_mismatch ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "全年共处理一般程序事故412起,同比减少36起,下降8.04%。",
        "财产损失122万元,同比减少78.5万元,下降39.15%。",
        "破获案件18393起,同比减少1607起,下降8.04%。",  # exactly 8.035%
        "破获案件18391起,同比减少1609起,下降8.04%。",  # exactly 8.045%: half-even gives 8.04
        "事故412余起,同比减少36起,下降8.50%。",  # approximate current: no equality can fail
        "事故412起,同比减少36起,下降8.5个百分点。",  # points are not a relative change
        "案件250起,比上年增加50起,增长25%。",
        "案件由200起增加到250起,增长25%。",
        "上传率由70%提升至99%,提升29%。",  # percent values: a difference of percents also reads right
        "上传率由70%提升至99%,提升41.4%。",
        "国内生产总值达到82.7万亿元,比上年增加5万亿元,增长6.9%。",  # real growth vs nominal amounts
    ],
)
def test_pct_change_mismatch_quiet(text: str) -> None:
    assert judged(text, "pct_change_mismatch") >= 1
    assert failures(text, "pct_change_mismatch") == []


def test_pct_change_mismatch_fires_with_arithmetic() -> None:
    (e,) = failures("全年共处理一般程序事故412起,同比减少36起,下降8.50%。", "pct_change_mismatch")
    assert e.message == (
        "stated 下降8.50%, but 36 / (412 + 36) = 8.036% → 8.04%; no values inside the stated precisions give 8.50%"
    )
    assert (e.stated, e.expected) == ("下降8.50%", "8.04%")


def test_pct_change_mismatch_full_width() -> None:
    (e,) = failures("事故４１２起，同比减少３６起，下降８．５０％。", "pct_change_mismatch")
    assert "8.036%" in e.message


def test_rounding_edges_depend_on_the_declared_modes() -> None:
    at_8045 = "破获案件18391起,同比减少1609起,下降8.04%。"
    assert len(failures(at_8045, "pct_change_mismatch", RuleOptions(rounding=("half_up",)))) == 1
    assert failures(at_8045, "pct_change_mismatch", RuleOptions(rounding=("half_even",))) == []
    at_8035 = "破获案件18393起,同比减少1607起,下降8.04%。"
    assert failures(at_8035, "pct_change_mismatch", RuleOptions(rounding=("half_up",))) == []
    assert len(failures(at_8035, "pct_change_mismatch", RuleOptions(rounding=("truncate",)))) == 1
    at_8049 = "破获案件91951起,同比减少8049起,下降8.04%。"  # 8049 / 100000 = 8.049%
    assert len(failures(at_8049, "pct_change_mismatch")) == 1
    assert failures(at_8049, "pct_change_mismatch", RuleOptions(rounding=("half_up", "truncate"))) == []


def test_pct_change_mismatch_from_to_with_times_and_short_direction_words() -> None:
    assert len(failures("财产损失由去年的500万元降至400万元,下降25%。", "pct_change_mismatch")) == 1
    assert failures("财产损失由去年的500万元降至400万元,下降20%。", "pct_change_mismatch") == []
    assert len(failures("死亡人数由2022年的50人减少到2023年的40人,减少25%。", "pct_change_mismatch")) == 1
    assert failures("死亡人数由2022年的50人减少到2023年的40人,减少20%。", "pct_change_mismatch") == []
    assert len(failures("案件由200起增至250起,增长30%。", "pct_change_mismatch")) == 1
    doc = document_from_text("s.txt", "由3年的50人增至60人,增长20%。")
    rows = build_claims(doc, figures_of(doc))["changes"]
    assert all(r["source"] != "from_to" for r in rows)  # 3年 is a duration, not a time point


def test_pct_change_mismatch_from_to() -> None:
    assert len(failures("案件由200起增加到250起,增长30%。", "pct_change_mismatch")) == 1
    assert len(failures("上传率由70%提升至99%,提升35%。", "pct_change_mismatch")) == 1


# pct_change_impossible -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "全市共破获电信诈骗案件862起,同比上升10.23%。",
        "发案911起,同比下降2.25%。",
        "案件500余起,同比上升13.3%。",  # a lower bound has many bases
        "抓获犯罪嫌疑人2.8万名,同比上升13.3%。",  # 27 500 .. 28 499: some base fits
        "损失500万元,同比上升13.3%。",  # money is not a whole-number unit
        "案件500起,同比上升13.3个百分点。",
    ],
)
def test_pct_change_impossible_quiet(text: str) -> None:
    assert judged(text, "pct_change_impossible") >= 1
    assert failures(text, "pct_change_impossible") == []


def test_pct_change_impossible_fires_and_names_bases() -> None:
    (e,) = failures("案件500起,同比上升13.3%。", "pct_change_impossible")
    assert e.message.startswith("no whole-number base gives +13.3% on 500")
    assert "base 441 gives +13.38%, base 442 gives +13.12%" in e.message
    assert failures("案件500起,同比上升13.3%。", "pct_change_impossible", RuleOptions(whole_units=("名",))) == []


# direction_mismatch ----------------------------------------------------------------------------


def test_direction_mismatch() -> None:
    (e,) = failures("事故412起,同比减少36起,上升8.04%。", "direction_mismatch")
    assert "opposite directions" in e.message
    assert len(failures("上传率由99%下降至70%以上。", "direction_mismatch")) == 0
    assert len(failures("上传率由70%下降至99%。", "direction_mismatch")) == 1
    assert failures("上传率由70%提升至99%。", "direction_mismatch") == []
    assert failures("佩戴率从2%到90%以上。", "direction_mismatch") == []
    assert failures("事故412起,同比减少36起,下降8.04%。", "direction_mismatch") == []


def test_headline_direction() -> None:
    body = "\n\n河北法制报讯 (记者)全市共破获电信诈骗案件862起,同比上升10.23%;发案911起,同比下降2.25%。\n"
    assert failures("## 实现破案数上升、发案数下降" + body, "direction_mismatch") == []
    (e,) = failures("## 实现破案数上升、发案数上升" + body, "direction_mismatch")
    assert "发案数上升" in e.message and e.related and e.related[0].line == 3


# part_exceeds_whole / sum_mismatch -------------------------------------------------------------


def test_part_exceeds_whole() -> None:
    assert failures("共查处酒驾9129起,其中醉驾1918起。", "part_exceeds_whole") == []
    assert failures("共查处酒驾1918起,其中醉驾1918起。", "part_exceeds_whole") == []
    assert failures("共查处酒驾1918起,其中醉驾1900余起。", "part_exceeds_whole") == []
    (e,) = failures("共查处酒驾1918起,其中醉驾9129起。", "part_exceeds_whole")
    assert "醉驾9129起" in e.message and "1918起" in e.message


def test_sum_mismatch() -> None:
    assert judged("该车核载7人,实载10人,超员3人。", "sum_mismatch") == 1
    assert failures("该车核载7人,实载10人,超员3人。", "sum_mismatch") == []
    (e,) = failures("该车核载7人,实载10人,超员4人。", "sum_mismatch")
    assert e.message == "stated 超员4人, but 实载10 − 核载7 = 3人"
    (e,) = failures("全市人口出生率为7.26‰,死亡率为6.84‰,人口自然增长率为0.24‰。", "sum_mismatch")
    assert e.expected == "0.42‰"  # in the unit the stated rate is printed in, not the percent it is stored as
    (e,) = failures("销售额由120万元增加到150万元,增加40万元。", "sum_mismatch")
    assert e.expected == "30万元"  # as the stated change is printed, not 300000
    assert failures("该车核载7人,实载10余人,超员2人。", "sum_mismatch") == []
    assert failures("佩戴率由42%提高到45%,提高3个百分点。", "sum_mismatch") == []
    # 45% - 42% can be anything in (2, 4) points, and 3.9 prints as 4: no alarm
    assert failures("佩戴率由42%提高到45%,提高4个百分点。", "sum_mismatch") == []
    assert len(failures("佩戴率由42%提高到45%,提高5个百分点。", "sum_mismatch")) == 1


# figure_mismatch / weekday_mismatch ------------------------------------------------------------


def test_figure_mismatch_totals_and_headline() -> None:
    agree = "综述\n\n河北法制报讯 全市共建成智慧平安社区1553个。今年全市共建成智慧平安社区1553个。\n"
    assert judged(agree, "figure_mismatch") == 1 and failures(agree, "figure_mismatch") == []
    differ = agree.replace("今年全市共建成智慧平安社区1553个", "今年全市共建成智慧平安社区1535个")
    (e,) = failures(differ, "figure_mismatch")
    assert "1553个" in e.message and "1535个" in e.message
    head = "全市建成智慧平安社区1553个\n\n河北法制报讯 今年全市共建成智慧平安社区1535个。\n"
    assert len(failures(head, "figure_mismatch")) == 1
    assert failures(head.replace("1535", "1553"), "figure_mismatch") == []


def test_figure_mismatch_noun_after_the_classifier() -> None:
    article = "# 标题\n\n□ 记者 张三\n\n全市共建成智慧平安社区1553个,提前完成任务。全市{n}个智慧平安社区全部达标。\n"
    agree = article.format(n=1553)
    assert judged(agree, "figure_mismatch") == 1 and failures(agree, "figure_mismatch") == []
    (e,) = failures(article.format(n=1535), "figure_mismatch")
    assert "1553个" in e.message and "1535个" in e.message
    subset = article.replace("全市{n}个", "其中{n}个").format(n=1200)  # no whole scope: not the same figure
    assert judged(subset, "figure_mismatch") == 0


def test_grim_checks_each_listed_figure_with_its_rate() -> None:
    assert failures("全市共发生火灾500起、死亡5人,同比分别下降10.7%和28.6%。", "pct_change_impossible") == []
    (e,) = failures("全市共发生火灾500起、死亡5人,同比分别下降10.7%和25%。", "pct_change_impossible")
    assert "5人" in e.message and "base 7 gives −28.6%" in e.message


def test_grim_checks_each_rate_of_a_two_basis_statement() -> None:
    (e,) = failures("全市共破获案件500起,环比上升13.3%,同比上升12.36%。", "pct_change_impossible")
    assert "13.3%" in e.message and "12.36%" not in e.message  # 500 / 1.1236 = 445.0: 同比 holds


@pytest.mark.parametrize(
    ("text", "rule_id", "zh"),
    [
        (
            "全年共处理一般程序事故412起,同比减少36起,下降8.50%。",
            "pct_change_mismatch",
            "所述下降8.50%,但 36 / (412 + 36)",
        ),
        ("案件500起,同比上升13.3%。", "pct_change_impossible", "基数441得+13.38%"),
        ("案件500起,同比增加30起,下降5%。", "direction_mismatch", "方向相反"),
        ("共查处酒驾1918起,其中醉驾9129起。", "part_exceeds_whole", "大于其整体"),
        ("该车核载7人,实载10人,超员2人。", "sum_mismatch", "所述超员2人,但"),
        ("2022年1月11日 星期三", "weekday_mismatch", "所述星期三,但2022年1月11日(2022-01-11)是星期二"),
    ],
)
def test_every_rule_explains_itself_in_chinese(text: str, rule_id: str, zh: str) -> None:
    (e,) = failures(text, rule_id)
    assert zh in e.message_zh, e.message_zh


def test_weekday_mismatch() -> None:
    assert failures("2022年1月11日 星期二", "weekday_mismatch") == []
    (e,) = failures("2022年1月11日 星期三", "weekday_mismatch")
    assert e.message == "stated 星期三, but 2022年1月11日 (2022-01-11) was a 星期二"
    assert failures("2022年2月30日 星期三", "weekday_mismatch") == []


# the seeds -------------------------------------------------------------------------------------

MUST_HOLD = (
    ("000", "changes", ("412起", "36起", "8.04%")),
    ("000", "changes", ("122万元", "78.5万元", "39.15%")),
    ("000", "changes", ("862起", "10.23%")),
    ("000", "changes", ("911起", "2.25%")),
    ("000", "sums", ("7人", "10人", "3人")),
    ("002", "weekdays", ("2022年1月11日", "星期二")),
)


@pytest.mark.parametrize(("seed", "table", "highlights"), MUST_HOLD)
def test_seed_claims_are_built_and_not_flagged(seed: str, table: str, highlights: tuple[str, ...]) -> None:
    (path,) = SEEDS.glob(f"{seed}_*.txt")
    doc = read_document(path)
    found = False
    for rule_id in IN_ISSUE:
        if RULES[rule_id].table != table:
            continue
        for row, ok in run(doc, rule_id):
            if tuple(row["highlights"]) == highlights:
                found = True
                assert ok, f"{rule_id} flags {row['excerpt']}"
    assert found, f"no {table} claim with {highlights} in seed {seed}"


# statements that are right, found by an adversarial review: none may raise a finding ------------

_HEAD = "# 测试新闻\n\n河北法制报讯 (记者 张三)"
RIGHT = (
    _HEAD + "全年,全市共查处酒驾醉驾违法9129起。夏季治理百日行动期间,全市共查处酒驾醉驾违法1200起。",
    "# 实现破案数上升、群众损失下降\n\n河北法制报讯 (记者 张三)全市共破获电诈案件862起,同比上升10.23%;"
    "为群众挽回损失1286万元,同比增长20%。",
    "# 全市盗窃案件下降\n\n河北法制报讯 (记者 张三)今年以来,全市盗窃案件发案率明显降低;共破获盗窃案件300起,"
    "同比上升10%。",
    _HEAD + "全市110日均接警15.5起,同比上升3.3%。",
    _HEAD + "全市110日均接警120起,同比上升13.3%。",
    _HEAD + "每万人刑事案件发案数12起,同比下降13.3%。",
    _HEAD + "万车死亡率2.1人,同比下降12.5%。",
    _HEAD + "全市职工年平均工资8.5万元,其中非私营单位10.2万元。",
    _HEAD + "共抓获犯罪嫌疑人1200名,刑事拘留300人,其中网上逃犯500名。",
    _HEAD + "去年全市破获电诈案件782起,抓获犯罪嫌疑人1782名;今年破获电诈案件、抓获犯罪嫌疑人同比分别上升10.23%、25%。",
)


@pytest.mark.parametrize("text", RIGHT)
def test_right_statements_raise_nothing(text: str) -> None:
    for rule_id in IN_ISSUE:
        assert failures(text, rule_id) == [], rule_id


def test_tiny_percents_print_as_plain_decimals_and_zero_counts_have_no_base() -> None:
    (e,) = failures("事故412起,同比减少36起,下降0.0000000001%。", "pct_change_mismatch")
    assert "E-" not in e.message and "E-" not in (e.expected or "")
    assert failures("全年发案0起,同比上升50%。", "pct_change_impossible") == []


def test_headline_direction_still_fires_on_a_real_contradiction() -> None:
    text = "# 实现破案数下降\n\n河北法制报讯 (记者 张三)全市共破获电诈案件862起,同比上升10.23%。"
    assert len(failures(text, "direction_mismatch")) == 1


# the seeds, mutated: a changed headline figure and a changed restatement are flagged -----------

SEED_MUTATIONS = (
    # (seed, the printed text, the same text with one figure changed, the line that must be flagged)
    ("003", "45件快递遗失\n", "54件快递遗失\n", 38),  # a headline figure against its body
    ("003", "全市1553个智慧平安社区", "全市1535个智慧平安社区", 9),  # the lead states it, the body restates it
)


def _figure_mismatch_lines(path: Path) -> list[int]:
    doc = read_document(path)
    return [int(row["line"]) for row, ok in run(doc, "figure_mismatch") if not ok]


@pytest.mark.parametrize(("seed", "printed", "changed", "line"), SEED_MUTATIONS)
def test_a_changed_seed_figure_is_flagged(tmp_path: Path, seed: str, printed: str, changed: str, line: int) -> None:
    (path,) = SEEDS.glob(f"{seed}_*.txt")
    text = path.read_text(encoding="utf-8")
    assert text.count(printed) == 1
    assert _figure_mismatch_lines(path) == []  # as printed, the two statements agree
    copy = tmp_path / path.name
    copy.write_text(text.replace(printed, changed), encoding="utf-8")
    assert _figure_mismatch_lines(copy) == [line]
