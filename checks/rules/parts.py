"""Arithmetic rules: part_exceeds_whole (the parts table) and sum_mismatch (the sums table)."""

from __future__ import annotations

from fractions import Fraction

from checks.claims.common import dec, flag, text_of
from checks.intervals import Interval, difference, exists_le
from checks.rules import Explanation, Rule, RuleOptions
from checks.rules.reading import INTERVAL_OPTIONS, Row, approx_of, decide, figure_shown, interval_of, shown_like


def _part(row: Row, options: RuleOptions) -> Explanation | None:
    if flag(row.get("averaged")):
        return None  # "年平均工资8.5万元,其中非私营单位10.2万元": averages are not wholes
    part, whole = interval_of(row, "part", options), interval_of(row, "whole", options)
    if part is None or whole is None:
        return None
    siblings = Fraction(dec(row.get("siblings_low")) or 0)  # the list's other parts, at least
    if siblings:
        part = Interval(
            None if part.lo is None else part.lo + siblings,
            None if part.hi is None else part.hi + siblings,
            part.lo_closed,
            part.hi_closed,
        )
    if exists_le(part, whole):
        return None
    part_text, whole_text = text_of(row.get("part_text")), text_of(row.get("whole_text"))
    label = text_of(row.get("part_label"))
    whole_label = text_of(row.get("whole_label"))
    others = text_of(row.get("siblings_text"))
    if others and siblings:
        return Explanation(
            message=f"the parts 其中{label}{part_text}、{others} add up to more than their whole "
            f"{whole_label}{whole_text}",
            stated=f"{part_text} + {others}",
            expected=f"≤ {whole_text}",
            message_zh=f"“其中”所列各部分{part_text}、{others}之和大于其所属总数{whole_label}{whole_text}",
        )
    return Explanation(
        message=f"the part 其中{label}{part_text} is larger than its whole {whole_label}{whole_text}",
        stated=f"{label}{part_text}",
        expected=f"≤ {whole_text}",
        message_zh=f"部分“其中{label}{part_text}”大于其整体“{whole_label}{whole_text}”",
    )


def _sum(row: Row, options: RuleOptions) -> Explanation | None:
    if any(approx_of(row, p) for p in ("a", "b", "c")):
        return None
    a, b, c = (interval_of(row, p, options) for p in ("a", "b", "c"))
    if a is None or b is None or c is None or difference(a, b).intersects(c):
        return None
    expected = shown_like(Fraction(dec(row.get("a")) or 0) - Fraction(dec(row.get("b")) or 0), row, "c")
    names = [text_of(row.get(f"{p}_name")) for p in ("a", "b", "c")]
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
        judge=decide(_part),
        option_names=INTERVAL_OPTIONS,
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
        judge=decide(_sum),
        option_names=INTERVAL_OPTIONS,
    ),
)
