"""Parts in a sentence that opens with 其中 ("…财政赤字3.2万亿元,比去年增加4000亿元,赤字率提高到3%。其中,
中央财政赤字2.1万亿元,地方财政赤字1.1万亿元"): the whole is in the sentence before.

Across a full stop the figure right before 其中 need not be the whole (here it is 3%), so the whole is
found by its name instead: the one plain amount of the parts' unit in the previous sentence whose label
shares a head noun of three characters or more with every part's label (财政赤字). None, or two of
different values, is no claim.
"""

from __future__ import annotations

from typing import Any

import regex

from checks.claims.common import (
    AFTER_DIR,
    BASIS,
    COUNT,
    DIR_ANY,
    DIR_RATE,
    FIGURE_CHARS,
    GAP,
    LEX,
    MEASURE,
    MONEY,
    PCT,
    POINTS,
    RowMaker,
    Template,
    clean_label,
    is_plain_amount,
    same_unit,
)
from checks.claims.lexicon import alternation
from checks.claims.part_whole import emit_part_list
from checks.claims.share import PartLink

_OPENING = regex.compile(r"(?<=[。!！?？])其中[,，:：]")
_FIRST = regex.compile(
    rf"\G(?P<label>[^,，。;；:：\n{FIGURE_CHARS}]{{1,20}}?)(?:为|有|达|共)?(?P<part>[{COUNT}{MONEY}{MEASURE}])"
    rf"(?=$|[,，、。;；\n])"
)
_NEXT = regex.compile(
    rf"\G[,，、;；](?P<label>[^,，。;；:：\n{FIGURE_CHARS}]{{1,20}}?)(?:为|有|达|共)?(?P<part>[{COUNT}{MONEY}{MEASURE}])"
    rf"(?=$|[,，、。;；\n])"
)
# A part's own change ("中央财政赤字1.2万亿元,增加1500亿元;地方财政赤字…") does not end the list.
_OWN_CHANGE = regex.compile(
    rf"\G[,，、](?:{BASIS})?{GAP}(?:{DIR_RATE}|{DIR_ANY}){AFTER_DIR}[{PCT}{POINTS}{COUNT}{MONEY}{MEASURE}]"
)
_NOT_PART = regex.compile(alternation(LEX.not_part_words))
# A label that names a whole scope again ("…;我国对其他地区进出口2.3万亿元") opens a new statement.
_NEW_SCOPE = regex.compile(alternation(tuple(LEX.scope_whole)))
_HEAD_NOUN = 3


def _shared_head(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def build_parts_across(tpl: Template, rows: RowMaker, links: list[PartLink]) -> list[dict[str, Any]]:
    """Part rows of every sentence-opening 其中 list whose whole the previous sentence names; a list that
    ``links`` already ties (the whole right before "。其中", checks.claims.part_whole) is left alone."""
    out: list[dict[str, Any]] = []
    tied = {link.part_pos for link in links}
    for m in _OPENING.finditer(tpl.text):
        first = _FIRST.match(tpl.text, m.end())
        if first is None:
            continue
        listed = [(first.group("label"), first.start("part"), first.end())]
        at = first.end()
        while True:
            change = _OWN_CHANGE.match(tpl.text, at)
            nxt = _NEXT.match(tpl.text, change.end() if change else at)
            if nxt is None:
                break
            listed.append((nxt.group("label"), nxt.start("part"), nxt.end()))
            at = nxt.end()
        unit = tpl.fig(listed[0][1])
        kept: list[tuple[str, int, int]] = []
        for label, pos, end in listed:
            if _NOT_PART.search(label) or _NEW_SCOPE.search(label) or not same_unit(unit, tpl.fig(pos)):
                break
            kept.append((clean_label(label), pos, end))
        whole_pos = _whole(tpl, m.start() - 1, [label for label, _, _ in kept], listed[0][1]) if kept else None
        if whole_pos is not None and not any(pos in tied for _, pos, _ in kept):
            emit_part_list(tpl, rows, out, whole_pos, kept, links)
    return out


def _whole(tpl: Template, stop: int, labels: list[str], labels_at: int) -> int | None:
    """The one figure of the previous sentence that names the parts' head noun; None if none or ambiguous."""
    if not labels or stop <= 0:
        return None
    start = tpl.sentence_start(stop)
    found: list[int] = []
    for pos in tpl.positions_in(start, stop):
        if tpl.text[pos] not in COUNT + MONEY + MEASURE:
            continue
        fig = tpl.fig(pos)
        name = clean_label(fig.label or tpl.label_before(pos))
        if len(name) < _HEAD_NOUN or not is_plain_amount(tpl, pos):
            continue
        if all(_shared_head(name, label) >= _HEAD_NOUN for label in labels):
            found.append(pos)
    if len({(tpl.fig(p).value, tpl.fig(p).unit) for p in found}) != 1:
        return None
    return found[-1] if same_unit(tpl.fig(found[-1]), tpl.fig(labels_at)) else None
