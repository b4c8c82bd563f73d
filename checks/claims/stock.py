"""Additions and the stock they bring it to: "新增省级专精特新企业120家、总数达到860家", "净增6.2万户、达到98万户",
"分别新增28家和12家,累计分别达到310家和96家", "新增公园35个、全市公园总数达到860个".

What was added in the period is a part of the total it reached, so the addition cannot exceed the total:
one parts row per addition. Only when nothing but a total word (累计, 总数, 总量 …) stands between the
addition and 达/达到, so the total is the same quantity's ("新增高标准农田80万亩、高效节水灌溉面积达到
120万亩" is two quantities). A total stated only as a lower bound (突破300万户) can never be exceeded
and forms no claim.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import regex

from checks.claims.common import (
    COUNT,
    FIGURE_CHARS,
    LEX,
    MEASURE,
    RowMaker,
    Template,
    figure_columns,
    same_unit,
)
from checks.claims.lexicon import alternation

_AMOUNT = f"[{COUNT}{MEASURE}]"
_ADDED = alternation(LEX.addition_words)
_TOTAL = alternation(LEX.stock_words)
_SCOPE = alternation(tuple(LEX.scope_whole))
_STOCK = regex.compile(
    rf"(?P<verb>{_ADDED})(?P<label>[^,，。;；:：\n{FIGURE_CHARS}]{{0,16}}?)"
    rf"(?P<adds>{_AMOUNT}(?:[、和与及]{_AMOUNT})*)(?P<tail>[^,，。;；:：\n{FIGURE_CHARS}]{{0,16}}?)"
    rf"[,，、](?:(?P<scope>{_SCOPE})?(?P<echo>[^,，。;；:：\n{FIGURE_CHARS}]{{0,6}}?)(?=总))?"
    rf"(?P<total>{_TOTAL})?(?P<each>分别)?(?P<reach>达到|达|增至|增加到|提高到)?(?:近|约)?"
    rf"(?P<totals>{_AMOUNT}(?:[、和与及]{_AMOUNT})*)"
)


def build_stock(tpl: Template, rows: RowMaker) -> list[dict[str, Any]]:
    """One part row (addition within total) per addition tied to its total."""
    out: list[dict[str, Any]] = []
    for m in _STOCK.finditer(tpl.text):
        adds = tpl.positions_in(m.start("adds"), m.end("adds"))
        totals = tpl.positions_in(m.start("totals"), m.end("totals"))
        echo = m.group("echo") or ""
        if echo and echo not in f"{m.group('label')}{m.group('tail')}":
            continue  # "新增…、全市公园总数达…" echoes the addition's noun; another noun is another quantity
        if not (m.group("total") or m.group("reach")):
            continue  # "新增…80万亩、高效…120万亩": neither a total word nor 达 ties the second figure
        if len(adds) != len(totals) or (len(adds) > 1 and not m.group("each")):
            continue  # "新增28家和12家,累计分别达到310家和96家" pairs in order; anything else is unclear
        pairs = [(tpl.fig(a), tpl.fig(t)) for a, t in zip(adds, totals, strict=True)]
        if not all(same_unit(a, t) for a, t in pairs):
            continue
        if any(t.high is None or a.unit in LEX.rank_class_units for a, t in pairs):
            continue  # a total that is only a lower bound can never be exceeded; ranks are not stocks
        start, end = tpl.orig_span(m.start(), m.end())
        whole_label = f"{m.group('total') or ''}{m.group('reach') or ''}"
        part_label = f"{m.group('verb')}{m.group('label')}{m.group('tail')}"
        for added, total in pairs:
            out.append(
                rows.row(
                    "part",
                    start,
                    end,
                    [added.text, total.text],
                    whole_label=whole_label,
                    part_label=part_label,
                    siblings_low=Decimal(0),
                    siblings_text="",
                    **figure_columns("whole", total),
                    **figure_columns("part", added),
                )
            )
    return out
