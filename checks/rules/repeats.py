"""figure_mismatch: one quantity stated twice in an article with values that cannot both hold."""

from __future__ import annotations

from checks.claims.common import text_of
from checks.findings import Related
from checks.rules import Explanation, Rule, RuleOptions
from checks.rules.reading import INTERVAL_OPTIONS, Row, approx_of, decide, interval_of

_WHERE_EN = {"headline": "the headline", "subhead": "the sub-headline", "summary": "the summary line"}
_WHERE_ZH = {"headline": "标题", "subhead": "小标题", "summary": "提要"}


def _repeat(row: Row, options: RuleOptions) -> Explanation | None:
    """Both statements can hold when their ranges meet. A bound ("超5%", "近500家") is the range it leaves
    open and "约…" leaves everything open (the claim builder gives each the range it stands for); lead
    and body totals stay exact-only."""
    kind = text_of(row.get("where"))
    if kind == "body" and (approx_of(row, "first") or approx_of(row, "second")):
        return None
    first, second = interval_of(row, "first", options), interval_of(row, "second", options)
    if first is None or second is None or first.intersects(second):
        return None
    where = _WHERE_EN.get(kind)
    label = text_of(row.get("label"))
    first_text, second_text = text_of(row.get("first_text")), text_of(row.get("second_text"))
    place = f"in {where} (line {row.get('line')})" if where else "here"
    body = "in the body it heads" if where else "in this article's body"
    message = (
        f"{label} is stated as {first_text} {place} and as {second_text} "
        f"{body} (line {row.get('second_line')}); the two cannot both hold"
    )
    message_zh = (
        f"{label}在{_WHERE_ZH.get(kind, '此处')}为{first_text},在正文第{row.get('second_line')}行为{second_text},"
        "两者不能同时成立"
    )
    related = (
        Related(
            path=text_of(row.get("path")),
            line=int(row.get("second_line") or 1),
            excerpt=text_of(row.get("second_excerpt")),
            highlights=(second_text,),
        ),
    )
    return Explanation(message=message, stated=first_text, expected=second_text, related=related, message_zh=message_zh)


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
        judge=decide(_repeat),
        option_names=INTERVAL_OPTIONS,
    ),
)
