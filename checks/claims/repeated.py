"""Figures stated twice in one article: a headline figure against its body, a lead figure against
its restatement later in the body.

A headline figure is confirmed when the body states the same value in the same unit; it is a
mismatch only when the body states the same quantity (same cleaned label, unit, period and scope,
not a part after 其中) with one other value. A lead figure is tied to a later total of the same
quantity ("共建成智慧平安社区1553个" … "全市1553个智慧平安社区"). Periods and scopes come from
``checks.claims.context``: "5月份" is not "1—5月", "全球" is not "日本".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import regex

from checks.claims.articles import Article, FigureIndex
from checks.claims.common import (
    COUNT,
    LEX,
    MONEY,
    RowMaker,
    Template,
    clean_label,
    figure_columns,
    same_unit,
)
from checks.claims.context import Context, same_scope
from checks.claims.lexicon import alternation
from checks.figure import Figure

TABLE = "repeats"
_NOUN_MIN = 4
_BOUND_BEFORE = regex.compile(f"(?:{alternation(LEX.bound_words)})$")
_NOUN_AFTER = regex.compile(r"\p{Han}{1,10}(?=$|[\s,，。;；!！?？、:：])")


def _bound_before(tpl: Template, pos: int) -> bool:
    """A bound word right before the figure (a window of a few characters: linear in the text)."""
    return bool(_BOUND_BEFORE.search(tpl.text, max(0, pos - _BOUND_WINDOW), pos))


_BOUND_WINDOW = 4


def _label(tpl: Template, pos: int) -> str:
    fig = tpl.fig(pos)
    return clean_label(fig.label or tpl.label_before(pos))


def _is_total(tpl: Template, pos: int) -> bool:
    """A figure stated as a total of its scope: 共/累计/总… or a whole-scope word (全市) before it."""
    before = tpl.label_before(pos, 30)
    return bool(LEX.total.search(before)) or any(w in before for w in LEX.scope_whole)


def _article_period(article: Article, body: Sequence[tuple[int, Figure, str]], ctx: Mapping[int, Context]) -> str:
    """The period of the lead's first figure: the period of the body's unmarked figures."""
    for pos, fig, _ in body[:1]:
        period = ctx[pos].period
        if fig.start < article.lead_end and not period.startswith("previous"):
            return period
    return ""


def _same_context(a: Context, b: Context, default: str) -> bool:
    return (a.period or default) == (b.period or default) and same_scope(a.scope, b.scope)


def build_repeats(
    tpl: Template, rows: RowMaker, articles: Sequence[Article], ctx: Mapping[int, Context], index: FigureIndex
) -> list[dict[str, Any]]:
    """Headline figure vs body figure, and a lead total vs its restatement in the body."""
    doc = tpl.doc
    out: list[dict[str, Any]] = []
    for article in articles:
        body = [
            (pos, fig, _label(tpl, pos))
            for pos, fig in index.within(article.body_start, article.body_end)
            if tpl.text[pos] in (COUNT, MONEY) and fig.is_exact and not _bound_before(tpl, pos)
        ]
        default = _article_period(article, body, ctx)
        for line in article.headlines:
            h_start = doc.line_starts[line - 1]
            for pos, fig in index.within(h_start, h_start + len(doc.line_text(line))):
                if tpl.text[pos] not in (COUNT, MONEY) or not fig.is_exact or _bound_before(tpl, pos):
                    continue  # "已致超5.8万人死亡": a bound, not a value
                label = _label(tpl, pos)
                if len(label) < 3:
                    continue
                pair = _headline_pair(tpl, pos, fig, label, ctx[pos], body, ctx, article, default)
                if pair is not None:
                    out.append(_repeat_row(tpl, rows, "headline", label, pos, fig, pair[0], pair[1]))
        totals = [(p, f, lab) for p, f, lab in body if len(lab) >= 4 and not ctx[p].part and _is_total(tpl, p)]
        for i, (p1, f1, lab1) in enumerate(totals):
            if f1.start >= article.lead_end:
                break
            for p2, f2, lab2 in totals[i + 1 :]:
                label = _same_quantity(tpl, p1, lab1, p2, lab2)
                if label and same_unit(f1, f2) and _same_context(ctx[p1], ctx[p2], default):
                    out.append(_repeat_row(tpl, rows, "body", label, p1, f1, p2, f2))
                    break
    return out


def _agrees(a: Figure, b: Figure) -> bool:
    return same_unit(a, b) and ((a.low, a.high) == (b.low, b.high) or a.value == b.value)


_TRAILING_VERB = regex.compile(f"(?:(?:累计)?(?:{alternation(LEX.closing_verbs)}))+$")


def _head(label: str) -> str:
    """A label without its closing verb ("寄递业务量累计完成" -> "寄递业务量")."""
    return str(_TRAILING_VERB.sub("", label))


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _noun_after(tpl: Template, pos: int) -> str:
    """The noun printed right after a figure's classifier ("45件快递遗失" -> "快递遗失"), up to a stop."""
    m = _NOUN_AFTER.match(tpl.text, pos + 1)
    return m.group() if m else ""


