"""Every stated figure of an issue, with its precision, unit, kind, label and place in the original text.

One compiled pattern scans ``Document.norm`` (full-width forms folded, layout breaks inside a figure
joined). Dates, periods, weekdays, clock times and ordinals are tried before plain quantities at the
same place, and a range ("7—10天", "10%-12%") before its two ends. What is not a measurement stays
out: a number inside a Latin token (CN13-0033, hbfzb@126.com, “交管12123”APP), digits joined by
dashes or dots (phone numbers, 17-77, “6·16”), a year without 年 inside a name (“荣誉2023”), a short
quoted name (“3个6”; a quote holding only a figure, “16.8%”, is a data box and is read), and any
bare number without a unit. The README's "What is extracted and what is not" lists the forms.
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Literal

from checks.documents import Document
from checks.figure import Figure
from checks.numbers import (
    CN_DIGIT_VALUE,
    LOWER_BOUND,
    MULTIPLIERS,
    ROUGH,
    TRADITIONAL,
    UPPER_BOUND,
    Number,
    bounded,
    chinese_value,
    compound,
    parse_arabic,
    parse_chinese,
    parse_chinese_decimal,
)
from checks.units import NOT_BEFORE, UNIT_ALTERNATION, UNITS, Unit

_AR = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
_CN = r"[零〇一二两兩三四五六七八九十百千万萬亿億几]+"
_CN_SMALL = r"[一二两兩三四五六七八九十百千]+"  # the ends of a range in words: 三到五年, 一百至二百名
# An Arabic number must not continue a Latin/digit token or a dashed/dotted code on either side.
_AR_BEFORE = r"(?<![0-9A-Za-z_@#/:·.%=&])(?<![0-9A-Za-z][-—–~])"
_AR_AFTER = r"(?![0-9A-Za-z_@·]|[-—–~:/][0-9]|\.[0-9A-Za-z])"
_CN_BEFORE = r"(?<![零〇一二两兩三四五六七八九十百千万萬亿億兆几统唯之初星周礼第每])(?<!零下)"
_ORDINAL_CLASSIFIERS = "季度|阶段|期|个|次|届|批|名|位|号|条|款|章|节|版|轮|年|天|场|部|家|步|周|月|篇|集|站|组|项|起"
_SEP = r"[—–~-]|至|到"  # between the two ends of a range or a period
# A multiplier, unless it starts a unit of the table (500千伏 is 500 kV, not 500 000 伏).
_MULT_UNITS = sorted((w for w in UNITS if w[0] in "千万百亿"), key=len, reverse=True)
_MULT = rf"(?!{'|'.join(_MULT_UNITS)})(?:万亿|千万|百万|亿|万|千|萬億|千萬|百萬|億|萬)"

# Every alternative below starts with one of these characters; testing that first makes the scan much
# faster. A test derives the first characters of every alternative from the compiled pattern and
# checks that each is here, so a new form cannot be silently dropped.
_FIRST_CHARS = "0-9零〇一二两兩三四五六七八九十百千万萬亿億几第星礼周今去前明凌早上中下傍晚夜数翻负\\-"
_PATTERN = re.compile(
    rf"""
    (?=[{_FIRST_CHARS}])(?:
    # Families by first character, so the engine skips a whole family at a glance; within a character
    # the alternatives keep their order (dates before ranges before quantities).
    (?=[0-9])(?:
    (?P<yrng>{_AR_BEFORE}(?P<yr1>(?:19|20)[0-9]{{2}})年?(?:{_SEP})(?P<yr2>(?:19|20)[0-9]{{2}})年(?![0-9]{{1,2}}月))
  | (?P<ymrng>{_AR_BEFORE}(?P<ry>(?:19|20)[0-9]{{2}})年(?P<rm1>[0-9]{{1,2}})月?(?:{_SEP})(?P<rm2>[0-9]{{1,2}})月份?
        (?![0-9]))
  | (?P<date>{_AR_BEFORE}(?P<y>(?:19|20)[0-9]{{2}})年(?:(?P<m>[0-9]{{1,2}})月(?:(?P<d>[0-9]{{1,2}})日)?)?)
  | (?P<mdate>{_AR_BEFORE}(?P<mm>[0-9]{{1,2}})月(?P<md>[0-9]{{1,2}})日
        (?:(?:{_SEP})(?:(?P<mm2>[0-9]{{1,2}})月)?(?P<md2>[0-9]{{1,2}})日)?)
  | (?P<mrng>{_AR_BEFORE}(?P<mr1>[0-9]{{1,2}})(?:月份?)?(?:{_SEP})(?P<mr2>[0-9]{{1,2}})月份?(?![0-9]))
  | (?P<mon>{_AR_BEFORE}(?P<mo>[0-9]{{1,2}})月份?(?![0-9薪票饼球嫂]))
  | (?P<dday>{_AR_BEFORE}(?P<dd>[0-9]{{1,2}})(?:日?(?:{_SEP})(?P<dd2>[0-9]{{1,2}}))?日(?![内后游均以]))
    )
  | (?=[〇零一二三四五六七八九百])(?:
    (?P<cdate>(?P<cy>[〇零一二三四五六七八九]{{4}})年(?:(?P<cm>[一二三四五六七八九十]{{1,2}})月
        (?:(?P<cd>[一二三四五六七八九十]{{1,3}})日)?)?)
  | (?P<cpct>百分之(?P<cpn>{_AR}|[零〇一二两三四五六七八九十百点]+)(?P<cpq>以上|以下|左右)?)
    )
  | (?=[今去前明星礼周第翻])(?:
    (?P<rel>今年|去年|前年|明年)
  | (?P<weekday>(?:星期|礼拜)(?P<w1>[一二三四五六日天])
        |(?<![0-9每一二三四五六七八九十几两数])周(?P<w2>[一二三四五六日])(?![年岁]))
  | (?P<ordinal>第(?P<on>{_AR}|[一二两三四五六七八九十百千零]+)(?P<oc>{_ORDINAL_CLASSIFIERS}))
  | (?P<fan>翻(?P<fann>[一两二三四]|[0-9])番)
    )
  | (?P<time>(?:(?P<tp>凌晨|早上|上午|中午|下午|傍晚|晚上|夜间|晚|早)
            (?P<th>[0-9]{{1,2}})(?:时|点)(?:(?P<tm>[0-9]{{1,2}})分|(?P<half>半))?
        |{_AR_BEFORE}(?P<th2>[0-9]{{1,2}})时(?:(?P<tm2>[0-9]{{1,2}})分)?
        |{_AR_BEFORE}(?P<th3>[0-9]{{1,2}}):(?P<tm3>[0-9]{{2}})(?![0-9:]))(?P<txu>许|左右)?)
  | (?P<frac>(?<![0-9零〇一二两三四五六七八九十百千万])(?P<fd>[0-9]+|[二两三四五六七八九十千万]+)分之
        (?P<fn>{_AR}|[一二两三四五六七八九十百零〇]+(?:点[零〇一二三四五六七八九]+)?)(?P<fq>以上|以下|左右)?)
  | (?P<cheng>(?<![0-9零〇一二两三四五六七八九十百千万])(?P<chn>10|[0-9](?:\.[0-9])?|十
        |[一二两兩三四五六七八九](?:点[一二三四五六七八九])?)成
        (?:(?P<chd>[一二三四五六七八九])(?![零〇一二两三四五六七八九十百千万亿个人名家])|(?P<chh>半))?
        (?P<chq>多|以上|左右)?
        (?![为功立员本果绩熟就型交长品分片效了不])
        (?<!一成))
  | (?P<rng>(?<!第)(?:{_AR_BEFORE}(?P<ra>{_AR})|{_CN_BEFORE}(?P<rca>{_CN_SMALL}))
        (?P<ramult>{_MULT})?(?P<raunit>{UNIT_ALTERNATION})?
        (?(raunit)[—–~-]|(?:{_SEP}))
        (?:(?P<rb>{_AR}){_AR_AFTER}|(?P<rcb>{_CN_SMALL}))
        (?P<rbmult>{_MULT})?(?P<rbunit>{UNIT_ALTERNATION})(?P<rpost>以上|以下|左右|上下)?)
  | (?P<qty>
        (?:{_AR_BEFORE}(?P<sign>-|负(?=[0-9])|零下(?=[0-9]))?(?P<ar>{_AR}){_AR_AFTER}
          |{_CN_BEFORE}(?P<cnpre>数|上)?(?P<cn>{_CN})(?:点(?P<cnd>[零〇一二三四五六七八九]+))?)
        (?P<q1>余|多)?
        (?P<mult>{_MULT})?
        (?:(?<=[亿億])(?P<mxa>零?[0-9]{{1,4}})(?P<mxam>千万|百万|万)
          |(?<=[万萬])(?P<mxb>零?[0-9]{{1,4}})(?P<mxbm>千)?(?![0-9.,年百十])
          |(?<=千)(?P<mxc>零[0-9]{{1,3}})(?P<mxcm>万|亿))?
        (?P<q2>余|多)?
        (?P<unit>{UNIT_ALTERNATION})?
        (?P<qhalf>半)?
        (?P<post>以上|以下|以内|左右|上下|多)?
    ))
    """,
    re.VERBOSE,
)

# Bound words printed before a figure; they shape its interval but are not part of its text.
_BEFORE_WORDS = sorted(
    {
        "约",
        "大约",
        "近",
        "将近",
        "接近",
        "超过",
        "超",
        "逾",
        "突破",
        "不足",
        "不到",
        "不少于",
        "不低于",
        "至少",
        "最多",
        "不超过",
    },
    key=len,
    reverse=True,
)
_BEFORE_LAST = frozenset(word[-1] for word in _BEFORE_WORDS)
_WEEKDAY = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7}
# Idioms whose numerals are not counts ("三番五次", "三位一体", "三五成群").
_IDIOMS = re.compile(
    "三番五次|五花八门|四面八方|千家万户|千头万绪|三五成群|三天两头|三位一体|四位一体|五位一体|千军万马|"
    "七上八下|十之八九|一五一十|九九八十一|两面三刀|三令五申|八面玲珑|一年半载|三年五载|三三两两"
)
_QUOTED_NAME = re.compile(r"“[^“”\n]{1,12}”")
# A label stops at punctuation or any white space (the characters str.isspace() accepts; a test checks).
_SPACES = "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
_SPACES += "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
_LABEL_STOP = frozenset(_SPACES + ',;:!?()（）“”"《》、。；：！？【】[]')
_NO_STOP_TAIL = re.compile("[^" + re.escape("".join(sorted(_LABEL_STOP))) + "]*\\Z")
_LABEL_FILLER = re.compile(
    r"^(?:(?:全年|今年以来|今年|去年|全市|全省|全县|全区|全国|该市|该县|该局|我市|我省|共计|总计|共|累计|"
    r"其中|已|先后|各类|各级|以来|期间|同期|此外|另外|同时|目前|截至目前|至今|现有)+)"
)
_LABEL_TRAIL = re.compile(r"(?:共计|总计|累计|达到|共|达|(?<!行)为|有|计|约|近|超过|逾|将近|接近|不足|大约|至少)+$")
_NOT_A_LABEL = re.compile(
    r"同比|环比|比上年|较上年|比去年|较去年|上升|下降|增长|减少|增加|提升|提高|降低|下滑|回落|上涨|由|从|至|到|分别"
    r"|(?<![对占])比(?![例重率较])|较(?![大小多少高低好快慢强弱为])"  # not 比例/比重 (shares), 较大 (adjectives)
)
_AFTER_LABEL = re.compile(r"[^\s,;:!?()（）“”\"《》、。；：！？0-9和及与等的被将在对向从由为是了]{2,10}")
# A day-only date ("11日") is a span of days instead after these: 近7日, 前3日, 连续5日, 为期3日.
_NOT_BEFORE_DAY = frozenset("近前后每续满期时计超逾约达共用了第历余")
# A lone 一 is an article ("一个"), except before a measure: 一倍, 近一吨, 一公里, 一个半月.
_ONE_KINDS = frozenset({"length", "area", "mass", "volume", "multiple", "power", "energy", "voltage"})
# 半 and a trailing 多 after the unit only for measures: 两年半, 3倍多, 1米多 (not "3人多次").
_MEASURE_KINDS = _ONE_KINDS | {"duration", "percent", "points", "age", "temperature"}
_BOX_AFTER = frozenset("—-:：")  # “30.5万亿元”——: a quoted figure before a dash is a data box, “3元”基金 a name
_DIGITS = frozenset("一二两兩三四五六七八九")
# 负 is a minus sign after these (增长负3.9%, 增速为负0.2%, 海拔负0.2千米) or after punctuation;
# after other words it is a burden (税负, 减负) or a defeat (胜负).
_BEFORE_MINUS = frozenset("为是长速达至到于了降升率值度拔温")
_INDEX_MOVES = frozenset("涨跌收于至破")
_MAGNITUDE_AFTER = re.compile(r"(?:以上|左右)?(?:地震|余震|强震|大风|阵风|风)")
_TEN_THOUSANDTHS = Decimal("0.0000000001")

_PLAIN_CACHE: dict[Decimal, Decimal] = {}


def _plain(value: Decimal) -> Decimal:
    """The same number without trailing zeros or an exponent ("19700.00" -> "19700"); cached, since
    equal Decimals always have the same plain form and newspapers repeat their figures."""
    plain = _PLAIN_CACHE.get(value)
    if plain is None:
        normalized = value.normalize()
        plain = Decimal(format(normalized, "f")) if normalized == normalized.to_integral() else normalized
        if len(_PLAIN_CACHE) < 100_000:
            _PLAIN_CACHE[value] = plain
    return plain


def _scaled(number: Number, factor: Decimal) -> Number:
    low = None if number.low is None else _plain(number.low * factor)
    high = None if number.high is None else _plain(number.high * factor)
    return Number(_plain(number.value * factor), low, high, number.approximate)


def _negated(number: Number) -> Number:
    return Number(
        -number.value,
        None if number.high is None else -number.high,
        None if number.low is None else -number.low,
        number.approximate,
    )


def _qualifier_before(norm: str, start: int) -> str:
    if start == 0 or norm[start - 1] not in _BEFORE_LAST:
        return ""
    for word in _BEFORE_WORDS:
        if norm.startswith(word, start - len(word)):
            return word
    return ""


def _small(text: str) -> Decimal | None:
    """A short number as printed in a date or a range end: Arabic or Chinese digits."""
    if text[0].isdigit():
        return Decimal(text)
    return chinese_value(text.translate(TRADITIONAL))


class _Extractor:
    """Turns the matches of one document into figures."""

    def __init__(self, doc: Document, year: int | None) -> None:
        self.doc = doc
        self.norm = doc.norm
        self.text = doc.text
        self.to_orig = doc.norm_to_orig
        self.line_starts = doc.line_starts
        self.line_index = 0  # figures come in text order: their line is found by walking forward
        self.year = year
        self.quoted = [(m.start(), m.end()) for m in _QUOTED_NAME.finditer(doc.norm)]
        self.quote_starts = [start for start, _ in self.quoted]
        self.figures: list[Figure] = []
        self.last_end = 0
        self.year_end = -1  # where the last year-only date ("去年", "2022年") ended, in norm
        self.year_of_last = 0

    def emit(
        self,
        n0: int,
        n1: int,
        number: Number,
        unit: str,
        kind: str,
        qualifier: str = "",
        iso: str | None = None,
        label: str = "",
        advance: bool = True,
    ) -> None:
        """Append one figure; ``advance`` False keeps the label floor where it was, so a month or day
        printed before a figure stays part of its label ("该国3月份的通货膨胀率6.7%")."""
        to_orig = self.to_orig
        start = to_orig[n0]
        end = to_orig[n1 - 1] + 1 if n1 > n0 else start
        starts = self.line_starts
        index = self.line_index  # figures come in text order: search only the lines after the last one
        if index and starts[index - 1] > start:
            index = bisect.bisect_right(starts, start)
        else:
            index = bisect.bisect_right(starts, start, index)
        self.line_index = index
        low, high = number.low, number.high
        self.figures.append(
            Figure(
                value=_plain(number.value),
                low=None if low is None else _plain(low),
                high=None if high is None else _plain(high),
                unit=unit,
                kind=kind,
                approximate=number.approximate,
                label=label,
                start=start,
                end=end,
                line=index,
                text=self.text[start:end],
                qualifier=qualifier,
                iso=iso,
            )
        )
        if advance:
            self.last_end = n1

    # --- dates, periods, weekdays, times, ordinals ----------------------------------------------

    def arabic_date(self, m: re.Match[str]) -> None:
        month, day = m.group("m"), m.group("d")
        self.date(m, int(m.group("y")), None if month is None else int(month), None if day is None else int(day))

    def chinese_date(self, m: re.Match[str]) -> None:
        """二〇二二年一月十一日"""
        year = chinese_value(m.group("cy"))
        month = chinese_value(m.group("cm")) if m.group("cm") else None
        day = chinese_value(m.group("cd")) if m.group("cd") else None
        if year is not None and 1900 <= year < 2100:
            self.date(m, int(year), None if month is None else int(month), None if day is None else int(day))

    def date(self, m: re.Match[str], year: int, month: int | None, day: int | None) -> None:
        if month is not None and not 1 <= month <= 12:
            return
        if day is not None:
            assert month is not None
            try:
                iso = datetime.date(year, month, day).isoformat()
            except ValueError:
                return
            value = Decimal(year * 10000 + month * 100 + day)
        elif month is not None:
            iso, value = f"{year:04d}-{month:02d}", Decimal(year * 100 + month)
        else:
            iso, value = f"{year:04d}", Decimal(year)
        self.emit(m.start(), m.end(), Number(value, value, value + 1), "date", "date", iso=iso)
        if month is None:
            self.year_end, self.year_of_last = m.end(), year

    def _year_for(self, n0: int) -> int | None:
        """A month or day printed right after a year ("去年12月", "2022年的5月") is of that year; any
        other is of the issue's year. (The gap is tested by its length, not sliced: the last year may be
        pages back.)"""
        end = self.year_end
        if end >= 0 and (n0 <= end or (n0 == end + 1 and self.norm[end] == "的")):
            return self.year_of_last
        return self.year

    def _day_iso(self, year: int | None, month: int, day: int) -> str | None:
        """ "2023-01-11", or "--01-11" when the year is not known; None when there is no such day."""
        try:
            datetime.date(2000 if year is None else year, month, day)  # 2000 is a leap year: 2月29日 is valid
        except ValueError:
            return None
        return f"{year:04d}-{month:02d}-{day:02d}" if year is not None else f"--{month:02d}-{day:02d}"

    def month_day(self, m: re.Match[str]) -> None:
        month, day = int(m.group("mm")), int(m.group("md"))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return
        year = self._year_for(m.start())
        if m.group("md2") is not None:  # 5月11日至13日, 1月1日至5月31日: a period of days
            month2 = int(m.group("mm2") or month)
            first, last = self._day_iso(year, month, day), self._day_iso(year, month2, int(m.group("md2")))
            if first is None or last is None or last <= first:
                return
            days = _calendar_day(year, month2, int(m.group("md2"))) - _calendar_day(year, month, day)
            self._period(m, days.days + 1, "日", f"{first}/{last}")
            return
        iso = None
        if year is not None:
            try:
                iso = datetime.date(year, month, day).isoformat()
            except ValueError:
                return
        value = Decimal(month * 100 + day)
        self.emit(m.start(), m.end(), Number(value, value, value + 1), "date", "date", iso=iso)

    def _period(self, m: re.Match[str], length: int, unit: str, iso: str) -> None:
        """A span of the calendar: ``iso`` is "start/end" (ISO 8601, both ends inclusive), ``value`` its
        length in ``unit`` (月, 日 or 年), exact."""
        value = Decimal(length)
        self.emit(m.start(), m.end(), Number(value, value, value), unit, "period", iso=iso, advance=False)

    def _month_iso(self, year: int | None, month: int) -> str:
        return f"{year:04d}-{month:02d}" if year is not None else f"--{month:02d}"

    def month_range(self, m: re.Match[str]) -> None:
        """1—5月, 1至11月份, 2023年1—5月: the months from the first to the last, of one year."""
        year: int | None
        if m.lastgroup == "ymrng":
            year, first, last = int(m.group("ry")), int(m.group("rm1")), int(m.group("rm2"))
        else:
            year, first, last = self._year_for(m.start()), int(m.group("mr1")), int(m.group("mr2"))
        if not 1 <= first < last <= 12:
            return
        self._period(m, last - first + 1, "月", f"{self._month_iso(year, first)}/{self._month_iso(year, last)}")

    def year_range(self, m: re.Match[str]) -> None:
        """2021—2025年, 2022年至2023年: the years from the first to the last."""
        first, last = int(m.group("yr1")), int(m.group("yr2"))
        if first < last:
            self._period(m, last - first + 1, "年", f"{first:04d}/{last:04d}")

    def month_only(self, m: re.Match[str]) -> None:
        """5月, 5月份: a month of the issue's year (iso "2023-05"; "--05" when the year is not known)."""
        month = int(m.group("mo"))
        if 1 <= month <= 12:
            value = Decimal(month)
            n0 = m.start()
            year = self._year_for(n0)
            if n0 and self.norm[n0 - 1] == "前":  # 前4月: the first four months
                if month > 1:
                    self._period(m, month, "月", f"{self._month_iso(year, 1)}/{self._month_iso(year, month)}")
                return
            if n0 and self.norm[n0 - 1] in _NOT_BEFORE_DAY:
                return  # 近3月, 每月: not a month of the calendar
            iso = self._month_iso(year, month)
            self.emit(n0, m.end(), Number(value, value, value + 1), "date", "date", iso=iso, advance=False)

    def day_only(self, m: re.Match[str]) -> None:
        """11日 (iso "---11": a day of a month the text does not print); 11—13日 a period of days."""
        n0 = m.start()
        if n0 and self.norm[n0 - 1] in _NOT_BEFORE_DAY:
            return  # 近7日, 连续5日: a number of days, not a date
        day = int(m.group("dd"))
        if m.group("dd2") is not None:
            last = int(m.group("dd2"))
            if 1 <= day < last <= 31:
                self._period(m, last - day + 1, "日", f"---{day:02d}/---{last:02d}")
            return
        if 1 <= day <= 31:
            value = Decimal(day)
            self.emit(n0, m.end(), Number(value, value, value + 1), "date", "date", iso=f"---{day:02d}", advance=False)

    def relative_year(self, m: re.Match[str]) -> None:
        if self.year is None:
            return
        offset = {"今年": 0, "去年": -1, "前年": -2, "明年": 1}[m.group("rel")]
        year = self.year + offset
        self.emit(
            m.start(), m.end(), Number(Decimal(year), Decimal(year), Decimal(year + 1)), "date", "date", iso=str(year)
        )
        self.year_end, self.year_of_last = m.end(), year

    def weekday(self, m: re.Match[str]) -> None:
        value = Decimal(_WEEKDAY[m.group("w1") or m.group("w2")])
        self.emit(m.start(), m.end(), Number(value, value, value + 1), "weekday", "weekday")

    def time(self, m: re.Match[str]) -> None:
        hour_text = m.group("th") or m.group("th2") or m.group("th3")
        minute_text = m.group("tm") or m.group("tm2") or m.group("tm3")
        hour, minute = int(hour_text), int(minute_text) if minute_text else (30 if m.group("half") else 0)
        if m.group("tp") in ("下午", "晚上", "傍晚", "晚") and hour < 12:
            hour += 12
        if hour > 24 or minute > 59:
            return
        value = Decimal(hour * 60 + minute)
        rough = m.group("txu") or ""
        number = Number(value, None, None, True) if rough else Number(value, value, value + 1)
        self.emit(m.start(), m.end(), number, "time", "time", qualifier=rough)

    def ordinal(self, m: re.Match[str]) -> None:
        text = m.group("on")
        value = Decimal(text) if text[0].isdigit() else chinese_value(text)
        if value is None:
            return
        self.emit(m.start(), m.end(), Number(value, value, value + 1), m.group("oc"), "ordinal")

    # --- percentages, fractions and multiples written in words -----------------------------------

    def chinese_percent(self, m: re.Match[str]) -> None:
        text = m.group("cpn")
        number: Number | None
        if text[0].isdigit():
            number = parse_arabic(text)
        elif "点" in text:  # 百分之五点六 is [5.55, 5.65)
            whole, _, digits = text.partition("点")
            number = parse_chinese_decimal(whole, digits)
        else:
            value = chinese_value(text)
            number = None if value is None else Number(value, value - Decimal("0.5"), value + Decimal("0.5"))
        if number is None:
            return
        qualifier = m.group("cpq") or ""
        self.emit(
            m.start(),
            m.end(),
            bounded(number, qualifier),
            "%",
            "percent",
            qualifier,
            label=self.label(m.start(), m.end()),
        )

    def fraction(self, m: re.Match[str]) -> None:
        """三分之一 is 1/3, 千分之五 is 0.005: a ratio, with the half step of the printed numerator
        ([1/6, 1/2) for 三分之一), rounded outwards where the decimal does not end."""
        denominator = _small(m.group("fd"))
        numerator_text = m.group("fn")
        numerator = parse_arabic(numerator_text) if numerator_text[0].isdigit() else None
        if numerator is None and "点" in numerator_text:  # 千分之一百一十一点一
            whole, _, digits = numerator_text.partition("点")
            numerator = parse_chinese_decimal(whole, digits)
        elif numerator is None:
            value = chinese_value(numerator_text)
            numerator = None if value is None else Number(value, value - Decimal("0.5"), value + Decimal("0.5"))
        if denominator is None or numerator is None or denominator <= 0 or numerator.value >= denominator:
            return
        assert numerator.low is not None and numerator.high is not None
        value = (numerator.value / denominator).quantize(_TEN_THOUSANDTHS)
        low = (numerator.low / denominator).quantize(_TEN_THOUSANDTHS, rounding="ROUND_FLOOR")
        high = (numerator.high / denominator).quantize(_TEN_THOUSANDTHS, rounding="ROUND_CEILING")
        qualifier = m.group("fq") or _qualifier_before(self.norm, m.start())
        number = bounded(Number(value, low, high), qualifier)
        self.emit(m.start(), m.end(), number, "分之", "ratio", qualifier, label=self.label(m.start(), m.end()))

    def doubling(self, m: re.Match[str]) -> None:
        """翻一番 (doubled), 翻两番 (four times): the number of doublings, unit 番."""
        value = _small(m.group("fann"))
        if value:
            number = Number(value, value - Decimal("0.5"), value + Decimal("0.5"))
            self.emit(m.start(), m.end(), number, "番", "multiple", label=self.label(m.start(), m.end()))

    def tenths(self, m: re.Match[str]) -> None:
        """八成 is 80% as [75, 85); 七成六 and 7.6成 are 76% as [75.5, 76.5); 三成半 is 35% as [32.5, 37.5);
        三成多 is more than 30%."""
        text = m.group("chn").translate(TRADITIONAL)
        if text[0].isdigit():
            digit = Decimal(text)
        elif "点" in text:  # 八点五成 is 85%
            digit = Decimal(f"{CN_DIGIT_VALUE[text[0]]}.{CN_DIGIT_VALUE[text[2]]}")
        else:
            digit = Decimal(10) if text == "十" else Decimal(CN_DIGIT_VALUE[text])
        value = digit * 10
        half = Decimal(5) if "." not in text and "点" not in text else Decimal("0.5")
        if m.group("chd") is not None:
            value, half = value + CN_DIGIT_VALUE[m.group("chd")], Decimal("0.5")
        elif m.group("chh") is not None:
            value, half = value + 5, Decimal("2.5")
        qualifier = m.group("chq") or ""
        number = bounded(Number(_plain(value), value - half, value + half), qualifier)
        self.emit(m.start(), m.end(), number, "%", "percent", qualifier, label=self.label(m.start(), m.end()))

    # --- quantities -------------------------------------------------------------------------------

    def _unit(self, word: str, end: int) -> Unit | None:
        """The unit printed as ``word`` ending at ``end``, unless the next character makes it a word."""
        following = self.norm[end : end + 1]
        if following and following in NOT_BEFORE.get(word, ""):
            return None
        return UNITS[word]

    def _end_number(self, ar: str | None, cn: str | None, mult: str | None) -> Number | None:
        """One end of a range: Arabic or Chinese digits with an optional multiplier."""
        number: Number | None
        if ar is not None:
            if ar.startswith("0") and len(ar) > 1 and not ar.startswith("0."):
                return None
            number = parse_arabic(ar, MULTIPLIERS[mult.translate(TRADITIONAL)] if mult else Decimal(1))
        else:
            assert cn is not None
            number = parse_chinese(cn.translate(TRADITIONAL))
            if number is not None and mult:
                number = _scaled(number, MULTIPLIERS[mult.translate(TRADITIONAL)])
        return number

    def number_range(self, m: re.Match[str]) -> None:
        """7—10天, 300到400名, 10%-12%, 1万—2万元: one figure from the low end of the first number to
        the high end of the second; ``value`` is the first, ``qualifier`` the mark printed between them."""
        unit_word = m.group("rbunit")
        unit_info = self._unit(unit_word, m.end("rbunit"))
        first_unit = m.group("raunit")
        if unit_info is None or (first_unit is not None and first_unit != unit_word):
            return
        if self._in_quoted_name(m.start(), m.end()) or self._in_idiom(m.start(), m.end()):
            return
        # 3到5万元 and 六到七千块 print the multiplier once, for both ends.
        shared = m.group("rbmult") if first_unit is None and m.group("ramult") is None else m.group("ramult")
        first_cn, last_cn = m.group("rca"), m.group("rcb")
        if first_cn is not None and last_cn is not None and shared is None and first_cn[-1] in _DIGITS:
            tail = last_cn.lstrip("一二两兩三四五六七八九")
            if tail and last_cn[0] in _DIGITS and all(c in "十百千" for c in tail):
                first_cn += tail  # 六到七千: 6000 to 7000
        first = self._end_number(m.group("ra"), first_cn, shared)
        last = self._end_number(m.group("rb"), last_cn, m.group("rbmult"))
        if first is None or last is None or first.value >= last.value:
            return  # 8-3 is a score, not a range
        if unit_info.kind == "duration" and unit_word == "年" and first.value >= 1900:
            return  # years, not a duration (yrng reads 2021—2025年)
        if unit_info.factor != 1:
            first, last = _scaled(first, unit_info.factor), _scaled(last, unit_info.factor)
        kind = "ordinal" if unit_word == "届" else unit_info.kind
        sep = self.norm[
            m.end("rca" if m.group("ra") is None else "ra") : m.start("rcb" if m.group("rb") is None else "rb")
        ]
        sep = sep.removeprefix(m.group("ramult") or "").removeprefix(first_unit or "")
        number = Number(first.value, first.low, last.high, True)
        post = m.group("rpost") or ""
        before = _qualifier_before(self.norm, m.start())
        if post or before:
            number = bounded(number, post or before)
        self.emit(
            m.start(),
            m.end(),
            number,
            unit_info.canonical,
            kind,
            post or before or sep,
            label=self.label(m.start(), m.end(), before),
        )

    def quantity(self, m: re.Match[str]) -> None:
        group = m.group
        unit_word, ar, mult = group("unit", "ar", "mult")
        if unit_word is None and (ar is None or mult is None):
            return  # a bare number is not a figure we can place (a name, a code, a year)
        unit_info: Unit | None = None
        if unit_word is not None:
            unit_info = self._unit(unit_word, m.end("unit"))
            if unit_info is None:
                return
        mult_key = "" if mult is None else mult.translate(TRADITIONAL)
        number: Number | None
        cn = None
        if ar is not None:
            if "," in ar and not self._ascii_commas(m.start("ar"), m.end("ar")):
                return  # "12，345" with a full-width comma is a list, not a thousands separator
            if ar.startswith("0") and len(ar) > 1 and not ar.startswith("0."):
                return  # 0311, 0033: codes, not quantities
            number = self._mixed(m, ar, mult_key)
            if number is None:
                return
            sign = group("sign")
            if (
                sign == "负"
                and m.start()
                and self.norm[m.start() - 1] not in _BEFORE_MINUS
                and _is_cjk(self.norm[m.start() - 1])
            ):
                # 税负5700多亿元, 减负2500亿元: the burden, not a minus sign; read the figure after it
                again = _PATTERN.match(self.norm, m.start("ar"))
                if again is not None and again.lastgroup is not None:
                    _HANDLERS[again.lastgroup](self, again)
                return
            if sign is not None:
                number = _negated(number)
        else:
            cn, prefix = group("cn").translate(TRADITIONAL), group("cnpre") or ""
            if self._in_idiom(m.start(), m.end()):
                return
            assert unit_info is not None
            lone_unit = cn[0] in "百千万亿" and all(c in "十百千万亿" for c in cn)
            if not cn.strip("零〇") and group("cnd") is None:
                return  # a lone 零 is a word: 零件, 零部件, 零元购 (零点五 is a figure)
            if cn == "一" and not (
                unit_info.kind in _ONE_KINDS or unit_info.infix == "半" or group("qhalf") or group("cnd")
            ):
                return  # a lone 一 is an article
            if lone_unit and not prefix and not _qualifier_before(self.norm, m.start()):
                return  # a lone 千/万 is a word (千家, 万人空巷, 千亿元级) unless bounded (逾千名, 近百亿元)
            if prefix == "上" and cn not in ("百", "千", "万", "亿", "十万", "百万", "千万"):
                return
            if group("cnd") is not None:
                number = parse_chinese_decimal(cn, group("cnd"))
            else:
                number = parse_chinese(cn, prefix if prefix == "数" else "")
            if number is None:
                return
            if mult_key:
                number = _scaled(number, MULTIPLIERS[mult_key])
            if prefix == "上":
                number = Number(number.value, number.value, None, True)
        end: int
        if unit_info is None:
            unit, kind = "", "number"
            end = m.end("mult")
            for name in ("mxa", "mxb", "mxc"):
                if group(name) is not None:
                    end = m.end(f"{name}m") if group(f"{name}m") is not None else m.end(name)
        else:
            assert unit_word is not None
            unit, kind = unit_info.canonical, unit_info.kind
            if unit_word == "届" or (unit_word == "期" and cn is not None):
                kind = "ordinal"  # 二十届 is the twentieth session, 二期工程 the second phase: not counts
            if kind == "index" and not self._index_points(m, ar):
                return
            if kind == "magnitude" and not (
                ar is not None and ("." in ar or _MAGNITUDE_AFTER.match(self.norm, m.end()))
            ):
                return  # 三级 is a tier (市县乡三级), 2级资质 a grade: magnitudes are of earthquakes and wind
            end = m.end("unit")
            if group("qhalf") is not None and kind in _MEASURE_KINDS and not unit_info.infix:
                number = _with_half(number)
                end = m.end("qhalf")
            elif unit_info.infix == "半":
                number = _with_half(number)
            if unit_info.factor != 1:
                number = _scaled(number, unit_info.factor)
        if self._in_quoted_name(m.start(), end):
            return
        q_inner = group("q1") or group("q2") or ""
        if not q_inner and unit_info is not None and unit_info.infix in ("多", "余"):
            q_inner = unit_info.infix  # 3个多月, 1个多百分点
        post = group("post") or ""
        if post == "多" and (kind not in _MEASURE_KINDS or unit_info is None or group("qhalf") is not None):
            post = ""
        if post and unit_info is not None:
            end = m.end("post")
        before = _qualifier_before(self.norm, m.start())
        qualifier = q_inner or post or before
        if qualifier in LOWER_BOUND or qualifier in UPPER_BOUND or qualifier in ROUGH:
            number = bounded(number, qualifier)
        start = m.start()
        self.emit(start, end, number, unit, kind, qualifier, label=self.label(start, end, before))

    def _mixed(self, m: re.Match[str], ar: str, mult: str) -> Number | None:
        """The number of an Arabic quantity: digits times a multiplier, or a compound (3亿845万)."""
        group = m.group
        if group("mxa", "mxb", "mxc") == (None, None, None):
            return parse_arabic(ar, MULTIPLIERS[mult] if mult else Decimal(1))
        for name, mult_name in (("mxa", "mxam"), ("mxb", "mxbm"), ("mxc", "mxcm")):
            rest = group(name)
            if rest is not None:
                if "," in ar:
                    return None
                second_mult = group(mult_name) if mult_name else ""
                return compound(Decimal(ar), mult, Decimal(rest.lstrip("零")), second_mult or "")
        return parse_arabic(ar, MULTIPLIERS[mult] if mult else Decimal(1))

    def _index_points(self, m: re.Match[str], ar: str | None) -> bool:
        """点 is an index point only for Arabic numbers after an index ("沪综指报收2338.42点", "指数从60点")
        or a move of one ("大跌109.58点"): not 3点 (a clock time), 28点计划 or 92万点 (pixels)."""
        if ar is None:
            return False
        n0 = m.start()
        return self.norm[n0 - 1 : n0] in _INDEX_MOVES or "指" in self.norm[max(0, n0 - 12) : n0]

    # --- helpers ----------------------------------------------------------------------------------

    def _ascii_commas(self, n0: int, n1: int) -> bool:
        return all(self.text[self.to_orig[i]] == "," for i in range(n0, n1) if self.norm[i] == ",")

    def _in_idiom(self, n0: int, n1: int) -> bool:
        window = self.norm[max(0, n0 - 3) : n1 + 3]
        return bool(_IDIOMS.search(window))

    def _in_quoted_name(self, n0: int, n1: int) -> bool:
        """Inside the nearest quoted span that opens before it (quotes do not nest or overlap), unless the
        figure is all the quote holds: “30.5万亿元”—— is a data box, “3个6” a name."""
        index = bisect.bisect_left(self.quote_starts, n0) - 1
        if index < 0:
            return False
        quote_start, quote_end = self.quoted[index]
        if n1 >= quote_end:
            return False
        data_box = quote_start == n0 - 1 and quote_end == n1 + 1 and self.norm[quote_end : quote_end + 1] in _BOX_AFTER
        return not data_box

    def label(self, n0: int, n1: int, before_word: str | None = None) -> str:
        """The noun phrase the figure counts: the clause before it ("全市共破获电信诈骗案件862起"), or the
        noun right after a classifier when nothing precedes it ("11个公路巡警中队执法站")."""
        norm = self.norm
        start = n0 - len(_qualifier_before(norm, n0) if before_word is None else before_word)
        floor = max(self.last_end, start - 24)
        tail = _NO_STOP_TAIL.search(norm, floor, start) if floor < start else None
        before = norm[tail.start() : start] if tail is not None else ""
        if before:
            previous = None
            while previous != before:
                previous = before
                before = _LABEL_TRAIL.sub("", _LABEL_FILLER.sub("", before))
            if _NOT_A_LABEL.search(before):
                return ""
            if len(before) >= 2 and not before.endswith("等"):
                return before[-16:]
        after = _AFTER_LABEL.match(norm, n1)
        return after.group(0) if after else ""


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _calendar_day(year: int | None, month: int, day: int) -> datetime.date:
    return datetime.date(2000 if year is None else year, month, day)


