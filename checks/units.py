"""The newspaper's units as data: which words measure what, whether a count of them is whole, and a
pint registry that keeps them apart.

``LEXICON`` is the one table: each row names the printed words, the canonical unit they are stored
in, the figure kind, the factor to the canonical unit and whether the unit only takes whole values
(1.5起 cannot happen; 1.5万元 and 2.5年 can). Extraction reads ``UNITS`` built from it (fast, no pint
import). The pint registry built by :func:`registry` gives every count unit its own dimension and
money another, so comparing 起 with 元, or 起 with 人, raises ``DimensionalityError``; a test checks
that the table's factors agree with pint's own definitions.
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
    whole: bool = False  # only whole values: counts of cases, people, vehicles …
    infix: str = ""  # 多/余/半 printed inside the unit: 3个多月, 一个半小时, 1个多百分点


# words | canonical (- = the word itself) | kind | factor | whole (w) ; one row per line.
LEXICON = """
起 名 人 人次 次 个 件 辆 辆次 处 份 张 家 家次 户 户次 所 条 部 期 场 场次 位 | - | count | 1 | w
支 座 台 台次 套 项 批 宗 笔 例 架次 艘 只 头 株 棵 块 类 种 篇 本 册 封 | - | count | 1 | w
单 间 栋 幢 村 组 队 届 门 把 根 车次 架 枚 盏 面 轮 节 处次 | - | count | 1 | w
起次 剂次 标准箱 标箱 列 袋 尾 颗 桶 款 镇 乡 网点 窝点 团伙 | - | count | 1 | w
人口 | 人 | count | 1 | w
元 元钱 块钱 元人民币 人民币 | 元 | money | 1 |
米 | 米 | length | 1 |
公里 千米 | 米 | length | 1000 |
厘米 公分 | 米 | length | 0.01 |
毫米 | 米 | length | 0.001 |
海里 | 米 | length | 1852 |
平方米 | 平方米 | area | 1 |
平方公里 平方千米 | 平方米 | area | 1000000 |
公顷 | 平方米 | area | 10000 |
亩 | 亩 | area | 1 |
吨 | 千克 | mass | 1000 |
千克 公斤 | 千克 | mass | 1 |
斤 | 千克 | mass | 0.5 |
克 | 千克 | mass | 0.001 |
立方米 | 立方米 | volume | 1 |
千瓦 | 千瓦 | power | 1 |
兆瓦 | 千瓦 | power | 1000 |
千瓦时 | 千瓦时 | energy | 1 |
千卡 | 千卡 | energy | 1 |
千伏 | 千伏 | voltage | 1 |
℃ 摄氏度 | ℃ | temperature | 1 |
岁 周岁 | 岁 | age | 1 |
点 | 点 | index | 1 |
级 | 级 | magnitude | 1 |
年 | 年 | duration | 1 |
个月 | 月 | duration | 1 |
个季度 | 季度 | duration | 1 |
天 | 天 | duration | 1 |
个工作日 工作日 | 工作日 | duration | 1 |
小时 个小时 | 小时 | duration | 1 |
分钟 | 分钟 | duration | 1 |
秒 | 秒 | duration | 1 |
周 个星期 | 周 | duration | 1 |
% | % | percent | 1 |
‰ | % | percent | 0.1 |
个百分点 百分点 | 个百分点 | points | 1 |
倍 | 倍 | multiple | 1 |
美元 | 美元 | number | 1 |
欧元 | 欧元 | number | 1 |
港元 | 港元 | number | 1 |
英镑 | 英镑 | number | 1 |
日元 | 日元 | number | 1 |
"""
# Foreign money is not 元: stored as a plain number in its own unit, never compared with 元.


def _read_lexicon(table: str) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for row in table.strip().splitlines():
        words, canonical, kind, factor, whole = (cell.strip() for cell in row.split("|"))
        for word in words.split():
            if word in units:
                raise ValueError(f"unit {word!r} is listed twice in the lexicon")
            units[word] = Unit(word, word if canonical == "-" else canonical, kind, Decimal(factor), whole == "w")
    return units


UNITS: dict[str, Unit] = _read_lexicon(LEXICON)
# 多/余/半 printed between 个 and the rest of a unit: "3个多月" is more than 3 months, "一个半小时" 1.5 hours.
UNITS.update(
    {
        f"个{infix}{word[1:]}": Unit(f"个{infix}{word[1:]}", unit.canonical, unit.kind, unit.factor, unit.whole, infix)
        for word, unit in list(UNITS.items())
        if word.startswith("个") and len(word) >= 2 and unit.kind in ("duration", "points")
        for infix in "多余半"
    }
)

# The canonical units that only take whole values: the rules' whole-number test reads this set.
WHOLE_UNITS: frozenset[str] = frozenset(u.canonical for u in UNITS.values() if u.whole)

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
    "点": "赞击名位评燃亮滴儿火头播单菜",
    "级": "别",
    "岁": "月末",
    "款": "项式",
    "镇": "长政街党",
    "乡": "镇村长亲政愁音",
    "袋": "鼠",
    "尾": "声号款随气巴部",
    "颗": "粒",
    "桶": "装",
    "斤": "两",
    "人口": "普",
}

# The unit alternatives for a regular expression, longest first so 人次 wins over 人.
UNIT_ALTERNATION = "|".join(sorted(UNITS, key=len, reverse=True))


@cache
def registry() -> Any:
    """A pint registry of newspaper units; each count unit and money is a dimension of its own."""
    import pint

    ureg: Any = pint.UnitRegistry()
    for index, word in enumerate(sorted({u.canonical for u in UNITS.values() if u.kind == "count"})):
        ureg.define(f"count_{index} = [count_{index}] = {word}")
    ureg.define("yuan = [money] = 元")
    ureg.define("mu = 2000 / 3 * meter ** 2 = 亩")
    ureg.define("gongli = kilometer = 公里")
    ureg.define("gongjin = kilogram = 公斤")
    ureg.define("shijin = 0.5 * kilogram = 斤")
    return ureg


# The pint name of every non-count unit word of the table whose factor pint can check.
PINT_NAMES = {
    "米": "meter",
    "公里": "kilometer",
    "千米": "kilometer",
    "厘米": "centimeter",
    "公分": "centimeter",
    "毫米": "millimeter",
    "海里": "nautical_mile",
    "平方米": "meter ** 2",
    "平方公里": "kilometer ** 2",
    "平方千米": "kilometer ** 2",
    "公顷": "hectare",
    "吨": "metric_ton",
    "千克": "kilogram",
    "公斤": "kilogram",
    "斤": "shijin",
    "克": "gram",
    "立方米": "meter ** 3",
    "千瓦": "kilowatt",
    "兆瓦": "megawatt",
    "千瓦时": "kilowatt_hour",
    "千卡": "kilocalorie",
    "千伏": "kilovolt",
    "℃": "degree_Celsius",
    "摄氏度": "degree_Celsius",
    "%": "percent",
    "‰": "permille",
}


def quantity(value: Decimal, unit: str) -> Any:
    """A pint quantity for a value in a unit word of the table (its printed or canonical form)."""
    ureg = registry()
    name = PINT_NAMES.get(unit, unit)
    return ureg.Quantity(value, name)
