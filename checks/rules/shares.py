"""Share rules: share_mismatch (a part's stated share of its whole, the shares table) and share_list_mismatch
(listed parts' shares of one whole, the share_lists table)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import regex

from checks.claims.common import dec, text_of
from checks.intervals import Interval, accepted_values, format_decimal
from checks.rules import Explanation, Rule, RuleOptions
from checks.rules.reading import (
    INTERVAL_OPTIONS,
    Row,
    accepted_of,
    approx_of,
    decide,
    figure_shown,
    format_pct,
    hits,
    interval_of,
    places_of,
    present_in,
    range2,
)


def _ratio(part: Fraction, whole: Fraction) -> Fraction | None:
    return None if whole <= 0 else 100 * part / whole


def _pairs(row: Row) -> list[tuple[str, str]]:
    """The (part, whole) column prefixes the share may be of: one pair, or two for a whole of two units."""
    pairs = [("part", "whole")]
    if present_in(row, "part2") and present_in(row, "whole2"):
        pairs.append(("part2", "whole2"))
    return pairs


def _share(row: Row, options: RuleOptions) -> Explanation | None:
    accepted = accepted_of(row, "pct", options)
    if accepted is None:
        return None
    for part_col, whole_col in _pairs(row):
        if approx_of(row, part_col) or approx_of(row, whole_col):
            return None  # an approximate or bounded figure: the share cannot be judged
        part, whole = interval_of(row, part_col, options), interval_of(row, whole_col, options)
        if part is None or whole is None or hits(range2(_ratio, part, whole), accepted):
            return None
    places = places_of(row, "pct")
    shown: list[str] = []
    expected: list[str] = []
    for part_col, whole_col in _pairs(row):
        part_v, whole_v = Fraction(dec(row.get(part_col)) or 0), Fraction(dec(row.get(whole_col)) or 0)
        exact = 100 * part_v / whole_v if whole_v else Fraction(0)
        expected.append(format_pct(exact, places))
        ratio = f"{figure_shown(row, part_col)} / {figure_shown(row, whole_col)}"
        shown.append(f"{ratio} = {format_decimal(exact)}% → {expected[-1]}")
    stated = f"{text_of(row.get('share_word'))}{text_of(row.get('pct_text'))}"
    arithmetic = "; ".join(shown)
    return Explanation(
        message=f"stated {stated}, but {arithmetic}",
        stated=stated,
        expected=" / ".join(expected),
        message_zh=f"所述{stated},但{arithmetic}",
    )


def _cells(row: Row, column: str) -> tuple[str, ...]:
    value = row.get(column)
    return tuple(str(v) for v in value) if isinstance(value, tuple | list) else ()


def _pct_hull(low: str, high: str, options: RuleOptions) -> tuple[Fraction, Fraction]:
    """The closed hull of the exact shares that print as this percent under the accepted roundings."""
    lo, hi = Fraction(Decimal(low)), Fraction(Decimal(high))
    accepted = accepted_values((lo + hi) / 2, hi - lo, options.rounding)
    return min(a.lo for a in accepted if a.lo is not None), max(a.hi for a in accepted if a.hi is not None)


_LEADING_NUMBER = regex.compile(r"^([0-9]+(?:\.[0-9]+)?)(.*)$")


def _implied(part: str, pct: str) -> str:
    """ "2600亿元 ÷ 28.6% = 9091亿元": the whole a part and its share imply, in the part's printed unit."""
    m, p = _LEADING_NUMBER.match(part), _LEADING_NUMBER.match(pct)
    if m is None or p is None or not Decimal(p.group(1)):
        return f"{part} ÷ {pct}"
    whole = Fraction(Decimal(m.group(1))) * 100 / Fraction(Decimal(p.group(1)))
    return f"{part} ÷ {pct} = {format_decimal(Fraction(round(whole)))}{m.group(2)}"


def _share_list(row: Row, options: RuleOptions) -> Explanation | None:
    """The listed shares cannot be of one whole: the wholes they imply do not meet, or they add up to more
    than 100 %."""
    parts = list(zip(_cells(row, "part_lows"), _cells(row, "part_highs"), strict=True))
    bounds = zip(_cells(row, "pct_lows"), _cells(row, "pct_highs"), strict=True)
    pcts = [_pct_hull(lo, hi, options) for lo, hi in bounds]
    if len(parts) != len(pcts) or len(parts) < 2:
        return None
    stated = "、".join(_cells(row, "pcts_text"))
    if sum((lo for lo, _ in pcts), Fraction(0)) > 100:
        shown = " + ".join(_cells(row, "pcts_text"))
        return Explanation(
            message=f"the shares {shown} of one whole add up to more than 100%",
            stated=stated,
            expected="≤ 100%",
            message_zh=f"同一整体的占比{shown}之和超过100%",
        )
    wholes = Interval(None, None, True, True)
    for (p_lo, p_hi), (s_lo, s_hi) in zip(parts, pcts, strict=True):
        if s_lo <= 0:
            return None
        one = Interval(Fraction(Decimal(p_lo)) * 100 / s_hi, Fraction(Decimal(p_hi)) * 100 / s_lo, True, True)
        if not wholes.intersects(one):
            break
        wholes = Interval(
            max(x for x in (wholes.lo, one.lo) if x is not None), min(x for x in (wholes.hi, one.hi) if x is not None)
        )
    else:
        return None
    implied = ", ".join(
        _implied(t, p) for t, p in zip(_cells(row, "parts_text"), _cells(row, "pcts_text"), strict=True)
    )
    whole_word = text_of(row.get("whole_word"))
    return Explanation(
        message=f"the listed shares of {whole_word} imply different wholes ({implied})",
        stated=stated,
        message_zh=f"所列各项占{whole_word}的比例推算出的整体互不相同({implied})",
    )


RULES = (
    Rule(
        id="share_mismatch",
        table="shares",
        title_en="Share disagrees with its part and whole",
        title_zh="占比与数值不符",
        description_en="A part's stated share of its whole (占…%, …率为…%) disagrees with the part and the whole "
        "stated with it, for every value inside the stated precisions.",
        description_zh="所述部分占整体的比例（占…%、…率为…%）与所列部分及整体数值不符，在所述精度范围内无法成立。",
        default_severity="error",
        judge=decide(_share),
        option_names=INTERVAL_OPTIONS,
    ),
    Rule(
        id="share_list_mismatch",
        table="share_lists",
        title_en="Listed shares of one whole disagree",
        title_zh="所列占比互相矛盾",
        description_en="Listed parts with their shares of one whole (…分别占…的x%、y%): the wholes they imply "
        "cannot be one value, or the shares add up to more than 100 %, at the stated precisions.",
        description_zh="所列各部分及其占同一整体的比例（分别占…的x%、y%）推算出的整体无法一致，或占比之和超过100%。",
        default_severity="error",
        judge=decide(_share_list),
        option_names=("rounding",),
    ),
)
