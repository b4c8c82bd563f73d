"""Numerals as printed (Arabic and Chinese), multipliers, and the interval a printed number stands for.

A printed number is an interval, not a point: "8.04" is [8.035, 8.045), "2.8万" is [27 500, 28 500),
"二十余" is at least 20, "十几" is 11..19. Everything here is exact (``Decimal``), never float.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

MULTIPLIERS: dict[str, Decimal] = {
    "千": Decimal(1000),
    "万": Decimal(10000),
    "百万": Decimal(1000000),
    "千万": Decimal(10000000),
    "亿": Decimal(100000000),
    "万亿": Decimal(10) ** 12,
}

# Qualifiers: the printed number is a lower bound, an upper bound, or a rough value.
LOWER_BOUND = frozenset({"余", "多", "以上", "超过", "逾", "超", "突破", "上", "不少于", "不低于", "至少"})
UPPER_BOUND = frozenset({"近", "不足", "不到", "以下", "以内", "接近", "将近", "不超过", "最多"})
ROUGH = frozenset({"约", "大约", "左右", "上下", "许"})

CN_DIGIT_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_CN_UNIT_VALUE = {"十": 10, "百": 100, "千": 1000, "万": 10000, "亿": 100000000}
# Traditional forms reprinted in simplified text: 萬 and 億 are 万 and 亿, 兩 is 两.
TRADITIONAL = str.maketrans({"萬": "万", "億": "亿", "兩": "两"})


@dataclass(frozen=True)
class Number:
    """A parsed numeral: its value and the interval ``[low, high)`` its printing allows."""

    value: Decimal
    low: Decimal | None
    high: Decimal | None
    approximate: bool = False


def parse_arabic(digits: str, multiplier: Decimal = Decimal(1)) -> Number:
    """ "1,286" / "8.04" times a multiplier, with the half-step interval of its last printed digit."""
    if "," in digits:
        digits = digits.replace(",", "")
    dot = digits.find(".")
    places = len(digits) - dot - 1 if dot >= 0 else 0
    half = _HALF_STEPS.get((places, multiplier))
    if half is None:
        half = _HALF_STEPS[(places, multiplier)] = Decimal(1).scaleb(-places) * multiplier / 2
    value = Decimal(digits) * multiplier if multiplier != 1 else Decimal(digits)
    return Number(value, value - half, value + half)


# Half a step of the last printed digit, by (decimal places, multiplier): computed once each.
_HALF_STEPS: dict[tuple[int, Decimal], Decimal] = {}


def bounded(number: Number, qualifier: str) -> Number:
    """Apply a bound word: 余/以上 keep only the low end, 近/不足 only the high end, 约/左右 neither."""
    if not qualifier:
        return number
    if qualifier in LOWER_BOUND:
        return Number(number.value, number.value, None, True)
    if qualifier in UPPER_BOUND:
        return Number(number.value, None, number.value, True)
    if qualifier in ROUGH:
        return Number(number.value, None, None, True)
    return number


@lru_cache(maxsize=4096)
def _cn2an(text: str) -> Decimal | None:
    """cn2an (imported only when a Chinese numeral is met) in its strict mode; None if not a numeral."""
    import cn2an

    try:
        return Decimal(str(cn2an.cn2an(text, "strict")))
    except (ValueError, KeyError, IndexError):
        return None


def chinese_value(text: str) -> Decimal | None:
    """The exact value of a Chinese numeral ("两万三千", "十五", "二〇二三"), None if it is not one."""
    if not text:
        return None
    units = [_CN_UNIT_VALUE.get(c, 0) for c in text]
    if all(units) and units == sorted(set(units)):  # 上万, 数千, 近百亿, 超过百万: the bare units
        value = 1
        for c in text:
            value *= _CN_UNIT_VALUE[c]
        return Decimal(value)
    if all(c in CN_DIGIT_VALUE for c in text) and len(text) > 1:  # 二〇二三: read digit by digit
        return Decimal("".join(str(CN_DIGIT_VALUE[c]) for c in text))
    return _cn2an(text.replace("两", "二").replace("〇", "零"))


def parse_chinese(text: str, prefix: str = "") -> Number | None:
    """A Chinese numeral, including the vague ones: "十几" is [11, 20), "几十"/"数十" is [20, 100).

    ``prefix`` is the word printed before it when that word is part of the numeral (数, 几).
    """
    if prefix in ("数", "几") or text.startswith(("几", "数")):
        scale = chinese_value(text.lstrip("几数"))
        if scale is None or scale < 10:
            return None
        return Number(2 * scale, 2 * scale, 10 * scale, True)
    if "几" in text:  # 十几 -> [11, 20), 二十几 -> [21, 30), 十几万 -> [110 000, 200 000)
        head, _, tail = text.partition("几")
        base = chinese_value(head)
        scale = chinese_value(tail) if tail else Decimal(1)
        if base is None or scale is None or base < 10 or base % 10 or (tail and tail not in MULTIPLIERS):
            return None
        low, high = (base + 1) * scale, (base + 10) * scale
        return Number(low, low, high, True)
    if len(text) >= 2 and all(c in CN_DIGIT_VALUE for c in text):
        # 三四米, 五六个: two neighbouring digits are a rough range, not 34 or 56.
        a, b = (CN_DIGIT_VALUE[c] for c in text[:2]) if len(text) == 2 else (0, 0)
        if len(text) == 2 and b == a + 1:
            return Number(Decimal(a), Decimal(a), Decimal(b + 1), True)
        return None
    value = chinese_value(text)
    if value is None:
        return None
    step = _chinese_step(text, value)
    return Number(value, value - step / 2, value + step / 2)


def _chinese_step(text: str, value: Decimal) -> Decimal:
    """The precision of a Chinese numeral, read like its Arabic twin: "两万" is 2万 ([15 000, 25 000)),
    "十五万" is 15万, "两万三千" is 2.3万 (step 1 000); without 万/亿 it is a whole number ("三百" is 300)."""
    if text.endswith("亿"):
        return Decimal(100000000)
    if text.endswith("万"):
        return Decimal(10000)
    if "万" not in text and "亿" not in text:
        return Decimal(1)
    rest = int(value) % 10000
    step = 1
    while rest and rest % (step * 10) == 0:
        step *= 10
    return Decimal(step)


def parse_chinese_decimal(whole: str, digits: str) -> Number | None:
    """ "二点五" (whole "二", digits "五") is 2.5 as [2.45, 2.55): the last printed digit's half step."""
    value = chinese_value(whole)
    if value is None or not digits or any(c not in CN_DIGIT_VALUE for c in digits):
        return None
    number = Decimal(f"{int(value)}.{''.join(str(CN_DIGIT_VALUE[c]) for c in digits)}")
    half = Decimal(1).scaleb(-len(digits)) / 2
    return Number(number, number - half, number + half)


def compound(first: Decimal, first_mult: str, second: Decimal, second_mult: str) -> Number | None:
    """Arabic digits between multipliers: "3亿845万" is 308 450 000, "3万4000" is 34 000 and
    "2千零30万" is 20 300 000. The precision is that of the last printed part ([308 445 000, 308 455 000)).
    """
    if first != first.to_integral() or second != second.to_integral():
        return None
    if first_mult == "千":  # 2千零30万: one section, scaled by the multiplier printed after it
        scale = MULTIPLIERS[second_mult]
        value = (first * 1000 + second) * scale
    else:
        scale = MULTIPLIERS[second_mult] if second_mult else Decimal(1)
        if second * scale >= MULTIPLIERS[first_mult]:
            return None  # "3万12000" is not one number
        value = first * MULTIPLIERS[first_mult] + second * scale
    return Number(value, value - scale / 2, value + scale / 2)
