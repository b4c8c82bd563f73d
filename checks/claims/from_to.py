"""From -> to claims: "由70%提升至99%", "从54万亿元增加到82.7万亿元", with an optional stated change.

The direction word is checked against the two values; a following "提高3个百分点" (a difference of
percents) becomes a sum claim, a following "增长41.4%" a percent change of the from-value. A "%"
change between two percents is ambiguous (relative change or sloppy points), so both readings count.
"""

from __future__ import annotations

from typing import Any

import regex

from checks.claims.change import PAREN, change_columns
from checks.claims.common import (
    AFTER_DIR,
    BASIS,
    COUNT,
    DIR_ANY,
    DIR_LONG,
    DIR_RATE,
    FIGURE_CHARS,
    GAP,
    LEX,
    MEASURE,
    MONEY,
    OTHER,
    PCT,
    POINTS,
    REAL_GROWTH,
    RowMaker,
    Template,
    direction_of,
    figure_columns,
    is_plain_amount,
    same_unit,
)
from checks.claims.lexicon import alternation
from checks.figure import Figure

# "由去年的500万元降至400万元", "由2022年的50人减少到2023年的40人", "从2007年末的…": a time before
# either value; then a per-unit or bound word the figure's own interval already carries ("由每人每年520元
# 提高到580元", "从不到5000亿元增加到超过8000亿元"): both values are of one measure.
_QUALIFIER = f"(?:{alternation(LEX.from_to_qualifiers)})?"
_WHEN = (
    rf"(?:(?:(?:去年|上年|前年|上一年)(?:同期)?|(?P<{{name}}>{OTHER})(?:末|底|初)?|现在|目前|原来|原先|以前"
    rf"|[^,，。;；:：\n{FIGURE_CHARS}]{{{{1,8}}}}?[前后])的?)?{_QUALIFIER}"
)
_FROM_TO = regex.compile(
    rf"(?P<prep>由|从){_WHEN.format(name='from_when')}(?P<from>[{COUNT}{MONEY}{PCT}{MEASURE}])"
    rf"(?P<dir>{DIR_LONG}|增|降|升|减)?(?:到|至|为){_WHEN.format(name='to_when')}"
    rf"(?P<to>[{COUNT}{MONEY}{PCT}{MEASURE}])"
    rf"(?:{GAP}(?:人均|平均)?(?P<d2>{DIR_LONG}){AFTER_DIR}(?P<chg>[{COUNT}{MONEY}{PCT}{POINTS}{MEASURE}]))?"
)
# "从2021年到2023年" and "由东到西" are not quantities; "年均增长" after a from->to is a different rate.


# "约42.15亿元,较去年的19.08亿元,同比增长120.9%", "62起,较上周的81起减少19起,环比下降23.5%": a stated base.
_STATED_BASE = regex.compile(
    rf"(?P<to>[{COUNT}{MONEY}{PCT}{MEASURE}]){PAREN}[,，]?\s*(?:较|比|相比){_WHEN.format(name='from_when')}"
    rf"(?:上周|上月|上季度|上一季度|上年同期|去年同期)?的?(?P<from>[{COUNT}{MONEY}{PCT}{MEASURE}])(?:相比)?"
    rf"{GAP}(?:{BASIS})?{GAP}(?P<d2>{DIR_LONG}|{DIR_ANY}){AFTER_DIR}(?P<chg>[{COUNT}{MONEY}{PCT}{POINTS}{MEASURE}])"
    rf"(?:{GAP}(?:{BASIS})?{GAP}(?P<d3>{DIR_LONG}|{DIR_RATE}){AFTER_DIR}(?P<chg2>[{PCT}{POINTS}]))?"
)


# "审结案件18件20人,去年同期为31件41人,同比分别下降41.94%、51.22%": this period's figures, the same
# period last year's, and the rates in the same order.
_PAIRED_BASE = regex.compile(
    rf"(?P<c1>[{COUNT}{MONEY}])(?P<c2>[{COUNT}{MONEY}])?{GAP}(?:去年同期|上年同期)(?:为|是)"
    rf"(?P<p1>[{COUNT}{MONEY}])(?P<p2>[{COUNT}{MONEY}])?{GAP}[^,，。;；:：\n{FIGURE_CHARS}]{{0,8}}?(?:{BASIS})?{GAP}"
    rf"(?:分别)?(?P<d>{DIR_LONG}|{DIR_RATE}){AFTER_DIR}(?P<r1>[{PCT}])(?:[、和](?P<r2>[{PCT}]))?"
)


def _paired_base(tpl: Template, rows: RowMaker, consumed: set[int], changes: list[dict[str, Any]]) -> None:
    """Each of this period's figures against last year's in order, with its rate; only when the
    counts of figures, bases and rates agree and each pair is of one unit."""
    for m in _PAIRED_BASE.finditer(tpl.text):
        groups = [g for g in ("1", "2") if m.group(f"c{g}") is not None]
        if any(m.group(f"{x}{g}") is None for g in groups for x in ("p", "r")) or (
            len(groups) == 1 and m.group("p2") is not None
        ):
            continue
        pairs = [(m.start(f"c{g}"), m.start(f"p{g}"), m.start(f"r{g}")) for g in groups]
        if not all(same_unit(tpl.fig(c), tpl.fig(p)) for c, p, _ in pairs) or not is_plain_amount(tpl, pairs[0][0]):
            continue
        word = m.group("d")
        label = tpl.label_before(pairs[0][0])
        for c, p, r in pairs:
            consumed.update({c, p, r})
            pct = (tpl.fig(r), direction_of(word), word)
            emit_from_to(
                tpl,
                rows,
                changes,
                [],
                (tpl.clause_start(pairs[0][0]), m.end()),
                label,
                tpl.fig(p),
                tpl.fig(c),
                "",
                None,
                pct,
            )


