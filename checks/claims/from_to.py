"""From -> to claims: "由70%提升至99%", "从54万亿元增加到82.7万亿元", with an optional stated change.

The direction word is checked against the two values; a following "提高3个百分点" (a difference of
percents) becomes a sum claim, a following "增长41.4%" a percent change of the from-value. A "%"
change between two percents is ambiguous (relative change or sloppy points), so both readings count.
"""

from __future__ import annotations

from typing import Any

import regex

from checks.claims.change import change_columns
from checks.claims.common import (
    AFTER_DIR,
    COUNT,
    DIR_LONG,
    GAP,
    MONEY,
    OTHER,
    PCT,
    POINTS,
    REAL_GROWTH,
    RowMaker,
    Template,
    direction_of,
    figure_columns,
    same_unit,
)
from checks.figure import Figure

# "由去年的500万元降至400万元", "由2022年的50人减少到2023年的40人": a time before either value.
_WHEN = rf"(?:(?:去年|上年|前年|上一年)(?:同期)?|(?P<{{name}}>{OTHER}))的?"
_FROM_TO = regex.compile(
    rf"(?P<prep>由|从)(?:{_WHEN.format(name='from_when')})?(?P<from>[{COUNT}{MONEY}{PCT}])"
    rf"(?P<dir>{DIR_LONG}|增|降|升|减)?(?:到|至|为)(?:{_WHEN.format(name='to_when')})?(?P<to>[{COUNT}{MONEY}{PCT}])"
    rf"(?:{GAP}(?P<d2>{DIR_LONG}){AFTER_DIR}(?P<chg>[{COUNT}{MONEY}{PCT}{POINTS}]))?"
)
# "从2021年到2023年" and "由东到西" are not quantities; "年均增长" after a from->to is a different rate.


def build_from_to(
    tpl: Template, rows: RowMaker, consumed: set[int]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(changes rows, sums rows) of every from->to in the document."""
    changes: list[dict[str, Any]] = []
    sums: list[dict[str, Any]] = []
    for m in _FROM_TO.finditer(tpl.text):
        first, last = tpl.fig(m.start("from")), tpl.fig(m.start("to"))
        whens = [tpl.fig(m.start(g)) for g in ("from_when", "to_when") if m.start(g) >= 0]
        if not same_unit(first, last) or any(w.kind != "date" for w in whens):
            continue
        consumed.update({m.start("from"), m.start("to")})
        direction = direction_of(m.group("dir"))
        chg = tpl.fig(m.start("chg")) if m.group("chg") is not None else None
        chg_dir = direction_of(m.group("d2"))
        start_pos = m.start()
        label = tpl.label_before(start_pos)
        pct: Figure | None = None
        delta: Figure | None = None
        if chg is not None:
            consumed.add(m.start("chg"))
            if chg.kind == "points" and first.kind == "percent":
                delta = chg
            elif chg.kind == "percent":
                pct = chg
            elif same_unit(chg, first):
                delta = chg
        start, end = tpl.orig_span(start_pos, m.end())
        highlights = [f.text for f in (first, last, chg) if f is not None]
        sentence = tpl.text[tpl.clause_start(start_pos) : m.end()]
        changes.append(
            rows.row(
                "from_to",
                start,
                end,
                highlights,
                **change_columns(
                    source="from_to",
                    label=label,
                    basis="",
                    current=last,
                    previous=first,
                    delta=delta,
                    delta_dir=chg_dir if delta is not None else "",
                    delta_word=(m.group("d2") or "") if delta is not None else "",
                    pct=pct,
                    pct_dir=chg_dir if pct is not None else "",
                    pct_word=(m.group("d2") or "") if pct is not None else "",
                    direction=direction,
                    direction_word=m.group("dir") or "",
                    real_growth=bool(REAL_GROWTH.search(sentence)),
                ),
            )
        )
        if delta is not None and chg_dir:
            # rising: to - from = delta; falling: from - to = delta.
            a, b = (last, first) if chg_dir == "up" else (first, last)
            sums.append(
                rows.row(
                    "sum",
                    start,
                    end,
                    highlights,
                    source="from_to",
                    a_name="到" if chg_dir == "up" else "由",
                    b_name="由" if chg_dir == "up" else "到",
                    c_name=m.group("d2"),
                    **figure_columns("a", a),
                    **figure_columns("b", b),
                    **figure_columns("c", delta),
                )
            )
    return changes, sums
