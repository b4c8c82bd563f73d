"""Figures stated twice in one article: a headline figure against its body, a lead figure against
its restatement later in the body.

A headline figure is confirmed when the body states the same value in the same unit; it is a
mismatch only when the body states the same quantity (same cleaned label, unit, period and scope,
not a part after 其中) with one other value. A lead figure is tied to a later total of the same
quantity ("共建成智慧平安社区1553个" … "全市1553个智慧平安社区"). Periods and scopes come from
``checks.claims.context``: "5月份" is not "1—5月", "全球" is not "日本".
"""

from __future__ import annotations

import bisect
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

import regex

from checks.claims.articles import Article, FigureIndex, Head, heads
from checks.claims.common import (
    COUNT,
    LEX,
    MEASURE_KINDS,
    MONEY,
    RowMaker,
    Template,
    clean_label,
    figure_columns,
    same_unit,
)
from checks.claims.context import Context, same_scope
from checks.claims.lexicon import alternation
from checks.claims.quantity import Quantity, compatible, quantity, shared
from checks.figure import Figure

TABLE = "repeats"
_NOUN_MIN = 4
_AMBIGUOUS_VALUES = 3
_BOUND_BEFORE = regex.compile(f"(?:{alternation(LEX.bound_words)})$")


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
    tpl: Template,
    rows: RowMaker,
    articles: Sequence[Article],
    ctx: Mapping[int, Context],
    index: FigureIndex,
    claimed: Collection[tuple[int, str]] = (),
) -> list[dict[str, Any]]:
    """Head figures vs the body they head, and a lead total vs its restatement in the body. ``claimed``:
    (line, figure text) of head figures another builder has already paired (headline_rate)."""
    out: list[dict[str, Any]] = []
    for article in articles:
        body = [
            (pos, fig, _label(tpl, pos))
            for pos, fig in index.within(article.body_start, article.body_end)
            if tpl.text[pos] in (COUNT, MONEY) and fig.is_exact and not _bound_before(tpl, pos)
        ]
        default = _article_period(article, body, ctx)
        totals = [(p, f, lab) for p, f, lab in body if len(lab) >= 4 and not ctx[p].part and _is_total(tpl, p)]
        values: dict[str, set[Decimal]] = {}
        for _, f, lab in totals:
            values.setdefault(lab, set()).add(f.value)
        # A label stated with three values or more is the same measure of several things ("资助金额"
        # of each programme): which two are one quantity the text does not say.
        totals = [(p, f, lab) for p, f, lab in totals if len(values[lab]) < _AMBIGUOUS_VALUES]
        for i, (p1, f1, lab1) in enumerate(totals):
            if f1.start >= article.lead_end:
                break
            for p2, f2, lab2 in totals[i + 1 :]:
                label = _same_quantity(tpl, p1, lab1, p2, lab2)
                if (
                    label
                    and same_unit(f1, f2)
                    and _same_context(ctx[p1], ctx[p2], default)
                    and _same_subject(tpl, p1, p2)
                ):
                    out.append(_repeat_row(tpl, rows, "body", label, p1, f1, p2, f2))
                    break
    out += _headline_repeats(tpl, rows, articles, ctx, index, claimed)
    return out


_HEAD_KINDS = frozenset(("count", "money", "percent", "points", "ordinal", "number", *MEASURE_KINDS))
# "十届县委五次全会" numbers an occasion ("the fifth plenary"), not a quantity the body restates.
_OCCASION_UNITS = frozenset(LEX.occasion_units)
_WHERE = {"headline": "headline", "title": "headline", "subhead": "subhead", "summary": "summary"}


def _checkable(tpl: Template, pos: int, fig: Figure) -> bool:
    """A figure a headline restates: a count, amount, percent, measure or ordinal (届), not a date, and
    not a bound word the figure did not take in ("突破5000亿元" is read by the extractor, "已致超" too)."""
    return (
        fig.kind in _HEAD_KINDS
        and bool(fig.unit)
        and fig.unit not in _OCCASION_UNITS
        and not (fig.is_exact and _bound_before(tpl, pos))
    )


