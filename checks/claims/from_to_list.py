"""Listed from -> to claims: "分别从每人每月150元、200元提高到180元、240元", "分别由3.2%和2.5%回落至2.6%和1.9%",
"分别从60%、80%提高至100%".

The from-values pair with the to-values in order; one to-value is the common end of every from-value.
Each pair becomes a from->to row, so the direction word is checked against it. Any other count of
values (two from-values and three to-values) says nothing certain and forms no claim.
"""

from __future__ import annotations

from typing import Any

import regex

from checks.claims.common import (
    COUNT,
    DIR_LONG,
    LEX,
    MEASURE,
    MONEY,
    PCT,
    RowMaker,
    Template,
    same_unit,
)
from checks.claims.from_to import emit_from_to
from checks.claims.lexicon import alternation

_VALUE = f"[{COUNT}{MONEY}{PCT}{MEASURE}]"
_QUALIFIER = f"(?:{alternation(LEX.from_to_qualifiers)})?"
_LIST = rf"{_QUALIFIER}{_VALUE}(?:[、和与及]{_QUALIFIER}{_VALUE})*"
_FROM_TO_LIST = regex.compile(
    rf"分别(?:由|从)(?P<froms>{_QUALIFIER}{_VALUE}(?:[、和与及]{_QUALIFIER}{_VALUE})+)"
    rf"(?P<dir>{DIR_LONG})(?:到|至)(?P<tos>{_LIST})"
)


def build_from_to_lists(tpl: Template, rows: RowMaker, consumed: set[int]) -> list[dict[str, Any]]:
    """One from->to change row per listed pair; ``consumed`` gets every figure used."""
    out: list[dict[str, Any]] = []
    for m in _FROM_TO_LIST.finditer(tpl.text):
        froms = _positions(tpl, m.start("froms"), m.end("froms"))
        tos = _positions(tpl, m.start("tos"), m.end("tos"))
        if len(tos) == 1:
            tos = tos * len(froms)
        if len(froms) != len(tos) or any(p in consumed for p in froms + tos):
            continue
        pairs = [(tpl.fig(f), tpl.fig(t)) for f, t in zip(froms, tos, strict=True)]
        if not all(same_unit(a, b) for a, b in pairs):
            continue
        if any(f.unit in LEX.rank_class_units for pair in pairs for f in pair):
            continue  # ranks and classes are not quantities
        consumed.update(froms + tos)
        label = tpl.label_before(m.start())
        for first, last in pairs:
            emit_from_to(tpl, rows, out, [], (m.start(), m.end()), label, first, last, m.group("dir"), None, None)
    return out


def _positions(tpl: Template, start: int, end: int) -> list[int]:
    return tpl.positions_in(start, end)