def _with_half(number: Number) -> Number:
    """两年半, 三成半, 一个半月: half a unit more, printed to the half unit."""
    value = number.value + Decimal("0.5")
    quarter = Decimal("0.25")
    return Number(value, value - quarter, value + quarter, number.approximate)


def _issue_year(doc: Document) -> int | None:
    """The year "1月7日" and "今年" refer to: the issue's own date when it has one."""
    from checks.masthead import issue_date

    iso, _source = issue_date(doc)
    return int(iso[:4]) if iso else None


def extract_figures(doc: Document, year: int | Literal["issue"] | None = "issue") -> list[Figure]:
    """Every figure of ``doc`` in text order. "1月7日" and "今年" take ``year``: by default the issue's
    own (found again here); a caller that already knows it (or knows there is none) passes it."""
    extractor = _Extractor(doc, _issue_year(doc) if year == "issue" else year)
    handlers = _HANDLERS
    for m in _PATTERN.finditer(doc.norm):
        handlers[m.lastgroup](extractor, m)  # type: ignore[index]
    return extractor.figures


# The method that reads each alternative of _PATTERN, by group name.
_HANDLERS: dict[str, Callable[[_Extractor, re.Match[str]], None]] = {
    "yrng": _Extractor.year_range,
    "ymrng": _Extractor.month_range,
    "date": _Extractor.arabic_date,
    "cdate": _Extractor.chinese_date,
    "mdate": _Extractor.month_day,
    "mrng": _Extractor.month_range,
    "mon": _Extractor.month_only,
    "dday": _Extractor.day_only,
    "rel": _Extractor.relative_year,
    "weekday": _Extractor.weekday,
    "time": _Extractor.time,
    "ordinal": _Extractor.ordinal,
    "cpct": _Extractor.chinese_percent,
    "frac": _Extractor.fraction,
    "fan": _Extractor.doubling,
    "cheng": _Extractor.tenths,
    "rng": _Extractor.number_range,
    "qty": _Extractor.quantity,
}