def _headline_repeats(
    tpl: Template,
    rows: RowMaker,
    articles: Sequence[Article],
    ctx: Mapping[int, Context],
    index: FigureIndex,
    claimed: Collection[tuple[int, str]],
) -> list[dict[str, Any]]:
    """Every head's figure (headline, title, sub-headline, summary line) against the body it heads."""
    out: list[dict[str, Any]] = []
    all_heads = heads(tpl, articles)
    spans = sorted((h.start, h.end) for h in all_heads)
    starts = [s for s, _ in spans]

    def in_head(offset: int) -> bool:
        i = bisect.bisect_right(starts, offset) - 1
        return i >= 0 and offset < spans[i][1]

    for head in all_heads:
        head_figs = [(p, f) for p, f in index.within(head.text_start, head.end) if _checkable(tpl, p, f)]
        if not head_figs:
            continue
        body = [
            (p, f)
            for p, f in index.within(head.scope_start, head.scope_end)
            if _checkable(tpl, p, f) and not in_head(f.start)
        ]
        default = _lead_period(head, body, ctx)
        for pos, fig in head_figs:
            if (fig.line, fig.text) in claimed or not _bounded(fig):
                continue
            pair = _head_pair(tpl, pos, fig, head, body, ctx, default)
            if pair is not None:
                q, p2, f2 = pair
                f1, f2 = _as_compared(fig, f2)
                out.append(_repeat_row(tpl, rows, _WHERE[head.kind], _key_label(q), pos, f1, p2, f2))
    return out


def _lead_period(head: Head, body: Sequence[tuple[int, Figure]], ctx: Mapping[int, Context]) -> str:
    """The period of the first figure of the head's lead: the period of its unmarked figures."""
    for pos, fig in body[:1]:
        period = ctx[pos].period
        if fig.start < head.lead_end and not period.startswith("previous"):
            return period
    return ""


def _key_label(q: Quantity) -> str:
    return str(regex.sub(r"[^\p{Han}A-Za-z]+", "", q.text))[:20]


def _agree(a: Figure, b: Figure) -> bool:
    """The two statements, as ``_as_compared`` reads them, can both hold: their ranges meet."""
    lo = [x for x in (a.low, b.low) if x is not None]
    hi = [x for x in (a.high, b.high) if x is not None]
    return not lo or not hi or max(lo) < min(hi)


def _as_compared(head: Figure, body: Figure) -> tuple[Figure, Figure]:
    """The ranges two statements of one quantity stand for. Two with qualifiers of one class ("超50亿"
    and "突破40亿", "近500家" twice) restate one nominal value: each is its value within half a step of
    its last non-zero digit. Otherwise "3000多起" is [3000, 4000), a bound ("超5%") its open range, and
    an exact figure its precision."""
    cls = LEX.qualifier_class
    if head.qualifier and cls.get(head.qualifier, head.qualifier) == cls.get(body.qualifier, body.qualifier):
        return _nominal(head), _nominal(body)
    return _more(head), _more(body)


def _more(fig: Figure) -> Figure:
    if LEX.qualifier_class.get(fig.qualifier) != "more" or fig.low is None:
        return fig
    return replace(fig, high=fig.low + _step(fig.value))


def _step(value: Decimal) -> Decimal:
    exponent = value.normalize().as_tuple().exponent
    return Decimal(1).scaleb(int(exponent)) if isinstance(exponent, int) else Decimal(1)


