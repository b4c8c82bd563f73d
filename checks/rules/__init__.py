"""The rule registry: each rule declares its claim table, default severity and options, and one judge.

One module per rule family (``change``, ``parts``, ``shares``, ``rise``, ``repeats``, ``weekday`` in this package; the
cross-issue rules in ``checks.cross_issue``) declares a ``RULES`` tuple; ``FAMILIES`` names those
modules and ``load_builtin_rules`` registers them, explicitly, in that order.

A rule's ``judge`` reads one claim table (a pandas DataFrame whose rows are claims of one kind, with
``BASE_COLUMNS`` and the kind's typed columns, checks.claims.kinds) and returns its ``Verdicts``:
which rows hold and, for each row that does not, its ``Explanation``, computed in that same pass
from the values that decided it. A judge made by ``reading.decide`` from a row judge is a
``RowJudge``: ``checks.validate`` runs it over the claim rows themselves, with no DataFrame.
``checks.validate`` hands the verdicts to Great Expectations (one
expectation per rule) and turns the rows GX reports as unexpected into findings with those
explanations; nothing is computed again afterwards.

Defaults live on the rule (``default_severity``, ``options``); a rule suite (expectations/*.yml)
only overrides them, and may set only the options a rule declares in ``option_names``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from checks.findings import Related
from checks.units import WHOLE_UNITS

if TYPE_CHECKING:  # pandas costs ~0.4 s to import; `checkfacts rules` and the config loader never need it
    import pandas as pd

BASE_COLUMNS = ("claim_id", "path", "line", "start", "end", "excerpt", "highlights")

# Units that can only hold whole values ("1.5起" cannot happen): whole-ness is an attribute of the
# unit in checks.units' lexicon table; money is not one of them.
DEFAULT_WHOLE_UNITS: tuple[str, ...] = tuple(sorted(WHOLE_UNITS))

# The modules that declare rules, one per family, registered in this order (the report's rule order).
FAMILIES = (
    "checks.cross_issue",
    "checks.rules.change",
    "checks.rules.parts",
    "checks.rules.shares",
    "checks.rules.rise",
    "checks.rules.repeats",
    "checks.rules.weekday",
)


@dataclass(frozen=True)
class RuleOptions:
    """A rule's options: its declared defaults (``Rule.options``) with the suite's overrides applied."""

    rounding: tuple[str, ...] = ("half_up", "half_even")  # also: "truncate"
    whole_units: tuple[str, ...] = DEFAULT_WHOLE_UNITS
    transient_roles: tuple[str, ...] = ()  # contact_changed: roles whose holder changes by design
    constant_identifiers: tuple[str, ...] = ()  # masthead_mismatch: identifiers that never change

    def overridden(self, changes: Mapping[str, tuple[str, ...]]) -> RuleOptions:
        """These options with the named ones replaced (the suite's overrides)."""
        return RuleOptions(**{f.name: changes.get(f.name, getattr(self, f.name)) for f in fields(self)})


OPTION_NAMES = tuple(f.name for f in fields(RuleOptions))

# What each option means, for `checkfacts explain` and the SARIF help (the default is read from the rule).
OPTION_HELP = {
    "rounding": "rounding modes the newsroom uses: half_up, half_even, truncate",
    "whole_units": "units counted in whole numbers",
    "transient_roles": "role words whose holder changes by design (a new name there is no finding)",
    "constant_identifiers": "identifiers that must be the same in every issue",
}


@dataclass(frozen=True)
class Explanation:
    """What a failing row tells the reader: the finding's message and its parts."""

    message: str
    stated: str | None = None
    expected: str | None = None
    related: tuple[Related, ...] = ()
    message_zh: str = ""  # the same message for Chinese readers (the HTML report in --lang zh)


@dataclass(frozen=True)
class Verdicts:
    """One rule over one table: ``ok`` per row (True: consistent or not judgeable), aligned with the
    table's index, and the explanation of every failing row by that index label."""

    ok: pd.Series[bool]
    explanations: Mapping[Any, Explanation] = field(default_factory=dict)


# (table, options, rows whose failures become findings or None for all) -> verdicts. A judge may skip
# explaining a failing row outside that mask (the gate's comparison rows); it must still decide it.
JudgeFn = Callable[["pd.DataFrame", RuleOptions, "pd.Series[bool] | None"], Verdicts]

# One claim row (a plain mapping, column name -> value) -> None where it holds or cannot be judged,
# else its explanation.
RowJudgeFn = Callable[[Mapping[str, Any], RuleOptions], "Explanation | None"]


class RowJudge:
    """A table judge made of a row judge (``checks.rules.reading.decide``).

    As a ``JudgeFn`` it reads a DataFrame; ``checks.validate`` calls ``over`` on the claim rows
    themselves instead, so a table whose rules all judge row by row is never turned into a DataFrame
    and back into records (that round trip was most of validation's time)."""

    def __init__(self, row: RowJudgeFn) -> None:
        self.row = row
        self.__doc__ = row.__doc__

    def over(
        self, rows: Sequence[Mapping[str, Any]], options: RuleOptions
    ) -> tuple[list[bool], dict[int, Explanation]]:
        """Per row, whether it holds; and the explanation of every failing row, by position."""
        ok: list[bool] = []
        explanations: dict[int, Explanation] = {}
        judge = self.row
        for position, row in enumerate(rows):
            explanation = judge(row, options)
            ok.append(explanation is None)
            if explanation is not None:
                explanations[position] = explanation
        return ok, explanations

    def __call__(self, df: pd.DataFrame, options: RuleOptions, wanted: pd.Series[bool] | None) -> Verdicts:
        import pandas as pd

        records = [{str(k): v for k, v in record.items()} for record in df.to_dict("records")]
        ok, by_position = self.over(records, options)
        labels = list(df.index)
        return Verdicts(pd.Series(ok, index=df.index, dtype=bool), {labels[p]: e for p, e in by_position.items()})


@dataclass(frozen=True)
class Rule:
    """A declared rule: its claim table, titles, default severity and options, and its judge."""

    id: str
    table: str
    title_en: str
    title_zh: str
    description_en: str
    description_zh: str
    default_severity: str
    judge: JudgeFn
    options: RuleOptions = RuleOptions()  # the defaults; a suite overrides only what it names
    option_names: tuple[str, ...] = ()  # the options this rule reads; a suite may set only these

    def check(self, df: pd.DataFrame, options: RuleOptions | None = None) -> pd.Series[bool]:
        """Only the verdicts (True where the row holds), under the given options or the defaults."""
        return self.judge(df, self.options if options is None else options, None).ok

    def verdicts(self, df: pd.DataFrame, options: RuleOptions | None = None) -> Verdicts:
        """The verdicts and explanations of every row, under the given options or the defaults."""
        return self.judge(df, self.options if options is None else options, None)


RULES: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    """Add a rule to the registry; a duplicate id or a bad declaration is a programming error."""
    if rule.id in RULES:
        raise ValueError(f"rule {rule.id!r} is registered twice")
    if rule.default_severity not in ("error", "warning", "info"):
        raise ValueError(f"rule {rule.id!r}: bad default severity {rule.default_severity!r}")
    unknown = [name for name in rule.option_names if name not in OPTION_NAMES]
    if unknown:
        raise ValueError(f"rule {rule.id!r}: unknown option names {unknown} (known: {', '.join(OPTION_NAMES)})")
    RULES[rule.id] = rule
    return rule


def load_builtin_rules() -> dict[str, Rule]:
    """Register the rules of every module in ``FAMILIES`` (idempotent)."""
    for name in FAMILIES:
        for rule in getattr(importlib.import_module(name), "RULES", ()):
            if rule.id not in RULES:
                register(rule)
    return RULES


def shown_default(rule: Rule, name: str) -> str:
    """One option's default as ``checkfacts explain`` prints it."""
    value = getattr(rule.options, name)
    return ", ".join(value) if value else "none"
