"""Table-driven extraction cases in the style of Recognizers-Text's spec files.

``tests/specs/figures.zh.json`` holds sentences written for this project in the style of Chinese
newspapers, each with every figure it must yield, in order, as [value, low, high, unit, kind, text]
(plus the ISO date or period where one is given); an empty list means the sentence yields nothing.
Sentences are read as of an issue dated 2023. One pytest case per spec case, named by its id and form.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from checks.documents import document_from_text
from checks.figures import extract_figures

SPEC = Path(__file__).resolve().parent / "specs" / "figures.zh.json"
CASES: list[dict[str, Any]] = json.loads(SPEC.read_text(encoding="utf-8"))


def _row(figure: Any, with_iso: bool) -> list[Any]:
    low = None if figure.low is None else str(figure.low)
    high = None if figure.high is None else str(figure.high)
    row = [str(figure.value), low, high, figure.unit, figure.kind, figure.text]
    return [*row, figure.iso] if with_iso else row


@pytest.mark.parametrize("case", CASES, ids=[f"{c['id']}-{c['form']}" for c in CASES])
def test_spec_case(case: dict[str, Any]) -> None:
    figures = extract_figures(document_from_text("spec.txt", case["input"]), year=2023)
    expected = case["figures"]
    got = [_row(f, i < len(expected) and len(expected[i]) == 7) for i, f in enumerate(figures)]
    assert got == expected


def test_the_spec_is_large_and_has_negatives() -> None:
    assert len(CASES) >= 300
    assert sum(1 for c in CASES if not c["figures"]) >= 60
    assert len({c["id"] for c in CASES}) == len(CASES)