def _same_noun_after(head: str, body: str) -> bool:
    """ "45件快递遗失" in a headline and "45件快递。" in the body count the same thing: the body's noun
    (two characters or more, the whole clause after the figure) opens the headline's."""
    return len(body) >= 2 and head.startswith(body)


def _headline_pair(
    tpl: Template,
    head_pos: int,
    fig: Figure,
    label: str,
    head: Context,
    body: Sequence[tuple[int, Figure, str]],
    ctx: Mapping[int, Context],
    article: Article,
    default: str,
) -> tuple[int, Figure] | None:
    """The body figure a headline figure restates: one that agrees (any label: confirmed), else the
    one value the body states for the same quantity. The same quantity has the same label, or (in the
    lead only) a label ending in the same four characters or more ("外贸进出口总值" ~ "货物贸易进出口总值"),
    or the same noun after the classifier ("45件快递遗失" ~ "投送的45件快递")."""
    for pos, other, _ in body:
        if _agrees(fig, other):
            return pos, other
    opens = not clean_label(tpl.label_before(head_pos))  # "45件快递遗失": the figure opens the headline
    noun = _noun_after(tpl, head_pos) if opens else ""
    matches = [
        (p, f)
        for p, f, lab in body
        if same_unit(f, fig)
        and not ctx[p].part
        and _same_context(head, ctx[p], default)
        and (
            lab == label
            or (f.start < article.lead_end and _common_suffix(_head(lab), _head(label)) >= _NOUN_MIN)
            or (f.start < article.lead_end and _same_noun_after(noun, _noun_after(tpl, p)))
        )
    ]
    if not matches or len({(f.value, f.unit) for _, f in matches}) != 1:
        return None
    return matches[0]


def _same_quantity(tpl: Template, p1: int, lab1: str, p2: int, lab2: str) -> str:
    """The label two totals share, or "" when the text does not tie them together.

    Equal labels tie. So does a figure printed as "全市1553个智慧平安社区" (the noun after its
    classifier, the whole scope right before it) with "共建成智慧平安社区1553个" when the noun is the
    tail of the other label (four characters or more): "全市N个X" states the whole scope's count of X.
    """
    if lab1 == lab2:
        return lab1
    after = [not clean_label(tpl.label_before(p)) and _ends_with_whole_scope(tpl.label_before(p)) for p in (p1, p2)]
    if after[0] == after[1]:
        return ""
    before_label, after_label = (lab2, lab1) if after[0] else (lab1, lab2)
    for size in range(min(len(before_label), len(after_label)), _NOUN_MIN - 1, -1):
        if after_label.startswith(before_label[-size:]):
            return before_label
    return ""


def _ends_with_whole_scope(text: str) -> bool:
    return any(text.endswith(w) for w in LEX.scope_whole)


def _repeat_row(
    tpl: Template, rows: RowMaker, where: str, label: str, p1: int, f1: Figure, p2: int, f2: Figure
) -> dict[str, Any]:
    doc = tpl.doc
    start, end = tpl.orig_span(tpl.clause_start(p1), p1 + 1)
    second_start, second_end = tpl.orig_span(tpl.clause_start(p2), p2 + 1)
    return rows.row(
        "repeat",
        start,
        end,
        [f1.text],
        where=where,
        label=label,
        second_line=doc.line_of(second_start),
        second_excerpt=doc.excerpt(second_start, second_end),
        **figure_columns("first", f1),
        **figure_columns("second", f2),
    )
