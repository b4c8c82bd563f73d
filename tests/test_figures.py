"""The figure extractor on the five seeds (pinned figures) and on synthetic sentences (each case named)."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

import pytest

from checks.documents import document_from_text, read_document
from checks.figure import Figure
from checks.figures import extract_figures
from tests.conftest import SEEDS

D = Decimal
NONE = None


@cache
def seed_figures(prefix: str) -> tuple[Figure, ...]:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return tuple(extract_figures(read_document(str(path))))


def find(prefix: str, line: int, text: str) -> Figure:
    """The figure printed as ``text`` (newlines removed) on ``line`` of a seed; exactly one."""
    found = [f for f in seed_figures(prefix) if f.line == line and f.text.replace("\n", "") == text]
    assert len(found) == 1, [(f.line, f.text) for f in seed_figures(prefix) if f.line == line]
    return found[0]


# (seed, line, printed text, value, low, high, unit, kind)
PINNED = [
    ("000", 9, "862起", D(862), D("861.5"), D("862.5"), "起", "count"),
    ("000", 9, "10.23%", D("10.23"), D("10.225"), D("10.235"), "%", "percent"),
    ("000", 9, "2227名", D(2227), D("2226.5"), D("2227.5"), "名", "count"),
    ("000", 9, "25%", D(25), D("24.5"), D("25.5"), "%", "percent"),
    ("000", 9, "911起", D(911), D("910.5"), D("911.5"), "起", "count"),
    ("000", 9, "2.25%", D("2.25"), D("2.245"), D("2.255"), "%", "percent"),
    ("000", 9, "2506万元", D(25060000), D(25055000), D(25065000), "元", "money"),
    ("000", 9, "123.6万余次", D(1236000), D(1236000), NONE, "次", "count"),
    ("000", 9, "2.1万次", D(21000), D(20500), D(21500), "次", "count"),
    ("000", 9, "1286万元", D(12860000), D(12855000), D(12865000), "元", "money"),
    ("000", 15, "970余家", D(970), D(970), NONE, "家", "count"),
    ("000", 15, "18万条", D(180000), D(175000), D(185000), "条", "count"),
    ("000", 19, "164.8万次", D(1648000), D(1647500), D(1648500), "次", "count"),
    ("000", 21, "412起", D(412), D("411.5"), D("412.5"), "起", "count"),
    ("000", 21, "36起", D(36), D("35.5"), D("36.5"), "起", "count"),
    ("000", 21, "8.04%", D("8.04"), D("8.035"), D("8.045"), "%", "percent"),
    ("000", 21, "122万元", D(1220000), D(1215000), D(1225000), "元", "money"),
    ("000", 21, "78.5万元", D(785000), D(784500), D(785500), "元", "money"),
    ("000", 21, "39.15%", D("39.15"), D("39.145"), D("39.155"), "%", "percent"),
    ("000", 27, "70%", D(70), D("69.5"), D("70.5"), "%", "percent"),
    ("000", 29, "2978家次", D(2978), D("2977.5"), D("2978.5"), "家次", "count"),
    ("000", 31, "12226人次", D(12226), D("12225.5"), D("12226.5"), "人次", "count"),
    ("000", 31, "15人", D(15), D("14.5"), D("15.5"), "人", "count"),
    ("000", 75, "两块", D(2), D("1.5"), D("2.5"), "块", "count"),
    ("000", 79, "三年", D(3), D("2.5"), D("3.5"), "年", "duration"),
    ("000", 89, "两个月", D(2), NONE, D(2), "月", "duration"),  # 近两个月: an upper bound
    ("000", 93, "几百元钱", D(200), D(200), D(1000), "元", "money"),
    ("000", 113, "7人", D(7), D("6.5"), D("7.5"), "人", "count"),
    ("000", 113, "10人", D(10), D("9.5"), D("10.5"), "人", "count"),
    ("000", 113, "3人", D(3), D("2.5"), D("3.5"), "人", "count"),
    ("001", 13, "89.5%", D("89.5"), D("89.45"), D("89.55"), "%", "percent"),
    ("001", 13, "410余万元", D(4100000), D(4100000), NONE, "元", "money"),
    ("001", 19, "90多万元", D(900000), D(900000), NONE, "元", "money"),
    ("001", 53, "十几米", D(11), D(11), D(20), "米", "length"),
    ("001", 53, "三四米", D(3), D(3), D(5), "米", "length"),
    ("002", 29, "6909起", D(6909), D("6908.5"), D("6909.5"), "起", "count"),
    ("002", 29, "63.11%", D("63.11"), D("63.105"), D("63.115"), "%", "percent"),
    ("002", 29, "5.3亿元", D(530000000), D(525000000), D(535000000), "元", "money"),
    ("002", 29, "1.6万余人次", D(16000), D(16000), NONE, "人次", "count"),
    ("002", 20, "90%以上", D(90), D(90), NONE, "%", "percent"),
    ("002", 37, "2.8万名", D(28000), D(27500), D(28500), "名", "count"),
    ("002", 41, "1万条", D(10000), NONE, D(10000), "条", "count"),  # 近1万条
    ("002", 41, "20余万次", D(200000), D(200000), NONE, "次", "count"),
    ("002", 55, "1.97万起", D(19700), D(19650), D(19750), "起", "count"),
    ("002", 67, "1.43亿次", D(143000000), D(142500000), D(143500000), "次", "count"),
    ("003", 9, "1553个", D(1553), D("1552.5"), D("1553.5"), "个", "count"),
    ("003", 121, "9万余平方米", D(90000), D(90000), NONE, "平方米", "area"),
    ("003", 73, "十几厘米", D("0.11"), D("0.11"), D("0.2"), "米", "length"),
    ("004", 31, "9129起", D(9129), D("9128.5"), D("9129.5"), "起", "count"),
    ("004", 33, "10.2%", D("10.2"), D("10.15"), D("10.25"), "%", "percent"),
    ("004", 79, "1700余公里", D(1700000), D(1700000), NONE, "米", "length"),
]


@pytest.mark.parametrize(("seed", "line", "text", "value", "low", "high", "unit", "kind"), PINNED)
def test_pinned_seed_figure(
    seed: str, line: int, text: str, value: Decimal, low: Decimal | None, high: Decimal | None, unit: str, kind: str
) -> None:
    figure = find(seed, line, text)
    assert (figure.value, figure.low, figure.high, figure.unit, figure.kind) == (value, low, high, unit, kind)


def test_pinned_figures_are_many() -> None:
    assert len(PINNED) >= 40


def test_layout_break_inside_a_figure_keeps_original_span() -> None:
    figure = find("000", 9, "1286万元")
    assert figure.text == "1286\n\n万元"
    (path,) = SEEDS.glob("000_*.txt")
    text = read_document(str(path)).text
    assert text[figure.start : figure.end] == figure.text


def test_labels_name_what_is_counted() -> None:
    assert find("000", 9, "862起").label == "破获电信诈骗案件"
    assert find("000", 31, "15人").label == "驾乘人员"
    assert find("000", 21, "122万元").label == "财产损失"
    assert find("000", 15, "970余家").label == "金融网点"  # the noun after the classifier
    assert find("000", 21, "36起").label == ""  # a change, not a quantity of a noun
    assert find("003", 125, "58万余起").label == "查处各类交通违法行为"  # 为 of 行为 is no copula


def test_an_adjective_or_a_share_word_does_not_erase_a_label() -> None:
    from checks.documents import document_from_text

    doc = document_from_text("x.txt", "全年发生较大道路交通事故5起,出口占比为36.5%,比上年增加3起。")
    labels = {f.text: f.label for f in extract_figures(doc)}
    assert labels["5起"] == "发生较大道路交通事故"  # 较大 is an adjective, not 较 (compared with)
    assert labels["36.5%"] == "出口占比"
    assert labels["3起"] == ""  # a change after 比上年: no label


def test_dates_weekdays_and_ordinals_in_the_masthead() -> None:
    date = find("002", 3, "2022年1月11日")
    assert (date.kind, date.iso, date.value) == ("date", "2022-01-11", D(20220111))
    weekday = find("002", 3, "星期二")
    assert (weekday.kind, weekday.value) == ("weekday", D(2))
    ordinal = find("002", 5, "第700期")
    assert (ordinal.kind, ordinal.value, ordinal.unit) == ("ordinal", D(700), "期")
    assert find("003", 53, "第十个").value == D(10)


def test_named_cases_in_the_seeds() -> None:
    double = next(f for f in seed_figures("000") if f.line == 27 and f.text == "100%")  # 双100%
    assert (double.kind, double.value, double.low, double.high) == ("percent", D(100), D("99.5"), D("100.5"))
    assert find("000", 79, "三年").unit == "年"  # 三年来
    second = find("002", 16, "第二个")
    assert (second.kind, second.value) == ("ordinal", D(2))
    clock = find("000", 75, "14时许")
    assert (clock.kind, clock.value, clock.qualifier) == ("time", D(14 * 60), "许")


def test_month_day_takes_the_issue_year_and_relative_years_resolve() -> None:
    assert find("002", 25, "1月7日").iso == "2022-01-07"
    assert find("002", 16, "今年").iso == "2022"
    assert find("000", 87, "去年").iso == "2022"  # 000 is dated 2023 by its text


def test_no_year_inside_a_name_and_no_codes_are_figures() -> None:
    texts = {f.text for prefix in ("000", "001", "002", "003", "004") for f in seed_figures(prefix)}
    for name in ("2023”", "12123", "0311", "66990802", "13033113276", "17-77", "0033", "6·16", "16”"):
        assert not any(name in t for t in texts), name
    assert not [f for f in seed_figures("001") if "2023" in f.text]  # “昆仑2023”
    assert not [f for f in seed_figures("000") if f.text == "3个" and f.line == 19]  # “3个6” is a name
    assert not [f for f in seed_figures("002") if f.text.startswith("100周")]  # 建党100周年


def sentence(text: str) -> list[Figure]:
    return extract_figures(document_from_text("s.txt", text), year=2023)


def one(text: str) -> Figure:
    (figure,) = sentence(text)
    return figure


@pytest.mark.parametrize(
    ("text", "value", "low", "high", "unit", "kind", "qualifier"),
    [
        ("约100人参加", D(100), NONE, NONE, "人", "count", "约"),
        ("近200名群众", D(200), NONE, D(200), "名", "count", "近"),
        ("超过300起", D(300), D(300), NONE, "起", "count", "超过"),
        ("不足50人", D(50), NONE, D(50), "人", "count", "不足"),
        ("500人左右", D(500), NONE, NONE, "人", "count", "左右"),
        ("500人上下", D(500), NONE, NONE, "人", "count", "上下"),
        ("3000多人", D(3000), D(3000), NONE, "人", "count", "多"),
        ("逾千名", D(1000), D(1000), NONE, "名", "count", "逾"),
        ("300人以上", D(300), D(300), NONE, "人", "count", "以上"),
        ("上万人", D(10000), D(10000), NONE, "人", "count", ""),
        ("数十名民警", D(20), D(20), D(100), "名", "count", ""),
        ("百分之十五", D(15), D("14.5"), D("15.5"), "%", "percent", ""),
        ("八成", D(80), D(75), D(85), "%", "percent", ""),
        ("提高3个百分点", D(3), D("2.5"), D("3.5"), "个百分点", "points", ""),
        ("增长1.5倍", D("1.5"), D("1.45"), D("1.55"), "倍", "multiple", ""),
        ("两万三千元", D(23000), D(22500), D(23500), "元", "money", ""),
        ("二十余万人", D(200000), D(200000), NONE, "人", "count", "余"),
        ("共1,234起", D(1234), D("1233.5"), D("1234.5"), "起", "count", ""),
        ("案件９１１起", D(911), D("910.5"), D("911.5"), "起", "count", ""),
        ("增长８．５％", D("8.5"), D("8.45"), D("8.55"), "%", "percent", ""),
        ("5平方公里", D(5000000), D(4500000), D(5500000), "平方米", "area", ""),
        ("下降-2.5%", D("-2.5"), D("-2.55"), D("-2.45"), "%", "percent", ""),
    ],
)
def test_quantities(
    text: str, value: Decimal, low: Decimal | None, high: Decimal | None, unit: str, kind: str, qualifier: str
) -> None:
    figure = one(text)
    assert (figure.value, figure.low, figure.high, figure.unit, figure.kind, figure.qualifier) == (
        value,
        low,
        high,
        unit,
        kind,
        qualifier,
    )
    assert figure.approximate == bool(qualifier or low is None or high is None or value != (low + high) / 2)


def test_counts_and_money_are_different_kinds_and_pint_keeps_them_apart() -> None:
    import pint

    from checks.units import quantity

    count, money = sentence("案件412起,损失122万元")
    assert (count.kind, money.kind) == ("count", "money")
    with pytest.raises(pint.DimensionalityError):
        quantity(count.value, count.unit) + quantity(money.value, money.unit)
    with pytest.raises(pint.DimensionalityError):
        quantity(D(1), "起") + quantity(D(1), "人")
    assert quantity(D(1), "起") + quantity(D(2), "起") == quantity(D(3), "起")


def test_unit_factors_agree_with_pint() -> None:
    from checks.units import PINT_NAMES, UNITS, quantity

    checked = 0
    for word, unit in UNITS.items():
        if word in PINT_NAMES and unit.canonical in PINT_NAMES:
            converted = quantity(D(1), word).to(quantity(D(1), unit.canonical).units)
            assert abs(D(str(converted.magnitude)) - unit.factor) <= unit.factor * D("1e-12"), word
            checked += 1
    assert checked >= 20


def test_weekday_short_form() -> None:
    figures = sentence("2022年1月11日(周二)")
    assert [(f.kind, f.value) for f in figures] == [("date", D(20220111)), ("weekday", D(2))]
    assert sentence("每周一调度") == []  # 每周一: once a week, not Monday


def test_clock_times_and_dates_with_weekday() -> None:
    figures = sentence("1月11日(星期三)上午9时30分,14时许")
    assert [(f.kind, f.value) for f in figures] == [
        ("date", D(111)),
        ("weekday", D(3)),
        ("time", D(570)),
        ("time", D(840)),
    ]
    assert figures[0].iso == "2023-01-11"


def test_words_that_only_look_like_counts_are_not_figures() -> None:
    assert sentence("一次性解决,千家万户,三番五次,十一期间,34部门") == []
    assert sentence("电话0311-66990802,邮箱abc123@126.com,CN13-0033,邮发代号17-77") == []
    assert sentence("“荣誉2023”专项行动,交管12123") == []
    assert sentence("3-5") == []  # digits joined by a dash without a unit: a code or a score


def test_sessions_and_phases_are_ordinals_not_counts() -> None:
    assert [(f.text, f.kind) for f in sentence("党的二十届三中全会,机场二期工程,拍摄19期短片")] == [
        ("二十届", "ordinal"),
        ("二期", "ordinal"),
        ("19期", "count"),
    ]


def test_empty_document_yields_nothing() -> None:
    assert sentence("") == []


def test_whole_number_units_come_from_the_unit_table() -> None:
    from checks.rules import DEFAULT_WHOLE_UNITS
    from checks.units import UNITS, WHOLE_UNITS

    assert set(DEFAULT_WHOLE_UNITS) <= WHOLE_UNITS  # every unit the rules treat as whole is extracted
    assert {"起", "人", "剂次", "标准箱", "尾"} <= WHOLE_UNITS
    assert not WHOLE_UNITS & {"元", "米", "千克", "年", "%", "个百分点", "岁", "℃"}  # 1.5万元, 2.5年 happen
    assert all(UNITS[word].whole == (UNITS[word].kind == "count") for word in UNITS)


@pytest.mark.parametrize(
    ("text", "value", "unit", "kind"),
    [
        ("3万4000元", D(34000), "元", "money"),
        ("500千伏", D(500), "千伏", "voltage"),
        ("负0.2千米", D(-200), "米", "length"),
        ("1—5月", D(5), "月", "period"),
    ],
)
def test_new_forms_in_brief(text: str, value: Decimal, unit: str, kind: str) -> None:
    figure = one(text)
    assert (figure.value, figure.unit, figure.kind) == (value, unit, kind)
