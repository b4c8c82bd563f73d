"""The newspaper's units: which words measure what, and a pint registry that keeps them apart.

Extraction reads the static table ``UNITS`` (fast, no pint import). The pint registry built by
:func:`registry` gives every count unit its own dimension and money another, so that comparing
起 with 元, or 起 with 人, raises ``DimensionalityError`` instead of quietly succeeding; a test checks
that the table's conversion factors agree with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any


@dataclass(frozen=True)
class Unit:
    """A unit word as printed, the canonical unit it is stored in, and the factor to get there."""

    printed: str
    canonical: str
    kind: str
    factor: Decimal = Decimal(1)


def _units(kind: str, words: str, canonical: str | None = None) -> dict[str, Unit]:
    return {w: Unit(w, canonical or w, kind) for w in words.split()}


# Counts: each word is its own unit (a rule compares 起 with 起, 名 with 人 only where it says so).
COUNT_WORDS = (
    "起 名 人 人次 次 个 件 辆 辆次 处 份 张 家 家次 户 户次 所 条 部 期 场 场次 位 支 座 台 台次 套 项 批 宗 笔 "
    "例 架次 艘 只 头 株 棵 块 类 种 篇 本 册 封 单 间 栋 幢 村 组 队 届 门 把 根 车次 架 枚 盏 面 轮 节 处次 "
    "起次"
)
UNITS: dict[str, Unit] = {}
UNITS.update(_units("count", COUNT_WORDS))
UNITS.update(
    {
        "元": Unit("元", "元", "money"),
        "元钱": Unit("元钱", "元", "money"),
        "块钱": Unit("块钱", "元", "money"),
        "米": Unit("米", "米", "length"),
        "公里": Unit("公里", "米", "length", Decimal(1000)),
        "千米": Unit("千米", "米", "length", Decimal(1000)),
        "厘米": Unit("厘米", "米", "length", Decimal("0.01")),
        "毫米": Unit("毫米", "米", "length", Decimal("0.001")),
        "平方米": Unit("平方米", "平方米", "area"),
        "平方公里": Unit("平方公里", "平方米", "area", Decimal(1000000)),
        "公顷": Unit("公顷", "平方米", "area", Decimal(10000)),
        "亩": Unit("亩", "亩", "area"),  # 1亩 = 2000/3 m²: kept apart rather than stored inexactly
        "吨": Unit("吨", "千克", "mass", Decimal(1000)),
        "千克": Unit("千克", "千克", "mass"),
        "公斤": Unit("公斤", "千克", "mass"),
        "克": Unit("克", "千克", "mass", Decimal("0.001")),
        "立方米": Unit("立方米", "立方米", "volume"),
        "年": Unit("年", "年", "duration"),
        "个月": Unit("个月", "月", "duration"),
        "天": Unit("天", "天", "duration"),
        "个工作日": Unit("个工作日", "工作日", "duration"),
        "工作日": Unit("工作日", "工作日", "duration"),
        "小时": Unit("小时", "小时", "duration"),
        "个小时": Unit("个小时", "小时", "duration"),
        "分钟": Unit("分钟", "分钟", "duration"),
        "秒": Unit("秒", "秒", "duration"),
        "周": Unit("周", "周", "duration"),
        "个星期": Unit("个星期", "周", "duration"),
        "%": Unit("%", "%", "percent"),
        "个百分点": Unit("个百分点", "个百分点", "points"),
        "百分点": Unit("百分点", "个百分点", "points"),
        "倍": Unit("倍", "倍", "multiple"),
        # Foreign money is not 元: stored as a plain number in its own unit, never compared with 元.
        "美元": Unit("美元", "美元", "number"),
        "欧元": Unit("欧元", "欧元", "number"),
        "港元": Unit("港元", "港元", "number"),
    }
)

# A unit character followed by one of these starts a word, not a measure: "十一期间", "15人员", "34部门".
NOT_BEFORE: dict[str, str] = {
    "期": "间限待望盼刊满末中初",
    "人": "员民们才士大口群身格工力事生物家类道性情心气社均防",
    "名": "单称义字额誉片牌录列下",
    "部": "门署分长位队委级署",
    "次": "要数日序级生",
    "处": "理置长罚分级室于在",
    "场": "所景地馆面合",
    "家": "庭长属乡园具族电",
    "条": "件例款约",
    "所": "有在以属得谓需长",
    "个": "体性别案",
    "台": "账湾阶风",
    "项": "目",
    "张": "贴",
    "份": "额",
    "起": "诉草来点步源到码",
    "户": "籍口外型",
    "位": "置于",
    "类": "型似",
    "种": "类植子",
    "批": "准评示复",
    "元": "旦素宵首",
    "本": "领地着部",
    "单": "位独",
    "间": "隙",
    "门": "槛户",
    "队": "伍员",
    "组": "织成建",
    "节": "约能日点",
    "面": "对向临",
    "轮": "流",
    "根": "本据",
    "头": "脑",
    "年": "级龄轻",
    "天": "然气",
    "周": "边围到期年岁",
}

# The unit alternatives for a regular expression, longest first so 人次 wins over 人.
UNIT_ALTERNATION = "|".join(sorted(UNITS, key=len, reverse=True))


@cache
def registry() -> Any:
    """A pint registry of newspaper units; each count unit and money is a dimension of its own."""
    import pint

    ureg: Any = pint.UnitRegistry()
    for index, word in enumerate(sorted(u.canonical for u in UNITS.values() if u.kind == "count")):
        ureg.define(f"count_{index} = [count_{index}] = {word}")
    ureg.define("yuan = [money] = 元")
    ureg.define("mu = 2000 / 3 * meter ** 2 = 亩")
    ureg.define("gongli = kilometer = 公里")
    ureg.define("gongjin = kilogram = 公斤")
    return ureg


_PINT_NAMES = {
    "米": "meter",
    "千米": "kilometer",
    "厘米": "centimeter",
    "毫米": "millimeter",
    "平方米": "meter ** 2",
    "平方公里": "kilometer ** 2",
    "公顷": "hectare",
    "吨": "metric_ton",
    "千克": "kilogram",
    "克": "gram",
    "立方米": "meter ** 3",
    "%": "percent",
}


def quantity(value: Decimal, unit: str) -> Any:
    """A pint quantity for a value in a unit word of the table (its printed or canonical form)."""
    ureg = registry()
    name = _PINT_NAMES.get(unit, unit)
    return ureg.Quantity(value, name)
