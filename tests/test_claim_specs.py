"""The claim behaviour pinned as data: tests/specs/claims.yaml (in the manner of Recognizers-Text's Specs).

Each case is a sentence or a short article written for this project in the style of real news, with
every claim it must yield (``claims``, exactly; ``[]`` for "no claim") and the in-issue findings it
must raise (``findings``, default none). The real extractor and the real rule checks run on each.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from checks.claims.build import build_claims
from checks.documents import document_from_text
from checks.figures import extract_figures
from checks.rules import RULES, RuleOptions, load_builtin_rules

load_builtin_rules()

SPEC = Path(__file__).resolve().parent / "specs" / "claims.yaml"
CASES: list[dict[str, Any]] = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
ROLES = {
    "changes": ("current", "previous", "delta", "pct"),
    "parts": ("whole", "part"),
    "shares": ("whole", "whole2", "part", "part2", "pct"),
    "share_lists": (),
    "sums": ("a", "b", "c"),
    "repeats": ("first", "second"),
    "weekdays": ("date", "weekday"),
}


def summary(table: str, row: dict[str, Any]) -> str:
    """One claim as "table/kind figure figure …": the figures in their roles' order."""
    kind = str(row.get("source") or row.get("where") or table.rstrip("s"))
    texts = [str(row.get(f"{role}_text") or "") for role in ROLES[table]]
    if table == "share_lists":
        texts = [*row["parts_text"], *row["pcts_text"]]
    if table == "changes" and kind == "headline":
        texts = [str(row.get("headline_text") or ""), str(row.get("current_text") or "")]
    return f"{table}/{kind} " + " ".join(t for t in texts if t)


def outcome(text: str) -> tuple[list[str], list[str]]:
    """(claims, failing rule ids) of a text, each sorted."""
    doc = document_from_text("spec.txt", text)
    tables = build_claims(doc, extract_figures(doc, year=2022))
    claims = sorted(summary(name, row) for name, rows in tables.items() for row in rows)
    failing: list[str] = []
    for rule in RULES.values():
        rows = tables.get(rule.table)
        if not rows:
            continue
        verdicts = rule.check(pd.DataFrame(rows), RuleOptions())
        failing.extend(rule.id for ok in verdicts if not ok)
    return claims, sorted(failing)


def test_the_spec_is_large_enough_and_ids_unique() -> None:
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))
    assert len(CASES) >= 150
    assert sum(1 for c in CASES if not c["claims"]) >= 50


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_spec_case(case: dict[str, Any]) -> None:
    claims, failing = outcome(case["text"])
    assert claims == sorted(case["claims"])
    assert failing == sorted(case.get("findings", []))