def _head_pair(
    tpl: Template,
    pos: int,
    fig: Figure,
    head: Head,
    body: Sequence[tuple[int, Figure]],
    ctx: Mapping[int, Context],
    default: str,
) -> tuple[Quantity, int, Figure] | None:
    """The body figure a head figure restates: one of the same unit and direction that agrees (confirmed),
    else the one value stated, in the same context, for the quantity whose key words the head's share
    most (two thirds of the head's; or the lead's same noun); several values there: no claim."""
    q = quantity(tpl, pos)
    if not q.tokens:
        return None
    same_kind = [(p, f, quantity(tpl, p)) for p, f in body if same_unit(f, fig) and _bounded(f)]
    agreeing = []
    for p, f, bq in same_kind:
        h, b = _as_compared(fig, f)
        same_value = _bounded(h) == 2 and _bounded(b) == 2 and h.value == b.value
        # the same value confirms under any label; a value the precision allows ("9%" for 9.2%) or a bound
        # ("超过10%") only under the same key words
        if compatible(q, bq, lenient=True) and _agree(h, b) and (same_value or _covers(q, bq)):
            agreeing.append((shared(q, bq), -p, p, f))
    if agreeing:  # stated in the body with a value that can hold: confirmed
        _, _, p, f = max(agreeing)
        return q, p, f
    scored = [
        (_bounded(f), shared(q, bq), p, f)
        for p, f, bq in same_kind
        if compatible(q, bq)
        and _same_context(ctx[pos], ctx[p], default)
        and not ctx[p].part
        and (
            (_covers(q, bq) and (f.start < head.lead_end or not _narrower(q, bq)))
            or (f.start < head.lead_end and (_same_tail(q, bq) or _same_noun_after(q, bq)))
        )
    ]
    if not scored:
        return None
    best = max((b, s) for b, s, _, _ in scored)
    tops = [(p, f) for b, s, p, f in scored if (b, s) == best]
    values = {(f.value, f.unit, f.qualifier) for _, f in tops}
    if len(values) != 1:
        return None  # two values for the best-named quantity: which one the head restates is not said
    p, f = tops[0]
    return q, p, f


def _bounded(fig: Figure) -> int:
    """2 for a figure with a range, 1 for a bound ("3000多起"), 0 for "约…" (never contradicts)."""
    return (fig.low is not None) + (fig.high is not None)


def _covers(head: Quantity, body: Quantity) -> bool:
    """The body's key holds two thirds of the head's words (at least two pairs, or the head's only one):
    "盗窃类警情" is not "诈骗类警情" (five of eight)."""
    n = shared(head, body)
    return n >= min(_KEY_MIN, len(head.tokens)) and 3 * n >= 2 * len(head.tokens)


def _same_noun_after(head: Quantity, body: Quantity) -> bool:
    """ "45件快递遗失" in a headline and "投送的45件快递。" in the lead count the same thing, and so do
    "甲市38个重点项目…" and "甲市今天38个重点项目在…": the nouns after the classifier open alike (two
    characters or more) and the body names all the headline names before the figure."""
    n = 0
    while n < min(len(head.noun_after), len(body.noun_after)) and head.noun_after[n] == body.noun_after[n]:
        n += 1
    return n >= _KEY_MIN and head.core_tokens <= body.tokens


def _narrower(head: Quantity, body: Quantity) -> bool:
    """The body names all the head names and more ("跨境电商展区共160家企业参展" under "1.8万家企业参展";
    its own clause, or the subject it borrows when its clause names nothing): a part of it, unless the
    lead says so."""
    return head.tokens < (body.own if len(body.own) >= _KEY_MIN else body.tokens)


def _same_tail(head: Quantity, body: Quantity) -> bool:
    """The two keys end in the same noun of four characters or more that is two thirds of the head's
    ("外贸进出口总值" ~ "货物贸易进出口总值", but not "新能源汽车销售收入" ~ "装备制造业销售收入")."""
    a, b = head.core, body.core
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n >= _NOUN_MIN and 3 * n >= 2 * len(a)


_KEY_MIN = 2


def _nominal(fig: Figure) -> Figure:
    half = _step(fig.value) / 2
    return replace(fig, low=fig.value - half, high=fig.value + half, approximate=False)


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


_HAN = regex.compile(r"\p{Han}+")


def _subject_before(tpl: Template, pos: int) -> str:
    """The words of the figure's sentence before its clause when they state another count or amount of
    the same subject ("甲类奖学金共奖励学生1.2万人，奖励金额共3.6亿元"); "" otherwise."""
    prefix = tpl.text[tpl.sentence_start(pos) : tpl.clause_start(pos)]
    if COUNT not in prefix and MONEY not in prefix:
        return ""
    return "".join(_HAN.findall(prefix))


def _same_subject(tpl: Template, p1: int, p2: int) -> bool:
    a, b = _subject_before(tpl, p1), _subject_before(tpl, p2)
    return not a or not b or a == b


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
