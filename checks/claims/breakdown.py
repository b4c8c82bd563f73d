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

from checks.claims.common import RowMaker, Template, clean_label, figure_columns, names_average_or_rate, same_unit
from checks.claims.lexicon import words
from checks.claims.share import PartLink


@cache
def complements() -> tuple[tuple[str, str, str], ...]:
    """(first, second, whole word) of every pair, both ways round; the whole word ("a|b @ w") is "" when
    the pair makes up any whole it is listed under, else a word the whole's label must contain."""
    pairs = []
    for spec in words("forms", "complements"):
        pair, _, whole = spec.partition("@")
        a, b = (w.strip() for w in pair.split("|"))
        pairs += [(a, b, whole.strip()), (b, a, whole.strip())]
    return tuple(pairs)


def complementary(first: str, second: str, whole_label: str | None = None) -> bool:
    """The two labels are a pair of complements followed by one remainder ("中央财政赤字", "地方财政赤字").
    With ``whole_label``, only a pair that makes up that whole (批准逮捕/不捕 only of 审结, not of 受理)."""
    for a, b, whole in complements():
        same_rest = first.startswith(a) and second.startswith(b) and first[len(a) :] == second[len(b) :]
        if same_rest and (whole_label is None or whole in whole_label):
            return True
    return False


def build_complements(tpl: Template, rows: RowMaker, links: Sequence[PartLink]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for whole_pos, group in groupby(links, key=lambda link: link.whole_pos):
        parts = list(group)
        if len(parts) != 2:
            continue
        first, second = parts
        whole, a, b = tpl.fig(whole_pos), tpl.fig(first.part_pos), tpl.fig(second.part_pos)
        whole_clause = tpl.text[tpl.clause_start(whole_pos) : whole_pos]  # "审结…163件235人": 235人 has no label
        if not complementary(clean_label(first.label), clean_label(second.label), whole_clause):
            continue
        if not (same_unit(whole, a) and same_unit(whole, b)):
            continue
        if names_average_or_rate(whole_clause + (whole.label or "") + first.label + second.label):
            continue  # "人均可支配收入4.23万元,其中城镇居民5.18万元,农村居民2.36万元": averages do not add up
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