def build_from_to(
    tpl: Template, rows: RowMaker, consumed: set[int]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(changes rows, sums rows) of every from->to and every change on a stated base in the document."""
    changes: list[dict[str, Any]] = []
    sums: list[dict[str, Any]] = []
    _paired_base(tpl, rows, consumed, changes)
    for pattern, stated_base in ((_FROM_TO, False), (_STATED_BASE, True)):
        for m in pattern.finditer(tpl.text):
            if m.start("to") in consumed or m.start("from") in consumed:
                continue
            first, last = tpl.fig(m.start("from")), tpl.fig(m.start("to"))
            whens = [tpl.fig(m.start(g)) for g in ("from_when", "to_when") if g in m.re.groupindex and m.start(g) >= 0]
            if not same_unit(first, last) or any(w.kind != "date" for w in whens):
                continue
            if stated_base and not is_plain_amount(tpl, m.start("to")):
                continue
            consumed.update({m.start("from"), m.start("to")})
            if first.unit in LEX.rank_class_units or last.unit in LEX.rank_class_units:
                # "从48位上升到20位", "从五类提升至三类": a rank or a class, not a quantity (no direction),
                # but "提升28个名次" is still the distance between the two.
                sums.extend(_rank_distance(tpl, rows, m, first, last))
                continue
            stated = [(g, d) for g, d in (("chg", "d2"), ("chg2", "d3")) if g in m.re.groupindex and m.group(g)]
            pct: tuple[Figure, str, str] | None = None
            delta: tuple[Figure, str, str] | None = None
            for group, word_group in stated:
                chg, word = tpl.fig(m.start(group)), m.group(word_group) or ""
                consumed.add(m.start(group))
                if (chg.kind == "points" and first.kind == "percent") or (
                    chg.kind != "percent" and same_unit(chg, first)
                ):
                    delta = delta or (chg, direction_of(word), word)
                elif chg.kind == "percent":
                    pct = pct or (chg, direction_of(word), word)
            start_pos = tpl.clause_start(m.start()) if stated_base else m.start()
            label = tpl.label_before(m.start("to") if stated_base else m.start())
            direction_word = "" if stated_base else m.group("dir") or ""
            emit_from_to(tpl, rows, changes, sums, (start_pos, m.end()), label, first, last, direction_word, delta, pct)
    return changes, sums


_PLACES_AFTER = regex.compile(r"\G(?:个)?(?:名次|位次|位|名)")


def _rank_distance(
    tpl: Template, rows: RowMaker, m: regex.Match[str], first: Figure, last: Figure
) -> list[dict[str, Any]]:
    """The sum row of "从去年的48位上升到20位,提升28个名次": |48 − 20| = 28 places, whatever the direction word."""
    if "chg" not in m.re.groupindex or m.group("chg") is None or first.unit != last.unit:
        return []
    chg = tpl.fig(m.start("chg"))
    if chg.kind != "count" or not (chg.unit in LEX.rank_class_units or _PLACES_AFTER.match(tpl.text, m.end("chg"))):
        return []
    consumed_end = _PLACES_AFTER.match(tpl.text, m.end("chg"))
    end_pos = consumed_end.end() if consumed_end else m.end()
    high, low = (first, last) if first.value >= last.value else (last, first)
    start, end = tpl.orig_span(m.start(), end_pos)
    return [
        rows.row(
            "sum",
            start,
            end,
            [first.text, last.text, chg.text],
            source="rank",
            a_name="",
            b_name="",
            c_name=m.group("d2") or "",
            **figure_columns("a", high),
            **figure_columns("b", low),
            **figure_columns("c", chg),
        )
    ]


def emit_from_to(
    tpl: Template,
    rows: RowMaker,
    changes: list[dict[str, Any]],
    sums: list[dict[str, Any]],
    span: tuple[int, int],
    label: str,
    first: Figure,
    last: Figure,
    direction_word: str,
    delta: tuple[Figure, str, str] | None,
    pct: tuple[Figure, str, str] | None,
) -> None:
    """The change row of a from->to (and the sum row of its stated difference)."""
    start, end = tpl.orig_span(*span)
    highlights = [f.text for f in (first, last, *(x[0] for x in (delta, pct) if x is not None))]
    sentence = tpl.text[tpl.clause_start(span[0]) : span[1]]
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
                delta=delta[0] if delta else None,
                delta_dir=delta[1] if delta else "",
                delta_word=delta[2] if delta else "",
                pct=pct[0] if pct else None,
                pct_dir=pct[1] if pct else "",
                pct_word=pct[2] if pct else "",
                direction=direction_of(direction_word),
                direction_word=direction_word,
                real_growth=bool(REAL_GROWTH.search(sentence)),
            ),
        )
    )
    if delta is not None and delta[1]:
        # rising: to - from = delta; falling: from - to = delta.
        up = delta[1] == "up"
        a, b = (last, first) if up else (first, last)
        sums.append(
            rows.row(
                "sum",
                start,
                end,
                highlights,
                source="from_to",
                a_name="到" if up else "由",
                b_name="由" if up else "到",
                c_name=delta[2],
                **figure_columns("a", a),
                **figure_columns("b", b),
                **figure_columns("c", delta[0]),
            )
        )
