"""Numerals and their precision intervals, directly (the extractor tests cover them in context)."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from checks.numbers import MULTIPLIERS, Number, bounded, parse_arabic, parse_chinese

D = Decimal


@pytest.mark.parametrize(
    ("digits", "multiplier", "low", "high"),
    [
        ("8.04", "", "8.035", "8.045"),
        ("412", "", "411.5", "412.5"),
        ("2.8", "万", "27500", "28500"),
        ("1.97", "万", "19650", "19750"),
        ("1,286", "", "1285.5", "1286.5"),
        ("5.30", "亿", "529500000", "530500000"),  # a printed trailing zero is precision too
    ],
)
def test_arabic_interval_is_half_a_step_of_the_last_printed_digit(
    digits: str, multiplier: str, low: str, high: str
) -> None:
    number = parse_arabic(digits, MULTIPLIERS.get(multiplier, D(1)))
    assert (number.low, number.high) == (D(low), D(high))
    assert number.low is not None and number.high is not None
    assert number.low <= number.value < number.high


def test_bound_words() -> None:
    base = Number(D(20), D("19.5"), D("20.5"))
    assert bounded(base, "余") == Number(D(20), D(20), None, True)
    assert bounded(base, "近") == Number(D(20), None, D(20), True)
    assert bounded(base, "约") == Number(D(20), None, None, True)
    assert bounded(base, "") == base


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("十五", "14.5", "15.5"),
        ("三百", "299.5", "300.5"),
        ("两万", "15000", "25000"),  # like 2万
        ("十五万", "145000", "155000"),  # like 15万
        ("两万三千", "22500", "23500"),  # like 2.3万
        ("两万零五", "20004.5", "20005.5"),
        ("十几", "11", "20"),
        ("几十", "20", "100"),
    ],
)
def test_chinese_numerals(text: str, low: str, high: str) -> None:
    number = parse_chinese(text)
    assert number is not None and (number.low, number.high) == (D(low), D(high))


def test_not_numerals() -> None:
    assert parse_chinese("几") is None
    assert parse_chinese("亿万") is None


def test_extract_does_not_import_great_expectations() -> None:
    probe = (
        "import sys; from typer.testing import CliRunner; from checks.cli import app; "
        "result = CliRunner().invoke(app, ['extract', 'seeds']); "
        "assert result.exit_code == 0, result.output; print('great_expectations' in sys.modules)"
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=root)
    assert done.stdout.strip() == "False"
