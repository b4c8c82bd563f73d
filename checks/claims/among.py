"""A count of items and how many of them have a property: "在36只债券基金当中,收益超过5%的有21只".

"N X 当中/之中/中, … M" names M of the N items (the same unit, right after the group's noun), so M
cannot exceed N: one part row. Only a single part (two properties of one group may overlap: 涨幅超过
10%的…, 超过20%的…), only a plain whole (not a change or a lower bound) and only a part that is no
change itself ("…中,比上年增加5个").
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import regex

from checks.claims.common import (
    COUNT,
    DIR_ANY,
    DIR_RATE,
    FIGURE_CHARS,
    PCT,
    RowMaker,
    Template,
    figure_columns,
    is_plain_amount,
    same_unit,
)

_TEXT = rf"[^,，。;；:：\n{FIGURE_CHARS}]"
_AMONG = regex.compile(
    rf"(?P<whole>[{COUNT}])(?P<noun>[\p{{Han}}“”]{{1,12}}?)(?:当中|之中|中)[,，]"
    rf"(?P<label>{_TEXT}{{0,25}}?(?:{PCT}{_TEXT}{{0,12}}?)?)(?:多达|达到|达|有|为|共|仅)?(?P<part>[{COUNT}])"
    rf"(?=$|[^{FIGURE_CHARS}])"
)
# The part is itself a change of the count ("…中,比上年增加5个", "…中,上升到12个").
_CHANGE_BEFORE = regex.compile(rf"(?:{DIR_ANY}|{DIR_RATE})(?:了|到|至)?$|比|较")


def build_among(tpl: Template, rows: RowMaker) -> list[dict[str, Any]]:
    """One part row per "N items 当中, M of them" statement."""
    out: list[dict[str, Any]] = []
    for m in _AMONG.finditer(tpl.text):
        whole_pos, part_pos = m.start("whole"), m.start("part")
        whole, part = tpl.fig(whole_pos), tpl.fig(part_pos)
        if not same_unit(whole, part) or whole.unit != part.unit or whole.high is None:
            continue  # another unit, or a whole stated only as a lower bound (300余只 …)
        if not is_plain_amount(tpl, whole_pos) or _CHANGE_BEFORE.search(m.group("label")):
            continue
        if m.group("label").startswith("其中"):
            continue  # "全县有12所高中,其中3所…" is the 其中 builder's
        start, end = tpl.orig_span(tpl.clause_start(whole_pos), m.end())
        out.append(
            rows.row(
                "part",
                start,
                end,
                [whole.text, part.text],
                whole_label=m.group("noun"),
                part_label=m.group("label"),
                siblings_low=Decimal(0),
                siblings_text="",
                **figure_columns("whole", whole),
                **figure_columns("part", part),
            )
        )
    return out
