"""rise_exceeds_total: a stated rise larger than the figure it rose to ("赤字1.35万亿元,比上年增加1.5万亿元").

Last year's value is the current figure minus the rise; for a quantity that cannot be negative (a
count, a length, an area, a stock of money) it is at least 0, so the rise is at most the current
figure. A change row with a rise and no percent is otherwise judged by no rule. Quantities that can
be negative (profits, balances, surpluses: lexicon ``signed_words``) and averages are not judged.
"""

from __future__ import annotations

import regex

from checks.claims.common import LEX, flag, text_of
from checks.claims.lexicon import alternation
from checks.intervals import exists_le
from checks.rules import Explanation, Rule, RuleOptions
from checks.rules.reading import INTERVAL_OPTIONS, Row, decide, effective_dir, interval_of, magnitude

_NON_NEGATIVE_KINDS = ("count", "money", "length", "area", "mass", "volume", "duration")
_SIGNED = regex.compile(alternation(LEX.signed_words))


def _judged(row: Row) -> bool:
    if text_of(row.get("source")) != "change" or flag(row.get("averaged")):
        return False
    if text_of(row.get("current_kind")) not in _NON_NEGATIVE_KINDS or not text_of(row.get("delta_text")):
        return False
    if text_of(row.get("delta_kind")) != text_of(row.get("current_kind")):
        return False
    return effective_dir(row, "delta") == "up" and not _SIGNED.search(text_of(row.get("label")))


def _rise(row: Row, options: RuleOptions) -> Explanation | None:
    if not _judged(row):
        return None
    current, delta = interval_of(row, "current", options), interval_of(row, "delta", options)
    if current is None or delta is None or exists_le(magnitude(delta), current):
        return None
    current_text, delta_text = text_of(row.get("current_text")), text_of(row.get("delta_text"))
    word = text_of(row.get("delta_word"))
    return Explanation(
        message=f"a rise of {delta_text} ({word}{delta_text}) cannot end at {current_text}: "
        "last year's value would be below 0",
        stated=f"{word}{delta_text}",
        expected=f"≤ {current_text}",
        message_zh=f"“{word}{delta_text}”不可能只达到{current_text}:上年数值将小于0",
    )


RULES = (
    Rule(
        id="rise_exceeds_total",
        table="changes",
        title_en="Rise larger than the figure it reached",
        title_zh="增量大于现值",
        description_en="A stated rise is larger than the figure it rose to, so the earlier value of a quantity "
        "that cannot be negative would be below zero.",
        description_zh="所述增加量大于增加后的数值，不可能为负的数量其上期数值将小于零。",
        default_severity="error",
        judge=decide(_rise),
        option_names=INTERVAL_OPTIONS,
    ),
)
