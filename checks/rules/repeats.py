"""figure_mismatch: one quantity stated twice in an article with values that cannot both hold."""

from __future__ import annotations

import pandas as pd

from checks.claims.common import text_of
from checks.findings import Related
from checks.rules import Explanation, Rule, RuleOptions
from checks.rules.reading import (
    Row,
    approx_of,
    check,
    interval_of,
)


def _repeat_ok(row: Row, options: RuleOptions) -> bool:
    if approx_of(row, "first") or approx_of(row, "second"):
        return True
    first, second = interval_of(row, "first", options), interval_of(row, "second", options)
    if first is None or second is None:
        return True
    return first.intersects(second)


def _explain_repeat(row: Row, df: pd.DataFrame, options: RuleOptions) -> Explanation:
    headline = text_of(row.get("where")) == "headline"
    where = "the headline" if headline else "this article"
    label = text_of(row.get("label"))
    first, second = text_of(row.get("first_text")), text_of(row.get("second_text"))
    message = (
        f"{label} is stated as {first} here and as {second} "
        f"in {where}'s body (line {row.get('second_line')}); the two cannot both hold"
    )
    message_zh = (
        f"{label}在{'标题' if headline else '此处'}为{first},在正文第{row.get('second_line')}行为{second},"
        "两者不能同时成立"
    )
    related = (
        Related(
            path=text_of(row.get("path")),
            line=int(row.get("second_line") or 1),
            excerpt=text_of(row.get("second_excerpt")),
            highlights=(text_of(row.get("second_text")),),
        ),
    )
    return Explanation(
        message=message,
        stated=text_of(row.get("first_text")),
        expected=text_of(row.get("second_text")),
        related=related,
        message_zh=message_zh,
    )


RULES = (
    Rule(
        id="figure_mismatch",
        table="repeats",
        title_en="Same figure stated with different values",
        title_zh="同一数据前后不一致",
        description_en="The same labelled figure is stated twice in one issue (headline and body, or twice in an "
        "article) with values that cannot both hold.",
        description_zh="同一期中同一指标两次出现（标题与正文，或同一文章内）且数值互相矛盾。",
        default_severity="error",
        check=check(_repeat_ok),
        explain=_explain_repeat,
    ),
)
