"""share_mismatch: a part's stated share of its whole disagrees with the two figures (the shares table)."""

from __future__ import annotations

from fractions import Fraction

from checks.claims.common import dec, text_of
from checks.intervals import format_decimal
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
)
