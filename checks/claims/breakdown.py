"""Breakdowns whose two parts are complements by their names: the parts add up to the whole.

"赤字规模3.6万亿元,其中中央财政赤字2.6万亿元,地方财政赤字1万亿元": central and local deficits are the
whole deficit, so 3.6万亿 − 2.6万亿 = 1万亿 must hold at the stated precision, and a part that falls
short is as wrong as one that exceeds. Only a 其中 list of exactly two parts whose labels are one pair of
complementary words (lexicon ``forms.complements``: 中央/地方, 出口/进口, 城镇/乡村 …) followed by the same
remainder ("中央财政赤字"/"地方财政赤字") is exhaustive; any other list only bounds its whole
(part_exceeds_whole). Rows go to the sums table (whole − first part = second part).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from itertools import groupby
from typing import Any

from checks.claims.common import RowMaker, Template, clean_label, figure_columns, same_unit
from checks.claims.lexicon import words
from checks.claims.share import PartLink


@cache
def complements() -> tuple[tuple[str, str], ...]:
    pairs = []
    for spec in words("forms", "complements"):
        a, b = (w.strip() for w in spec.split("|"))
        pairs += [(a, b), (b, a)]
    return tuple(pairs)


def complementary(first: str, second: str) -> bool:
    """The two labels are a pair of complements followed by one remainder ("中央财政赤字", "地方财政赤字")."""
    for a, b in complements():
        if first.startswith(a) and second.startswith(b) and first[len(a) :] == second[len(b) :]:
            return True
    return False


def build_complements(tpl: Template, rows: RowMaker, links: Sequence[PartLink]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for whole_pos, group in groupby(links, key=lambda link: link.whole_pos):
        parts = list(group)
        if len(parts) != 2:
            continue
        first, second = parts
        if not complementary(clean_label(first.label), clean_label(second.label)):
            continue
        whole, a, b = tpl.fig(whole_pos), tpl.fig(first.part_pos), tpl.fig(second.part_pos)
        if not (same_unit(whole, a) and same_unit(whole, b)):
            continue
        start, end = tpl.orig_span(tpl.clause_start(whole_pos), second.part_pos + 1)
        out.append(
            rows.row(
                "sum",
                start,
                end,
                [whole.text, a.text, b.text],
                source="breakdown",
                a_name=clean_label(whole.label or tpl.label_before(whole_pos)),
                b_name=clean_label(first.label),
                c_name=clean_label(second.label),
                **figure_columns("a", whole),
                **figure_columns("b", a),
                **figure_columns("c", b),
            )
        )
    return out
