"""The key words of the quantity a figure states, to tell whether a headline figure and a body figure
state the same quantity.

The key is the text of the figure's clause before it (back to a stop, a space or another figure) and the
noun after it ("6部地方性法规部分条款"), without the words that do not name the quantity (direction, basis,
bound, period and scope words, label fillers: the lexicon's ``quantity_stop_words``). A percent whose
clause names nothing ("，比去年同期增长6.5%") takes the clause before it ("货物贸易进出口总值1.9万亿元").
Keys are compared as sets of character pairs and Latin words ("CPI"): "外贸进出口" and "货物贸易进出口总值"
share 进出 and 出口. Direction (增长/下降) and basis (同比/环比) are read apart and must agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from checks.claims.common import (
    DOWN_LONG,
    DOWN_SHORT,
    FIGURE_CHARS,
    LEX,
    OTHER,
    UP_LONG,
    UP_SHORT,
    Template,
)
from checks.claims.lexicon import alternation

_REACH = 24
_AFTER_REACH = 18
_CLAUSE_STOPS = set(',，。;；:：!！?？、\n\r\t 《》“”"')  # not （）: "居民消费价格（CPI）比上年上涨"
_STOPS = _CLAUSE_STOPS | set(FIGURE_CHARS)
_NOISE = regex.compile(
    "|".join(
        [alternation(tuple(LEX.quantity_stop_words) + tuple(LEX.bound_words) + tuple(LEX.label_fillers))]
        + [f"(?:{pattern.pattern})" for _, pattern in LEX.period_patterns]
        + [alternation(UP_LONG + DOWN_LONG + UP_SHORT + DOWN_SHORT)]
        + [r"[0-9０-９.．%％]+", r"[^\p{Han}A-Za-z]+"]
    )
)
_HAN = regex.compile(r"\p{Han}+")
_LATIN = regex.compile(r"[A-Za-z]{2,}")
_UP = regex.compile(alternation(UP_LONG + UP_SHORT + LEX.up_rate))
_DOWN = regex.compile(alternation(DOWN_LONG + DOWN_SHORT + LEX.down_rate))
_MOM = regex.compile(alternation(LEX.period_on_period))
_YOY = regex.compile(alternation(("同比", *LEX.year_on_year)))
_DIR_REACH = 8
_AVERAGE = regex.compile(alternation(LEX.average_rate_words))
_OWN_MIN = 2  # a clause naming fewer character pairs than this borrows the subject of the clause before


@dataclass(frozen=True)
class Quantity:
    """What a figure's text says it measures: key tokens, direction ("up", "down", "") and basis."""

    tokens: frozenset[str]
    text: str  # the key text as printed, for the explanation
    direction: str
    basis: str  # "mom" | "yoy" | ""
    core: str = ""  # the Han words of the clause before, without the words that do not name the quantity
    noun_after: str = ""  # the Han words right after the figure ("45件快递遗失" -> "快递遗失")
    own: frozenset[str] = frozenset()  # the tokens of the figure's own clause (before any borrowed subject)
    core_tokens: frozenset[str] = frozenset()  # the tokens of the clause before the figure
    averaged: bool = False  # an average or rate word before it in its clause ("每亩达到420公斤")


def _before(tpl: Template, pos: int) -> tuple[int, str]:
    """(start, text) of the clause before a figure, spaces right before the figure skipped."""
    end = pos
    while end > 0 and tpl.text[end - 1] in " 　":
        end -= 1
    start = end
    while start > 0 and end - start < _REACH and tpl.text[start - 1] not in _STOPS:
        start -= 1
    return start, tpl.text[start:end]


def _after(tpl: Template, pos: int) -> str:
    """The words after a figure; a data box's label after spaces ("12.5亿件  3月快递业务量") and a
    date inside it count as well."""
    first = pos + 1
    while first < len(tpl.text) and tpl.text[first] in " 　":
        first += 1
    end = first
    while end < len(tpl.text) and end - first < _AFTER_REACH:
        if tpl.text[end] in _STOPS and tpl.text[end] != OTHER:
            break
        end += 1
    return tpl.text[first:end]


def _tokens(text: str) -> frozenset[str]:
    out: set[str] = set(m.group().upper() for m in _LATIN.finditer(text))
    for piece in _NOISE.split(text):
        for run in _HAN.findall(piece):
            out.update(run[i : i + 2] for i in range(len(run) - 1))
    return frozenset(out)


def quantity(tpl: Template, pos: int) -> Quantity:
    """The quantity the figure at template position ``pos`` states (see the module docstring); computed
    once per position and template."""
    known = tpl.quantities.get(pos)
    if known is None:
        known = tpl.quantities[pos] = _quantity(tpl, pos)
    return known


def _quantity(tpl: Template, pos: int) -> Quantity:
    start, before = _before(tpl, pos)
    after = _after(tpl, pos)
    if tpl.fig(pos).kind in ("percent", "points") and not after.startswith("的"):
        after = ""  # "6.5%实际使用外资…": what follows a percent is the next clause, unless "98.5%的学校"
    near = before[-_DIR_REACH:]
    direction = "down" if _DOWN.search(near) else "up" if _UP.search(near) else ""
    basis = "mom" if _MOM.search(before) else "yoy" if _YOY.search(before) else ""
    # An ordinal names what it numbers right after it ("第十四届…人民代表大会"), not the clause before.
    tokens = _tokens(after) if tpl.fig(pos).kind == "ordinal" else _tokens(before) | _tokens(after)
    own = tokens
    text = before + "…" + after
    if len(tokens - _tokens(after)) < _OWN_MIN and tpl.fig(pos).kind != "ordinal":
        # "，比去年同期增长6.5%", "、已连续9个月": the subject is the clause before ("…进出口总值1.9万亿元")
        prev_end = start - 1
        if prev_end > 0 and tpl.text[prev_end] in ",，、":
            p_start = prev_end
            while p_start > 0 and prev_end - p_start < _REACH and tpl.text[p_start - 1] not in _CLAUSE_STOPS:
                p_start -= 1
            subject = tpl.text[p_start:prev_end]
            tokens |= _tokens(subject)
            text = subject + "…" + text
    core = "".join(_HAN.findall("".join(_NOISE.split(before))))
    noun = _HAN.match(after)
    return Quantity(
        averaged=bool(_AVERAGE.search(before)),
        own=own,
        core_tokens=_tokens(before),
        core=core,
        noun_after=noun.group() if noun else "",
        tokens=tokens,
        text=text.replace("…", "", 1) if text.startswith("…") else text,
        direction=direction,
        basis=basis,
    )


def compatible(a: Quantity, b: Quantity, *, lenient: bool = False) -> bool:
    """Direction and basis agree (or one basis is unstated; ``lenient``: or one direction, as in the
    later items of "分别增长12.5%、21.7%"), and both or neither are averages ("每亩420公斤")."""
    same_direction = a.direction == b.direction or (lenient and not (a.direction and b.direction))
    same_basis = a.basis == b.basis or not a.basis or not b.basis
    return same_direction and same_basis and a.averaged == b.averaged


def shared(a: Quantity, b: Quantity) -> int:
    return len(a.tokens & b.tokens)
