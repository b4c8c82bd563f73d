"""The GX engine: rules run as expectations, failing rows become findings, rule crashes surface."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd
import pytest

from checks.config import RuleSetting, RuleSuite
from checks.rules import RULES, Explanation, Rule, RuleOptions, Verdicts, register
from checks.validate import RuleExecutionError, validate_tables


def _below_ten(df: pd.DataFrame, options: RuleOptions, wanted: pd.Series | None) -> Verdicts:
    ok = df["value"].map(lambda v: v < Decimal(10)).astype(bool)
    return Verdicts(ok, {i: _explain(df.at[i, "value"]) for i in df.index[~ok]})


def _explain(value: Any) -> Explanation:
    return Explanation(f"{value} is not below 10", stated=str(value), expected="< 10")


def _crash(df: pd.DataFrame, options: RuleOptions, wanted: pd.Series | None) -> Verdicts:
    raise ZeroDivisionError("rule bug")


def _unexplained(df: pd.DataFrame, options: RuleOptions, wanted: pd.Series | None) -> Verdicts:
    return Verdicts(df["value"].map(lambda v: v < Decimal(10)).astype(bool))


@pytest.fixture(scope="module", autouse=True)
def toy_rules() -> Any:
    register(Rule("test_below_ten", "toy", "t", "t", "d", "d", "error", _below_ten))
    register(Rule("test_crash", "toy", "t", "t", "d", "d", "error", _crash))
    register(Rule("test_unexplained", "toy", "t", "t", "d", "d", "error", _unexplained))
    yield
    RULES.pop("test_below_ten")
    RULES.pop("test_crash")
    RULES.pop("test_unexplained")


def _rows(values: list[int]) -> list[dict[str, Any]]:
    return [
        {
            "claim_id": f"c{i}",
            "path": "x.txt",
            "line": i + 1,
            "start": i,
            "end": i + 1,
            "excerpt": f"值{v}",
            "highlights": (str(v),),
            "value": Decimal(v),
        }
        for i, v in enumerate(values)
    ]


def _suite(*rule_ids: str, severity: str = "warning") -> RuleSuite:
    return RuleSuite(rules={r: RuleSetting(r, True, severity, RuleOptions(), "t") for r in rule_ids})


def test_failing_rows_become_findings_with_their_place() -> None:
    outcome = validate_tables({"toy": _rows([3, 12, 9, 40])}, _suite("test_below_ten"))
    assert [(f.line, f.stated, f.severity) for f in outcome.findings] == [(2, "12", "warning"), (4, "40", "warning")]
    assert outcome.findings[0].message == "12 is not below 10"
    assert outcome.claims_checked == 4


def test_clean_table_gives_no_findings() -> None:
    assert validate_tables({"toy": _rows([1, 2])}, _suite("test_below_ten")).findings == []


def test_disabled_rule_does_not_run() -> None:
    suite = RuleSuite(rules={"test_below_ten": RuleSetting("test_below_ten", False, "error", RuleOptions(), "t")})
    assert validate_tables({"toy": _rows([99])}, suite).findings == []


def test_a_crashing_rule_is_an_error_not_a_finding() -> None:
    with pytest.raises(RuleExecutionError, match=r"test_crash.*rule bug"):
        validate_tables({"toy": _rows([1])}, _suite("test_crash"))


def test_a_failing_row_the_rule_did_not_explain_is_an_error() -> None:
    with pytest.raises(RuleExecutionError, match=r"test_unexplained.*without explaining"):
        validate_tables({"toy": _rows([1, 12])}, _suite("test_unexplained"))
    assert validate_tables({"toy": _rows([1, 2])}, _suite("test_unexplained")).findings == []


def test_each_rule_judges_its_table_once_and_its_explanations_are_the_findings() -> None:
    calls: list[int] = []
    made: dict[Any, Explanation] = {}

    def counted(df: pd.DataFrame, options: RuleOptions, wanted: pd.Series | None) -> Verdicts:
        calls.append(len(df))
        verdicts = _below_ten(df, options, wanted)
        made.update(verdicts.explanations)
        return verdicts

    register(Rule("test_counted", "toy", "t", "t", "d", "d", "error", counted))
    try:
        outcome = validate_tables({"toy": _rows([3, 12, 9, 40])}, _suite("test_counted"))
    finally:
        RULES.pop("test_counted")
    assert calls == [4]  # one pass over the whole table decides and explains; nothing runs afterwards
    assert [f.message for f in outcome.findings] == [made[1].message, made[3].message]
    assert [f.expected for f in outcome.findings] == ["< 10", "< 10"]
