"""Identities between named figures: result = minuend − subtrahend, by definition of the words.

"出生率为8.62‰;死亡率为6.80‰;自然增长率为1.82‰" states 8.62 − 6.80 = 1.82 (a natural growth rate is the
birth rate less the death rate); "出口…进口…贸易顺差…" states exports − imports. The identities are data
(lexicon ``forms.identities``). A claim forms only inside one sentence (up to 。), when each of the
three words names exactly one figure there (its label ends with the word) and the three measure the
same thing; a word naming two figures ("进出口" ends with 出口 too) is ambiguous and ties nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import regex

from checks.claims.common import COUNT, LEX, MONEY, PCT, RowMaker, Template, clean_label, figure_columns, same_unit
from checks.claims.lexicon import alternation, words
from checks.figure import Figure

_SENTENCE = regex.compile(r"[^。!！?？\n]+")
_KINDS = COUNT + MONEY + PCT
_CLOSING = regex.compile(f"(?:{alternation(LEX.closing_verbs)}|是)+$")


@dataclass(frozen=True)
class Identity:
    result: tuple[str, ...]
    minuend: tuple[str, ...]
    subtrahend: tuple[str, ...]


@cache
def identities() -> tuple[Identity, ...]:
    """The identities of the lexicon, each as three word lists ("自然增长率" = "出生率" − "死亡率")."""
    out = []
    for spec in words("forms", "identities"):
        result, rest = spec.split("=")
        minuend, subtrahend = rest.split("-")
        out.append(Identity(*(tuple(w.strip() for w in side.split("|")) for side in (result, minuend, subtrahend))))
    return tuple(out)


def _named(labels: list[tuple[int, str]], names: tuple[str, ...]) -> list[int]:
    """Positions of the figures whose label ends with one of the names (the longest name decides:
    "自然增长率" is not "增长率")."""
    return [pos for pos, label in labels if any(label.endswith(n) for n in names)]


def build_identities(tpl: Template, rows: RowMaker) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for sentence in _SENTENCE.finditer(tpl.text):
        positions = [p for p in tpl.positions_in(sentence.start(), sentence.end()) if tpl.text[p] in _KINDS]
        if len(positions) < 3:
            continue
        labels = [(p, _CLOSING.sub("", clean_label(tpl.label_before(p)))) for p in positions]
        for identity in identities():
            found = [_named(labels, side) for side in (identity.result, identity.minuend, identity.subtrahend)]
            if any(len(f) != 1 for f in found) or len({f[0] for f in found}) != 3:
                continue
            c, a, b = (tpl.fig(f[0]) for f in found)
            if not (same_unit(a, b) and same_unit(a, c)):
                continue
            out.append(_row(tpl, rows, identity, a, b, c, min(f[0] for f in found), max(f[0] for f in found)))
    return out


def _row(
    tpl: Template, rows: RowMaker, identity: Identity, a: Figure, b: Figure, c: Figure, first: int, last: int
) -> dict[str, Any]:
    start, end = tpl.orig_span(tpl.clause_start(first), last + 1)
    return rows.row(
        "sum",
        start,
        end,
        [a.text, b.text, c.text],
        source="identity",
        a_name=identity.minuend[0],
        b_name=identity.subtrahend[0],
        c_name=identity.result[0],
        **figure_columns("a", a),
        **figure_columns("b", b),
        **figure_columns("c", c),
    )
