"""Reading a claim row for the in-issue rules: figures as intervals under the accepted rounding modes.

Every numeric check asks whether *some* values inside the stated intervals satisfy the relation
(checks.intervals); a row that cannot be judged (an approximate figure in an equality, a missing
part, growth at comparable prices) passes. Counts in whole-number units take whole values only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Any

from checks.claims.common import dec, flag, text_of
from checks.intervals import Interval, accepted_values, decimals_of, format_decimal, round_fraction
from checks.rules import Explanation, RowJudge, RuleOptions

Row = Mapping[str, Any]
Corner = Callable[[Fraction, Fraction], Fraction | None]

# The options every rule that reads figures as intervals takes (``interval_of``, ``is_whole``).
INTERVAL_OPTIONS = ("rounding", "whole_units")

# ---------------------------------------------------------------------------------------------
# Reading a row


def present_in(row: Row, prefix: str) -> bool:
    return bool(text_of(row.get(f"{prefix}_text")))


def approx_of(row: Row, prefix: str) -> bool:
    return flag(row.get(f"{prefix}_approx"))


def center_step(row: Row, prefix: str) -> tuple[Fraction, Fraction] | None:
    low, high = dec(row.get(f"{prefix}_low")), dec(row.get(f"{prefix}_high"))
    if low is None or high is None:
        return None
    lo, hi = Fraction(low), Fraction(high)
    return (lo + hi) / 2, hi - lo


def is_whole(row: Row, prefix: str, options: RuleOptions) -> bool:
    return text_of(row.get(f"{prefix}_kind")) == "count" and text_of(row.get(f"{prefix}_unit")) in options.whole_units


def interval_of(row: Row, prefix: str, options: RuleOptions) -> Interval | None:
    """The values a stated figure can stand for under the accepted rounding modes (hull)."""
    if not present_in(row, prefix):
        return None
    whole = is_whole(row, prefix, options)
    low, high = dec(row.get(f"{prefix}_low")), dec(row.get(f"{prefix}_high"))
    if approx_of(row, prefix) or low is None or high is None:
        iv = Interval(
            None if low is None else Fraction(low),
            None if high is None else Fraction(high),
            True,
            False,
        )
        return iv.whole() if whole else iv
    return _rounded_hull(low, high, tuple(options.rounding), whole)


# Pure functions of a figure's printed bounds, cached: every rule of a table reads the same figures,
# and Fraction arithmetic was most of validation's time.
@lru_cache(maxsize=1 << 16)
def _rounded_hull(low: Decimal, high: Decimal, rounding: tuple[str, ...], whole: bool) -> Interval:
    lo_, hi_ = Fraction(low), Fraction(high)
    parts = accepted_values((lo_ + hi_) / 2, hi_ - lo_, rounding)
    lo = min(p.lo for p in parts if p.lo is not None)
    hi = max(p.hi for p in parts if p.hi is not None)
    iv = Interval(
        lo,
        hi,
        any(p.lo == lo and p.lo_closed for p in parts),
        any(p.hi == hi and p.hi_closed for p in parts),
    )
    return iv.whole() if whole else iv


@lru_cache(maxsize=1 << 16)
def _accepted(low: Decimal, high: Decimal, rounding: tuple[str, ...]) -> tuple[Interval, ...]:
    lo, hi = Fraction(low), Fraction(high)
    return tuple(accepted_values(abs((lo + hi) / 2), hi - lo, rounding))


def magnitude(iv: Interval) -> Interval:
    """|x| of an interval lying on one side of zero (a negative printed change: "增长-5%")."""
    if iv.hi is not None and iv.hi <= 0:
        return Interval(
            None if iv.hi is None else -iv.hi, None if iv.lo is None else -iv.lo, iv.hi_closed, iv.lo_closed
        )
    return iv


def effective_dir(row: Row, prefix: str) -> str:
    """The direction a change really states: the word, flipped by a negative number ("增长-5%")."""
    word = text_of(row.get(f"{prefix}_dir"))
    value = dec(row.get(prefix))
    if word and value is not None and value < 0:
        return "down" if word == "up" else "up"
    return word


def accepted_of(row: Row, prefix: str, options: RuleOptions) -> list[Interval] | None:
    """Exact magnitudes that print as the stated rate; None for an approximate rate."""
    if not present_in(row, prefix) or approx_of(row, prefix):
        return None
    low, high = dec(row.get(f"{prefix}_low")), dec(row.get(f"{prefix}_high"))
    if low is None or high is None:
        return None
    return list(_accepted(low, high, tuple(options.rounding)))


def places_of(row: Row, prefix: str) -> int:
    cs = center_step(row, prefix)
    return 0 if cs is None else decimals_of(cs[1])


def figure_shown(row: Row, prefix: str) -> str:
    """A figure as shown in a formula: the bare number for plain counts, else as printed."""
    text = text_of(row.get(f"{prefix}_text"))
    value = dec(row.get(prefix))
    if value is not None and text_of(row.get(f"{prefix}_kind")) == "count" and not any(m in text for m in "万亿千"):
        return format_decimal(abs(value))
    return text


_SCALES = (("万亿", 10**12), ("亿", 10**8), ("万", 10**4), ("千", 10**3))


def shown_like(value: Fraction, row: Row, prefix: str) -> str:
    """``value`` (in the canonical unit) as the figure ``prefix`` is printed: 0.42‰ beside "0.24‰", not the
    0.042 (percent) it is stored as; "7人" beside "8人"; "78.5万元" beside "80万元"."""
    text, unit, kind = (text_of(row.get(f"{prefix}_{k}")) for k in ("text", "unit", "kind"))
    if text.endswith("‰"):
        return f"{format_decimal(value * 10)}‰"
    if kind == "percent":
        return f"{format_decimal(value)}%"
    for word, scale in _SCALES:
        if word in text and unit and not unit.startswith(word) and abs(value) >= scale:
            return f"{format_decimal(value / scale)}{word}{unit}"
    return f"{format_decimal(value)}{unit}"


def format_pct(value: Fraction, places: int) -> str:
    return f"{format(round_fraction(value, places, 'half_up'), 'f')}%"  # never "0E-10%"


def range2(f: Corner, a: Interval, b: Interval) -> Interval | None:
    """Range of f over a box when f is monotone in each argument: min and max over the corners."""
    if not (a.bounded and b.bounded) or a.is_empty() or b.is_empty():
        return None
    assert a.lo is not None and a.hi is not None and b.lo is not None and b.hi is not None
    corners: list[tuple[Fraction, bool]] = []
    for x, xc in ((a.lo, a.lo_closed), (a.hi, a.hi_closed)):
        for y, yc in ((b.lo, b.lo_closed), (b.hi, b.hi_closed)):
            value = f(x, y)
            if value is None:
                return None
            corners.append((value, xc and yc))
    lo = min(v for v, _ in corners)
    hi = max(v for v, _ in corners)
    return Interval(lo, hi, any(v == lo and c for v, c in corners), any(v == hi and c for v, c in corners))


def hits(values: Interval | None, accepted: list[Interval]) -> bool:
    return any(values.intersects(acc) for acc in accepted) if values is not None else True


def decide(fn: Callable[[Row, RuleOptions], Explanation | None]) -> RowJudge:
    """A table judge from a row judge: ``fn`` returns None where the row holds (or cannot be judged),
    else the row's explanation, computed from the same values that decided it."""
    return RowJudge(fn)
