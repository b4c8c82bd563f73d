"""Exact interval arithmetic for printed figures.

A printed figure is an interval, not a point (shared/DESIGN.md): "8.04%" stands for every value a
writer could have rounded to 8.04, "412起" for the whole number 412, "20余万" for anything from
200 000 up. Every numeric rule asks one question: *is there any choice of values inside the stated
intervals that satisfies the relation?* and fires only when the answer is no. All arithmetic here is
on ``Fraction`` so that boundaries such as 8.035 and 8.045 are decided exactly, never by float noise.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction

__all__ = [
    "ROUNDING_MODES",
    "Interval",
    "accepted_values",
    "decimals_of",
    "difference",
    "exists_le",
    "exists_lt",
    "format_decimal",
    "grim_bases_exist",
    "interval_of",
    "nearest_bases",
    "pct_from_base",
    "ratio_range",
    "round_fraction",
    "to_fraction",
]

ROUNDING_MODES = ("half_up", "half_even", "truncate")
_DECIMAL_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "truncate": ROUND_DOWN}

Number = Fraction | Decimal | int


def to_fraction(value: Number) -> Fraction:
    """Exact conversion (Decimal -> Fraction keeps every digit)."""
    return Fraction(value)


@dataclass(frozen=True)
class Interval:
    """A real interval; ``None`` bounds are infinite. Closedness is explicit so edges are exact."""

    lo: Fraction | None
    hi: Fraction | None
    lo_closed: bool = True
    hi_closed: bool = False

    @staticmethod
    def point(value: Number) -> Interval:
        v = to_fraction(value)
        return Interval(v, v, True, True)

    @property
    def bounded(self) -> bool:
        return self.lo is not None and self.hi is not None

    def is_empty(self) -> bool:
        if self.lo is None or self.hi is None:
            return False
        if self.lo < self.hi:
            return False
        return not (self.lo == self.hi and self.lo_closed and self.hi_closed)

    def contains(self, value: Number) -> bool:
        v = to_fraction(value)
        if self.lo is not None and (v < self.lo or (v == self.lo and not self.lo_closed)):
            return False
        return not (self.hi is not None and (v > self.hi or (v == self.hi and not self.hi_closed)))

    def whole(self) -> Interval:
        """The whole numbers inside, as a closed interval of integers (may be empty)."""
        lo: Fraction | None = None
        hi: Fraction | None = None
        if self.lo is not None:
            c = math.ceil(self.lo)
            if c == self.lo and not self.lo_closed:
                c += 1
            lo = Fraction(c)
        if self.hi is not None:
            f = math.floor(self.hi)
            if f == self.hi and not self.hi_closed:
                f -= 1
            hi = Fraction(f)
        return Interval(lo, hi, True, True)

    def intersects(self, other: Interval) -> bool:
        """True when some value lies in both intervals."""
        lo, lo_closed = _max_lo(self, other)
        hi, hi_closed = _min_hi(self, other)
        return not Interval(lo, hi, lo_closed, hi_closed).is_empty()

    def integers(self, limit: int = 2000) -> list[int] | None:
        """The integers inside when there are at most ``limit`` of them, else None."""
        w = self.whole()
        if w.lo is None or w.hi is None:
            return None
        if w.hi < w.lo:
            return []
        if w.hi - w.lo + 1 > limit:
            return None
        return list(range(int(w.lo), int(w.hi) + 1))


def _max_lo(a: Interval, b: Interval) -> tuple[Fraction | None, bool]:
    if a.lo is None:
        return b.lo, b.lo_closed
    if b.lo is None:
        return a.lo, a.lo_closed
    if a.lo != b.lo:
        return (a.lo, a.lo_closed) if a.lo > b.lo else (b.lo, b.lo_closed)
    return a.lo, a.lo_closed and b.lo_closed


def _min_hi(a: Interval, b: Interval) -> tuple[Fraction | None, bool]:
    if a.hi is None:
        return b.hi, b.hi_closed
    if b.hi is None:
        return a.hi, a.hi_closed
    if a.hi != b.hi:
        return (a.hi, a.hi_closed) if a.hi < b.hi else (b.hi, b.hi_closed)
    return a.hi, a.hi_closed and b.hi_closed


def interval_of(low: Decimal | None, high: Decimal | None, *, whole: bool = False) -> Interval:
    """The interval ``[low, high)`` of a Figure; snapped to whole numbers for whole-number units.

    A degenerate ``low == high`` is read as the exact point.
    """
    lo = None if low is None else to_fraction(low)
    hi = None if high is None else to_fraction(high)
    if lo is not None and hi is not None and lo == hi:
        iv = Interval(lo, hi, True, True)
    else:
        iv = Interval(lo, hi, True, False)
    return iv.whole() if whole else iv


def decimals_of(step: Fraction) -> int:
    """Decimal places of a rounding step (0.01 -> 2, 1 -> 0, 10 -> 0)."""
    places = 0
    while step.denominator != 1 and places < 12:
        step *= 10
        places += 1
    return places


def accepted_values(center: Fraction, step: Fraction, modes: Iterable[str]) -> list[Interval]:
    """Every exact magnitude that prints as ``center`` at rounding ``step`` under one of ``modes``.

    half_up: [c - s/2, c + s/2); half_even: the same with both edges closed when the last kept digit
    is even and both open when it is odd; truncate: [c, c + s). Magnitudes are non-negative (the
    direction word carries the sign), so "half up" and "half away from zero" agree.
    """
    if step <= 0:
        return [Interval.point(center)]
    half = step / 2
    out: list[Interval] = []
    for mode in modes:
        if mode == "half_up":
            out.append(Interval(center - half, center + half, True, False))
        elif mode == "half_even":
            even = (center / step).numerator % 2 == 0 if (center / step).denominator == 1 else False
            out.append(Interval(center - half, center + half, even, even))
        elif mode == "truncate":
            out.append(Interval(center, center + step, True, False))
        else:
            raise ValueError(f"unknown rounding mode {mode!r}; expected one of {ROUNDING_MODES}")
    return out


def round_fraction(value: Fraction, places: int, mode: str = "half_up") -> Decimal:
    """Round an exact value to ``places`` decimals under a named mode."""
    quantum = Decimal(1).scaleb(-places)
    if mode == "truncate":
        scaled = math.floor(abs(value) * 10**places)
        sign = -1 if value < 0 else 1
        return (Decimal(sign * scaled) * quantum).quantize(quantum)
    scaled_exact = abs(value) * 10**places
    floor = math.floor(scaled_exact)
    frac = scaled_exact - floor
    if frac > Fraction(1, 2):
        rounded = floor + 1
    elif frac < Fraction(1, 2):
        rounded = floor
    elif mode == "half_even":
        rounded = floor if floor % 2 == 0 else floor + 1
    else:
        rounded = floor + 1
    sign = -1 if value < 0 else 1
    return (Decimal(sign * rounded) * quantum).quantize(quantum)


def format_decimal(value: Fraction | Decimal, places: int = 3) -> str:
    """A short human form: up to ``places`` decimals, trailing zeros dropped ("8.036", "412")."""
    frac = to_fraction(value)
    text = str(round_fraction(frac, places, "half_up"))
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _ratio(num: Fraction, den: Fraction) -> Fraction | None:
    return None if den == 0 else num / den


def ratio_range(current: Interval, delta: Interval, rising: bool) -> Interval | None:
    """Range of the percent change ``100 * d / base`` over the box of current and delta magnitudes.

    rising: base = current - d; falling: base = current + d. The percent increases with d and
    decreases with current, so its extremes are at the box's corners. None when a bound is missing
    or the base can reach zero or below (nothing sensible to compare).
    """
    if not (current.bounded and delta.bounded):
        return None
    assert current.lo is not None and current.hi is not None and delta.lo is not None and delta.hi is not None
    if current.is_empty() or delta.is_empty() or delta.lo < 0:
        return None

    def pct(c: Fraction, d: Fraction) -> Fraction | None:
        base = c - d if rising else c + d
        if base <= 0:
            return None
        return 100 * d / base

    lo = pct(current.hi, delta.lo)
    hi = pct(current.lo, delta.hi)
    if lo is None or hi is None:
        return None
    return Interval(lo, hi, current.hi_closed and delta.lo_closed, current.lo_closed and delta.hi_closed)


def pct_from_base(current: Fraction, base: Fraction) -> Fraction:
    """Signed percent change from ``base`` to ``current``."""
    return 100 * (current - base) / base


def _base_range(current: Interval, pct: Interval, rising: bool) -> Interval | None:
    """The bases b with ``current = b * (1 ± p/100)`` for current in ``current`` and p in ``pct``."""
    if not (current.bounded and pct.bounded):
        return None
    assert current.lo is not None and current.hi is not None and pct.lo is not None and pct.hi is not None
    sign = 1 if rising else -1

    def factor(p: Fraction) -> Fraction:
        return 1 + sign * p / 100

    f_lo, f_hi = factor(pct.lo), factor(pct.hi)
    if min(f_lo, f_hi) <= 0:
        return None
    # base = c / f: increasing in c, decreasing in f.
    big_f, big_f_closed = (f_hi, pct.hi_closed) if rising else (f_lo, pct.lo_closed)
    small_f, small_f_closed = (f_lo, pct.lo_closed) if rising else (f_hi, pct.hi_closed)
    return Interval(
        current.lo / big_f,
        current.hi / small_f,
        current.lo_closed and big_f_closed,
        current.hi_closed and small_f_closed,
    )


def grim_bases_exist(current: Interval, accepted: Sequence[Interval], rising: bool) -> bool:
    """GRIM-style test: is there a whole-number base that gives one of the accepted percents?

    ``current`` is the whole-number interval of the count now; the base is a whole number too.
    Unbounded inputs cannot be judged and count as "exists".
    """
    values = current.integers(limit=5000)
    if values is None:  # too many (or unbounded) counts to try one by one: the whole interval at once
        for acc in accepted:
            base = _base_range(current, acc, rising)
            if base is None:
                return True
            whole = base.whole()
            if whole.lo is not None and whole.hi is not None and whole.lo <= whole.hi and whole.hi >= 1:
                return True
        return False
    if not values:
        return False
    for acc in accepted:
        if acc.lo is None or acc.hi is None:
            return True
        sign = 1 if rising else -1
        f_lo, f_hi = 1 + sign * acc.lo / 100, 1 + sign * acc.hi / 100
        if min(f_lo, f_hi) <= 0:
            return True
        # For one count c the bases are [c / big_f, c / small_f] (as in _base_range, on a point):
        # integer arithmetic on numerators and denominators, no Fraction per count.
        big_f, big_closed = (f_hi, acc.hi_closed) if rising else (f_lo, acc.lo_closed)
        small_f, small_closed = (f_lo, acc.lo_closed) if rising else (f_hi, acc.hi_closed)
        big_n, big_d = big_f.numerator, big_f.denominator
        small_n, small_d = small_f.numerator, small_f.denominator
        for c in values:
            first, rest = divmod(c * big_d, big_n)  # the least whole base >= c / big_f
            if rest or not big_closed:
                first += 1
            last, rest = divmod(c * small_d, small_n)  # the greatest whole base <= c / small_f
            if not rest and not small_closed:
                last -= 1
            if first <= last and last >= 1:
                return True
    return False


def nearest_bases(current: Fraction, pct: Fraction, rising: bool) -> list[tuple[int, Fraction]]:
    """The whole bases either side of the exact base, with the signed percent each one gives."""
    factor = 1 + (pct if rising else -pct) / 100
    if factor <= 0:
        return []
    exact = current / factor
    out: list[tuple[int, Fraction]] = []
    for base in sorted({math.floor(exact), math.ceil(exact)}):
        if base >= 1:
            out.append((base, pct_from_base(current, Fraction(base))))
    return out


def exists_le(a: Interval, b: Interval) -> bool:
    """Is there x in a and y in b with x <= y?"""
    if a.is_empty() or b.is_empty():
        return True
    if a.lo is None or b.hi is None:
        return True
    if a.lo < b.hi:
        return True
    return a.lo == b.hi and a.lo_closed and b.hi_closed


def exists_lt(a: Interval, b: Interval) -> bool:
    """Is there x in a and y in b with x < y?"""
    if a.is_empty() or b.is_empty():
        return True
    if a.lo is None or b.hi is None:
        return True
    return a.lo < b.hi


def difference(a: Interval, b: Interval) -> Interval:
    """The set {x - y : x in a, y in b} (an interval; exact for whole-number intervals too)."""
    lo = None if a.lo is None or b.hi is None else a.lo - b.hi
    hi = None if a.hi is None or b.lo is None else a.hi - b.lo
    return Interval(lo, hi, a.lo_closed and b.hi_closed, a.hi_closed and b.lo_closed)
