"""The rule registry: each rule is a pure, vectorizable check over one claim table plus an explainer.

The in-issue rules live one family per module of this package (``change``, ``parts``, ``repeats``,
``weekday``), each declaring a ``RULES`` tuple; ``load_builtin_rules`` registers them explicitly.

Rules know nothing about Great Expectations; ``checks.validate`` turns each enabled rule into a GX
expectation over its claim table and turns the failing rows back into findings with ``explain``.

A claim table is a pandas DataFrame whose rows are claims of one kind. Every table has the columns
in ``BASE_COLUMNS``; the other columns are the claim kind's own (Decimals are kept as ``Decimal``
objects in object columns so no precision is lost).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from checks.findings import Related
from checks.units import WHOLE_UNITS

if TYPE_CHECKING:  # pandas costs ~0.4 s to import; `checkfacts rules` and the config loader never need it
    import pandas as pd

BASE_COLUMNS = ("claim_id", "path", "line", "start", "end", "excerpt", "highlights")

# Units that can only hold whole values ("1.5起" cannot happen): whole-ness is an attribute of the
# unit in checks.units' lexicon table; money is not one of them.
DEFAULT_WHOLE_UNITS: tuple[str, ...] = tuple(sorted(WHOLE_UNITS))


@dataclass(frozen=True)
class RuleOptions:
    """Options a rule suite declares for a rule (expectations/*.yml)."""

    rounding: tuple[str, ...] = ("half_up", "half_even")  # also: "truncate"
    whole_units: tuple[str, ...] = DEFAULT_WHOLE_UNITS
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Explanation:
    """What a failing row tells the reader: the finding's message and its parts."""

    message: str
    stated: str | None = None
    expected: str | None = None
    related: tuple[Related, ...] = ()
    message_zh: str = ""  # the same message for Chinese readers (the HTML report in --lang zh)


CheckFn = Callable[["pd.DataFrame", RuleOptions], "pd.Series[bool]"]
ExplainFn = Callable[[Mapping[str, Any], "pd.DataFrame", RuleOptions], Explanation]


@dataclass(frozen=True)
class Rule:
    """A declared rule: which claim table it reads, how to check a row, how to explain a failure."""

    id: str
    table: str
    title_en: str
    title_zh: str
    description_en: str
    description_zh: str
    default_severity: str
    check: CheckFn  # True where the row is consistent (or cannot be judged)
    explain: ExplainFn


RULES: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    """Add a rule to the registry; a duplicate id is a programming error and fails loudly."""
    if rule.id in RULES:
        raise ValueError(f"rule {rule.id!r} is registered twice")
    if rule.default_severity not in ("error", "warning", "info"):
        raise ValueError(f"rule {rule.id!r}: bad default severity {rule.default_severity!r}")
    RULES[rule.id] = rule
    return rule


def load_builtin_rules() -> dict[str, Rule]:
    """Register the built-in rules: each module of this package that declares ``RULES`` (one module per
    rule family: change, parts, repeats, weekday), then the cross-issue rules. Idempotent."""
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for rule in getattr(module, "RULES", ()):
            if rule.id not in RULES:
                register(rule)
    import checks.cross_issue  # noqa: F401  (registers the cross-issue rules on import)

    return RULES
