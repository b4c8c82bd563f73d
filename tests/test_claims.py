"""Claim builders over synthetic sentences: what is tied together, and what is left alone."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import regex

from checks.claims.build import TABLES, build_claims
from checks.documents import Document, document_from_text
from checks.figure import Figure

_FIG = regex.compile(
    r"(?<![0-9.])(?P<n>-?[0-9]+(?:\.[0-9]+)?)(?P<mult>万亿|万|亿)?(?P<q>余|多)?"
    r"(?P<unit>%|个百分点|元|起|名|人|次|个|件|辆|处|家次|家|所)(?P<q2>以上)?"
)

_MULTIPLIERS = {"万": Decimal(10000), "亿": Decimal(100000000), "万亿": Decimal(10) ** 12}


def hand_figures(doc: Document) -> list[Figure]:
    """Figures built by hand from a regex (numbers with a unit), independent of checks.figures."""
    out: list[Figure] = []
    for m in _FIG.finditer(doc.norm):
        num = Decimal(m.group("n"))
        exponent = num.as_tuple().exponent
        assert isinstance(exponent, int)
        mult = _MULTIPLIERS.get(m.group("mult") or "", Decimal(1))
        step = Decimal(1).scaleb(exponent) * mult
        unit = m.group("unit")
        kind = {"元": "money", "%": "percent", "个百分点": "points"}.get(unit, "count")
        value = num * mult
        qualifier = m.group("q") or m.group("q2") or ""
        low, high = (value, None) if qualifier else (value - step / 2, value + step / 2)
        start, end = doc.orig_span(m.start(), m.end())
        out.append(
            Figure(
                value=value,
                low=low,
                high=high,
                unit=unit,
                kind=kind,
                approximate=bool(qualifier),
                label="",
                start=start,
                end=end,
                line=doc.line_of(start),
                text=doc.text[start:end],
                qualifier=qualifier,
            )
        )
    return out


def claims(text: str) -> dict[str, list[dict[str, Any]]]:
    doc = document_from_text("synthetic.txt", text)
    return build_claims(doc, hand_figures(doc))


def test_every_table_is_present_and_ids_unique() -> None:
    tables = claims("发案911起,同比下降2.25%。发案900起,同比下降2.25%。")
    assert set(tables) == set(TABLES)
    ids = [row["claim_id"] for rows in tables.values() for row in rows]
    assert len(ids) == len(set(ids)) == 2


def test_change_with_delta_and_percent() -> None:
    text = "全年共处理一般程序事故412起,同比减少36起,下降8.04%;"
    (row,) = claims(text)["changes"]
    assert row["current"] == Decimal(412) and row["delta"] == Decimal(36) and row["pct"] == Decimal("8.04")
    assert (row["delta_dir"], row["pct_dir"], row["basis"]) == ("down", "down", "同比")
    assert row["excerpt"] == "全年共处理一般程序事故412起,同比减少36起,下降8.04%"
    assert row["highlights"] == ("412起", "36起", "8.04%")
    assert text[row["start"] : row["end"]] == row["excerpt"]


def test_change_percent_only_and_money() -> None:
    rows = claims("发案911起,同比下降2.25%;财产损失122万元,同比减少78.5万元,下降39.15%。")["changes"]
    assert [r["current_text"] for r in rows] == ["911起", "122万元"]
    assert rows[0]["delta_text"] == "" and rows[0]["pct_text"] == "2.25%"
    assert rows[1]["current_kind"] == "money" and rows[1]["delta"] == Decimal(785000)


def test_full_width_digits_keep_original_offsets() -> None:
    text = "发案９１１起，同比下降２．２５％。"
    (row,) = claims(text)["changes"]
    assert row["current"] == Decimal(911) and row["pct"] == Decimal("2.25")
    assert row["excerpt"] == text[:-1]


def test_delta_is_not_read_as_a_current_figure() -> None:
    rows = claims("事故412起,同比减少36起,下降8.04%。")["changes"]
    assert len(rows) == 1


def test_compared_or_bound_figures_are_not_current() -> None:
    assert claims("比上年增加1500亿元,增长5%。")["changes"] == []
    assert claims("较去年的448起,下降8.04%。")["changes"] == []


def test_distributive_links_only_a_matching_label() -> None:
    text = "1至9月份破获电诈类案件173起,行政处罚112人,破获电诈类案件、抓获犯罪嫌疑人较同比分别上升89.5%、216.3%。"
    (row,) = claims(text)["changes"]
    assert row["source"] == "distributive" and row["label"] == "破获电诈类案件"
    assert row["current"] == Decimal(173) and row["pct"] == Decimal("89.5") and row["pct_dir"] == "up"
    # "企业37家" must not be tied to "科技型中小企业": the figure's label does not end with it
    loose = "新增企业37家,科技型中小企业和高新技术企业数量分别增长25%、15%。"
    assert claims(loose)["changes"] == []


def test_from_to_with_points_becomes_a_sum() -> None:
    tables = claims("头盔佩戴率由42%提高到45%,提高3个百分点。")
    (change,) = tables["changes"]
    assert change["source"] == "from_to" and change["direction"] == "up"
    assert change["previous"] == Decimal(42) and change["current"] == Decimal(45)
    (row,) = tables["sums"]
    assert (row["a"], row["b"], row["c"]) == (Decimal(45), Decimal(42), Decimal(3))


def test_from_to_annual_average_is_not_its_change() -> None:
    (row,) = claims("国内生产总值从54万亿元增加到82.7万亿元,年均增长7.1%。")["changes"]
    assert row["pct_text"] == ""


def test_part_of_a_whole() -> None:
    (row,) = claims("今年以来,共查处酒驾9129起,其中醉驾1918起。")["parts"]
    assert (row["whole"], row["part"]) == (Decimal(9129), Decimal(1918))
    assert claims("比上年增加1500亿元,其中中央财政赤字9500亿元。")["parts"] == []
    assert claims("抓获嫌疑人35名,其中比上年增加5名。")["parts"] == []
    assert claims("破获案件35起,其中抓获嫌疑人50名。")["parts"] == []  # 起 and 名 are different things


def test_arithmetic_capacity() -> None:
    (row,) = claims("该车核载7人,实载10人,超员3人。")["sums"]
    assert (row["a"], row["b"], row["c"]) == (Decimal(10), Decimal(7), Decimal(3))
    assert (row["a_name"], row["b_name"], row["c_name"]) == ("实载", "核载", "超员")


def test_weekday_claim() -> None:
    (row,) = claims("\n2022年1月11日 星期二\n")["weekdays"]
    assert row["date_iso"] == "2022-01-11" and row["weekday"] == 2
    assert claims("1月11日 星期二")["weekdays"] == []


def test_headline_directions_map_only_clear_terms() -> None:
    text = (
        "## 实现破案数上升、发案数下降\n\n"
        "河北法制报讯 (记者)全市共破获电信诈骗案件862起,同比上升10.23%;发案911起,同比下降2.25%。\n"
    )
    rows = [r for r in claims(text)["changes"] if r["source"] == "headline"]
    assert sorted((r["label"], r["headline_dir"], r["direction"]) for r in rows) == [
        ("发案", "down", "down"),
        ("破案", "up", "up"),
    ]


def test_repeated_totals_in_one_article() -> None:
    text = "衡水综述\n\n河北法制报讯 全市共建成智慧平安社区1553个,全面推开。今年全市共建成智慧平安社区1553个。\n"
    (row,) = claims(text)["repeats"]
    assert row["first"] == row["second"] == Decimal(1553)


def test_totals_of_different_periods_are_not_repeats() -> None:
    text = "综述\n\n河北法制报讯 去年全市共破获电信诈骗案件100起。全市共破获电信诈骗案件120起。\n"
    assert claims(text)["repeats"] == []
    text = "综述\n\n河北法制报讯 2021年全市共破获电信诈骗案件100起。2022年全市共破获电信诈骗案件120起。\n"
    assert claims(text)["repeats"] == []


def test_two_rates_with_different_bases_are_two_claims() -> None:
    rows = claims("全市共破获案件500起,环比上升13.3%,同比上升12.36%。")["changes"]
    assert [(r["basis"], r["pct_text"]) for r in rows] == [("环比", "13.3%"), ("同比", "12.36%")]
    assert all(r["current"] == Decimal(500) for r in rows)
    assert claims("事故412起,下降8%,下降3个百分点。")["changes"] == []
    assert claims("案件500起,同比上升13.3%,同比上升12.36%。")["changes"] == []  # same basis twice: not tied


def test_listed_figures_pair_with_listed_rates() -> None:
    rows = claims("全市共发生火灾500起、死亡5人,同比分别下降10.7%和28.6%。")["changes"]
    assert [(r["current_text"], r["pct_text"], r["pct_dir"]) for r in rows] == [
        ("500起", "10.7%", "down"),
        ("5人", "28.6%", "down"),
    ]
    assert claims("火灾500起、死亡5人、受伤3人,同比分别下降10.7%和28.6%。")["changes"] == []  # 3 figures, 2 rates


def test_rows_have_exactly_their_claim_types_declared_columns() -> None:
    from checks.claims.kinds import TABLE_TYPES

    text = (
        "全年共处理事故412起,同比减少36起,下降8.04%。共查处酒驾9129起,其中醉驾1918起。由70%提升至99%,提升29个百分点。"
    )
    tables = claims(text)
    assert all(tables[name] for name in ("changes", "parts", "sums"))
    for name, rows in tables.items():
        for row in rows:
            assert tuple(row) == TABLE_TYPES[name].columns()


def test_a_mistyped_or_undeclared_column_fails_loudly() -> None:
    import pytest

    from checks.claims.common import RowMaker

    rows = RowMaker(document_from_text("x.txt", "2022年1月11日 星期二"))
    good = {"date_text": "2022年1月11日", "date_iso": "2022-01-11", "weekday_text": "星期二", "weekday": 2}
    assert rows.row("weekday", 0, 5, ["x"], **good)["weekday"] == 2
    with pytest.raises(TypeError, match="weekday must be int"):
        rows.row("weekday", 0, 5, ["x"], **(good | {"weekday": "2"}))
    with pytest.raises(TypeError, match="undeclared"):
        rows.row("weekday", 0, 5, ["x"], **(good | {"extra": 1}))


def test_kind_characters_printed_in_the_text_are_not_figures() -> None:
    """The template names figure kinds with private-use characters (U+E001…U+E00F); text extracted from
    PDFs can hold those too. Wherever one is printed, the builders neither crash (they once looked up a
    figure that was not there) nor read it as a figure: it adds no claim."""
    from checks.claims.common import FIGURE_CHARS
    from checks.figures import extract_figures

    def changes(text: str) -> set[tuple[str, str]]:
        doc = document_from_text("pua.txt", text + "\n")
        return {(row["current_text"], row["pct_text"]) for row in build_claims(doc, extract_figures(doc))["changes"]}

    for plain in ("全市共破获电信诈骗案件862起,同比上升10.23%。", "开行中欧班列2286列、增长7.7%,货值1.2万亿元。"):
        expected = changes(plain)
        assert expected
        for at in range(len(plain) + 1):
            if 0 < at < len(plain) and f"{plain[at - 1]}{plain[at]}".replace(".", "0").isdigit():
                continue  # inside a number: "8?62" prints another number
            for char in FIGURE_CHARS:
                found = changes(plain[:at] + char + plain[at:])
                assert found <= expected, (at, repr(char), found)
