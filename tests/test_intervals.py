"""Exact interval arithmetic: rounding modes, edges, GRIM bases."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction as F

import pytest

from checks.intervals import (
    Interval,
    _base_range,
    accepted_values,
    decimals_of,
    difference,
    exists_le,
    exists_lt,
    grim_bases_exist,
    interval_of,
    nearest_bases,
    round_fraction,
)

HALF = ("half_up", "half_even")


def _accepts(value: F, center: F, step: F, modes: tuple[str, ...]) -> bool:
    return any(iv.contains(value) for iv in accepted_values(center, step, modes))


@pytest.mark.parametrize(
    ("value", "mode", "expected"),
    [
        (F(8035, 1000), "half_up", "8.04"),
        (F(8045, 1000), "half_up", "8.05"),
        (F(8045, 1000), "half_even", "8.04"),
        (F(8035, 1000), "half_even", "8.04"),
        (F(8049, 1000), "truncate", "8.04"),
        (F(-8049, 1000), "truncate", "-8.04"),
        (F(1, 3), "half_up", "0.33"),
    ],
)
def test_round_fraction(value: F, mode: str, expected: str) -> None:
    assert str(round_fraction(value, 2, mode)) == expected


def test_accepted_edges_8_04() -> None:
    c, s = F(804, 100), F(1, 100)
    assert _accepts(F(8035, 1000), c, s, ("half_up",))
    assert not _accepts(F(8045, 1000), c, s, ("half_up",))
    assert _accepts(F(8045, 1000), c, s, ("half_even",))  # 4 is even: 8.045 -> 8.04
    assert not _accepts(F(8049, 1000), c, s, HALF)
    assert _accepts(F(8049, 1000), c, s, ("truncate",))
    assert not _accepts(F(8034, 1000), c, s, (*HALF, "truncate"))


def test_half_even_odd_digit_excludes_both_edges() -> None:
    c, s = F(803, 100), F(1, 100)  # 8.03: 3 is odd
    assert not _accepts(F(8025, 1000), c, s, ("half_even",))
    assert not _accepts(F(8035, 1000), c, s, ("half_even",))
    assert _accepts(F(8025, 1000), c, s, ("half_up",))


def test_unknown_mode_fails_loudly() -> None:
    with pytest.raises(ValueError, match="unknown rounding mode"):
        accepted_values(F(1), F(1), ("bankers",))


def test_whole_snapping_and_intervals() -> None:
    assert interval_of(None, None).bounded is False
    count = interval_of(Decimal("411.5"), Decimal("412.5"), whole=True)
    assert (count.lo, count.hi) == (F(412), F(412))
    wide = Interval(F(27500), F(28500)).whole()
    assert (wide.lo, wide.hi) == (F(27500), F(28499))
    assert Interval(F(1, 2), F(2, 3)).whole().is_empty()
    assert decimals_of(F(1, 100)) == 2 and decimals_of(F(1)) == 0


def test_grim_500_13_3() -> None:
    acc = accepted_values(F(133, 10), F(1, 10), HALF)
    assert not grim_bases_exist(Interval.point(500), acc, rising=True)
    bases = nearest_bases(F(500), F(133, 10), rising=True)
    assert [b for b, _ in bases] == [441, 442]
    assert str(round_fraction(bases[0][1], 2)) == "13.38"
    assert str(round_fraction(bases[1][1], 2)) == "13.12"


def test_grim_seed_like_values() -> None:
    assert grim_bases_exist(Interval.point(862), accepted_values(F(1023, 100), F(1, 100), HALF), rising=True)
    assert grim_bases_exist(Interval.point(911), accepted_values(F(225, 100), F(1, 100), HALF), rising=False)
    assert not grim_bases_exist(Interval.point(6909), accepted_values(F(6311, 100), F(1, 100), HALF), rising=True)
    # a wide count ("2.8万") always has some whole base
    assert grim_bases_exist(Interval(F(27500), F(28499), True, True), accepted_values(F(136), F(1), HALF), True)
    # an unbounded count cannot be judged
    assert grim_bases_exist(Interval(F(200000), None), accepted_values(F(133, 10), F(1, 10), HALF), True)


def _grim_by_definition(current: Interval, accepted: list[Interval], rising: bool) -> bool:
    """The GRIM question asked the slow way: for each whole count, the Interval of bases it allows."""
    counts = current.integers(limit=5000)
    assert counts is not None
    for count in counts:
        for acc in accepted:
            bases = _base_range(Interval.point(count), acc, rising)
            if bases is None:
                return True
            whole = bases.whole()
            assert whole.lo is not None and whole.hi is not None
            if whole.lo <= whole.hi and whole.hi >= 1:
                return True
    return False


def test_grim_integer_search_agrees_with_the_definition() -> None:
    """The per-count loop runs on numerators and denominators; it must answer as the Interval form does."""
    import random

    rng = random.Random(13)
    for _ in range(3000):
        low = rng.randint(-3, 3000)
        current = Interval(F(low), F(low + rng.choice([0, 0, 1, 7, 60])), True, True)
        rising = rng.random() < 0.5
        accepted = [
            iv
            for _ in range(rng.randint(1, 3))
            for iv in accepted_values(
                F(rng.randint(0, 15000), rng.choice([10, 100])), F(1, rng.choice([1, 10, 100])), HALF
            )
        ]
        # A percent edge that a whole base hits exactly, open or closed: where the edge cases live.
        count, base = low + 1, rng.randint(1, 4000)
        edge = abs(100 * F(count - base, base))
        if (count > base) == rising or count == base:
            width = F(1, rng.choice([10, 100]))
            lo, hi = (edge, edge + width) if rng.random() < 0.5 else (edge - width, edge)
            accepted.append(Interval(lo, hi, rng.random() < 0.5, rng.random() < 0.5))
        assert grim_bases_exist(current, accepted, rising) == _grim_by_definition(current, accepted, rising)


def test_order_and_difference() -> None:
    part, whole = Interval.point(1918), Interval.point(9129)
    assert exists_le(part, whole) and not exists_le(whole, part)
    assert exists_le(Interval(F(9129), None), whole)  # "9129余" can still be 9129
    assert not exists_le(Interval(F(9130), None), whole)
    assert not exists_lt(Interval.point(5), Interval.point(5))
    assert difference(Interval.point(10), Interval.point(7)).contains(3)
    assert not difference(Interval.point(10), Interval.point(7)).contains(4)
