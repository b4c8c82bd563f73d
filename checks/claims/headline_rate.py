"""A headline's percent change against the lead's percent change of the same quantity.

"上半年外贸进出口同比增2.1%" over a lead "上半年,我国货物贸易进出口总值20.1万亿元,比去年同期增长2.1%" states one
rate twice. The headline rate is confirmed when any percent of its article's body prints the same value;
it is compared only with a change of the lead (the first paragraph that states something) that rises or
falls the same way and whose label shares the longest run of characters with the headline's term (at
least three: "外贸进出口" ~ "货物贸易进出口总值", not "出口"), that run being longer than any other lead
change's. Periods must agree when both are stated as months or quarters ("5月" is not "1—5月").
Rows go to the repeats table (``where`` = headline), so figure_mismatch judges them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import regex

from checks.claims.articles import Article, FigureIndex, RowsByStart
from checks.claims.common import BASIS, DIR_ANY, FIGURE_CHARS, LEX, PCT, RowMaker, Template, clean_label, direction_of
from checks.claims.context import Context
from checks.claims.lexicon import alternation
from checks.claims.repeated import _repeat_row as repeat_row

_HEAD_RATE = regex.compile(
    rf"(?P<term>[^,，、。;；:：!！?？\s{FIGURE_CHARS}]{{2,30}}?)\s*(?:{BASIS})?\s*(?P<dir>{DIR_ANY})\s*(?P<pct>[{PCT}])"
)
_RUN_MIN = 3
_HEAD = 2
# Scope and period words say where and when, not what: "我国服务出口" is compared as "服务出口".
_WHERE_WHEN = regex.compile(
    "|".join([alternation(tuple(LEX.scope_whole))] + [pattern.pattern for _, pattern in LEX.period_patterns])
)


def _name(text: str) -> str:
    return str(_WHERE_WHEN.sub("", clean_label(text)))


def _head_in(term: str, label: str) -> bool:
    """The term's last characters (its head noun) appear in order in the label ("营收" in "营业收入")."""
    it = iter(label)
    return all(ch in it for ch in term[-_HEAD:])


_STRICT_PERIODS = ("month:", "range:")


def _longest_run(a: str, b: str) -> int:
    """The length of the longest string of characters that both contain (short labels: quadratic is fine)."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def _best(term: str, names: Sequence[str]) -> int | None:
    """The lead change whose name shares the longest run (three characters or more) with the term, when
    no other shares as long a run; on a tie, the one whose whole name ends the term ("服务出口" ~ "出口",
    not "服务进出口总额")."""
    scored = sorted(((_longest_run(term, name), i) for i, name in enumerate(names)), reverse=True)
    if not scored:
        return None
    top = [i for run, i in scored if run == scored[0][0]]
    if len(top) == 1 and scored[0][0] >= _RUN_MIN:
        return top[0]
    ending = [i for i in top if len(names[i]) >= _HEAD and term.endswith(names[i])]
    return ending[0] if len(ending) == 1 and scored[0][0] >= _HEAD else None


def _periods_agree(a: str, b: str) -> bool:
    return a == b or not (a.startswith(_STRICT_PERIODS) and b.startswith(_STRICT_PERIODS))


def build_headline_rates(
    tpl: Template,
    rows: RowMaker,
    articles: Sequence[Article],
    changes: Sequence[dict[str, Any]],
    ctx: Mapping[int, Context],
    index: FigureIndex,
) -> list[dict[str, Any]]:
    doc = tpl.doc
    out: list[dict[str, Any]] = []
    by_start = RowsByStart(changes)  # each article takes its lead's rows by bisection
    for article in articles:
        lead = [
            c
            for c in by_start.within(article.body_start, article.lead_end)
            if c["source"] == "change" and c["pct_kind"] == "percent" and c["pct_dir"]
        ]
        if not lead:
            continue
        body_pcts = [(p, f) for p, f in index.within(article.body_start, article.body_end) if f.kind == "percent"]
        for line in article.headlines:
            h_start = doc.line_starts[line - 1]
            heads = [
                (p, f) for p, f in index.within(h_start, h_start + len(doc.line_text(line))) if f.kind == "percent"
            ]
            for pos, fig in heads:
                m = _match_before(tpl, pos)
                if m is None or not fig.is_exact or fig.approximate:
                    continue
                term = _name(m.group("term"))
                same = [(p, f) for p, f in body_pcts if (f.low, f.high) == (fig.low, fig.high)]
                if same:  # the body prints the same rate: confirmed
                    out.append(repeat_row(tpl, rows, "headline", term, pos, fig, *same[0]))
                    continue
                head_dir = direction_of(m.group("dir"))
                names = [_name(str(c["label"])) for c in lead]
                chosen = _best(term, names)
                if chosen is None:
                    continue
                body = lead[chosen]
                if body["pct_dir"] != head_dir or not _head_in(term, names[chosen]):
                    continue
                found = [
                    (p, f)
                    for p, f in index.within(int(body["start"]), int(body["end"]))
                    if f.kind == "percent" and f.text == body["pct_text"]
                ]
                if len(found) != 1:
                    continue
                body_pos, body_fig = found[0]
                if not _periods_agree(ctx[pos].period, ctx[body_pos].period):
                    continue
                out.append(repeat_row(tpl, rows, "headline", term, pos, fig, body_pos, body_fig))
    return out


def _match_before(tpl: Template, pos: int) -> regex.Match[str] | None:
    """The headline's "term (basis) direction percent" ending at the percent at ``pos``."""
    start = max(0, pos - 40)
    for m in _HEAD_RATE.finditer(tpl.text, start, pos + 1):
        if m.start("pct") == pos:
            return m
    return None
