"""Arithmetic rules: part_exceeds_whole (the parts table) and sum_mismatch (the sums table)."""

from __future__ import annotations

from fractions import Fraction

import pandas as pd

from checks.claims.common import dec, flag, text_of
from checks.intervals import Interval, difference, exists_le, format_decimal
from checks.rules import Explanation, Rule, RuleOptions
from checks.rules.reading import (
    Row,
    approx_of,
    check,
    figure_shown,
    interval_of,
)

# ---------------------------------------------------------------------------------------------
# part_exceeds_whole, sum_mismatch, figure_mismatch, weekday_mismatch


def _part_ok(row: Row, options: RuleOptions) -> bool:
    if flag(row.get("averaged")):
        return True  # "年平均工资8.5万元,其中非私营单位10.2万元": averages are not wholes
    part, whole = interval_of(row, "part", options), interval_of(row, "whole", options)
    if part is None or whole is None:
        return True
    siblings = Fraction(dec(row.get("siblings_low")) or 0)  # the list's other parts, at least
    if siblings:
        part = Interval(
            None if part.lo is None else part.lo + siblings,
            None if part.hi is None else part.hi + siblings,
            part.lo_closed,
            part.hi_closed,
        )
    return exists_le(part, whole)


def _explain_part(row: Row, df: pd.DataFrame, options: RuleOptions) -> Explanation:
    part, whole = text_of(row.get("part_text")), text_of(row.get("whole_text"))
    label = text_of(row.get("part_label"))
    whole_label = text_of(row.get("whole_label"))
    others = text_of(row.get("siblings_text"))
    if others and dec(row.get("siblings_low")):
        return Explanation(
            message=f"the parts 其中{label}{part}、{others} add up to more than their whole {whole_label}{whole}",
            stated=f"{part} + {others}",
            expected=f"≤ {whole}",
            message_zh=f"“其中”所列各部分{part}、{others}之和大于其所属总数{whole_label}{whole}",
        )
    return Explanation(
        message=f"the part 其中{label}{part} is larger than its whole {whole_label}{whole}",
        stated=f"{label}{part}",
        expected=f"≤ {whole}",
        message_zh=f"部分“其中{label}{part}”大于其整体“{whole_label}{whole}”",
    )


def _sum_ok(row: Row, options: RuleOptions) -> bool:
    if any(approx_of(row, p) for p in ("a", "b", "c")):
        return True
    a, b, c = (interval_of(row, p, options) for p in ("a", "b", "c"))
    if a is None or b is None or c is None:
        return True
    return difference(a, b).intersects(c)


def _explain_sum(row: Row, df: pd.DataFrame, options: RuleOptions) -> Explanation:
    a, b = Fraction(dec(row.get("a")) or 0), Fraction(dec(row.get("b")) or 0)
    names = [text_of(row.get(f"{p}_name")) for p in ("a", "b", "c")]
    expected = format_decimal(a - b)
    arithmetic = f"{names[0]}{figure_shown(row, 'a')} − {names[1]}{figure_shown(row, 'b')} = {expected}"
    stated = f"{names[2]}{text_of(row.get('c_text'))}"
    return Explanation(
        message=f"stated {stated}, but {arithmetic}",
        stated=stated,
        expected=expected,
        message_zh=f"所述{stated},但{arithmetic}",
    )


RULES = (
    Rule(
        id="part_exceeds_whole",
        table="parts",
        title_en="Part larger than its whole",
        title_zh="部分大于整体",
        description_en="A part introduced by 其中 is larger than the whole it belongs to.",
        description_zh="“其中”所列部分大于其所属总数。",
        default_severity="error",
        check=check(_part_ok),
        explain=_explain_part,
    ),
    Rule(
        id="sum_mismatch",
        table="sums",
        title_en="Figures do not add up",
        title_zh="数值加减不符",
        description_en="Stated figures do not add up to the stated difference (核载/实载/超员, from/to and the "
        "stated change).",
        description_zh="所述数值的差与所述差额不符（如核载、实载与超员人数）。",
        default_severity="error",
        check=check(_sum_ok),
        explain=_explain_sum,
    ),
)
