"""Figures repeated within an issue, and headline directions against the body's changes.

An issue is cut into articles: a byline line (河北法制报讯, 本报讯, □ 记者名) opens an article, and the short
lines without a closing 。 right above it (or lines starting with ``#``) are its headlines. A headline
figure is tied to a body figure of its article only when both carry the same cleaned label and unit;
when the body states that label with different values the tie is ambiguous and no claim is made.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import regex

from checks.claims.change import change_columns
from checks.claims.common import (
    COUNT,
    MONEY,
    RowMaker,
    Template,
    clean_label,
    figure_columns,
    same_unit,
)
from checks.figure import Figure

_BYLINE = regex.compile(r"^\s*(?:#+\s*)?(?:河北法制报讯|本报讯|□\s*\S)")  # □ 王量 郭建博: a reporter byline
_SENTENCE_END = regex.compile(r"[。!！?？;；]\s*$")
_TOTAL = regex.compile(r"共|全市|全省|全县|全区|累计|总")
HEADLINE_MAX = 40
_TIME = regex.compile(
    r"[0-9]{4}年|[0-9]{1,2}月|[0-9]{1,2}至[0-9]{1,2}月|去年|上年|今年|本年|同期|上半年|下半年|前三季度|"
    r"[一二三四]季度|全年|期间|以来|开展以来|专项行动|行动|春节|国庆|假期|节日|汛期|夏季|冬季|春季|秋季|"
    r"[0-9一二三四五六七八九十百]+天|[0-9一二三四五六七八九十]+个月|近[0-9一二三四五六七八九十]+年|当日|当天|当月"
)
_PAST = frozenset({"去年", "上年", "同期"})
_DEFAULT_PERIOD = frozenset({"今年", "本年", "全年"})

_HEAD_DIR = regex.compile(
    r"(?P<terms>[^,，、。;；:：\s]{2,30}?)(?P<dir>上升|下降|增长|减少|增加|降低|提升|提高|下滑|回落|攀升)"
    r"(?=$|[,，、。;；\s])"
)
_TERM = regex.compile(r".+?(?:数量|数|额|$)")
_TERM_FILLER = regex.compile(r"^(?:实现|全市|全省|双|均)+|(?:数量|人数|数|量|额)$")


@dataclass
class Article:
    """Headline lines (1-based numbers) and the original-offset range of the article's body."""

    headlines: list[int] = field(default_factory=list)
    body_start: int = 0
    body_end: int = 0


def segment(tpl: Template) -> list[Article]:
    """Articles of the issue; an article without a headline is not returned (nothing to compare)."""
    doc = tpl.doc
    lines = doc.text.split("\n")
    n = len(lines)
    is_head = [False] * n
    bylines = [i for i, line in enumerate(lines) if _BYLINE.match(line)]
    for i, line in enumerate(lines):
        if line.lstrip().startswith("#") and not _BYLINE.match(line):
            is_head[i] = True
    for b in bylines:
        j = b - 1
        taken = 0
        while j >= 0 and taken < 4:
            text = lines[j].strip()
            if not text:
                j -= 1
                continue
            if len(text) > HEADLINE_MAX or _SENTENCE_END.search(text):
                break
            is_head[j] = True
            taken += 1
            j -= 1
    articles: list[Article] = []
    current: Article | None = None
    for i in range(n):
        if is_head[i]:
            if current is None or current.body_end > current.body_start:
                current = Article()
                articles.append(current)
            current.headlines.append(i + 1)
            continue
        if current is None or not lines[i].strip():
            continue
        start = doc.line_starts[i]
        end = start + len(lines[i])
        if current.body_end == current.body_start:
            current.body_start = start
        current.body_end = end
    return [a for a in articles if a.headlines and a.body_end > a.body_start]


def _label(tpl: Template, pos: int) -> str:
    fig = tpl.fig(pos)
    return clean_label(fig.label or tpl.label_before(pos))


def _figures_in(tpl: Template, start: int, end: int) -> list[tuple[int, Figure]]:
    return [(pos, fig) for pos, fig in sorted(tpl.figures.items()) if start <= fig.start and fig.end <= end]


def build_repeats(tpl: Template, rows: RowMaker, articles: Sequence[Article]) -> list[dict[str, Any]]:
    """Headline figure vs body figure, and two totals of one label inside an article."""
    doc = tpl.doc
    out: list[dict[str, Any]] = []
    for article in articles:
        body = [
            (pos, fig, _label(tpl, pos))
            for pos, fig in _figures_in(tpl, article.body_start, article.body_end)
            if tpl.text[pos] in (COUNT, MONEY) and fig.is_exact
        ]
        for line in article.headlines:
            h_start = doc.line_starts[line - 1]
            h_end = h_start + len(doc.line_text(line))
            for pos, fig in _figures_in(tpl, h_start, h_end):
                if tpl.text[pos] not in (COUNT, MONEY):
                    continue
                label = _label(tpl, pos)
                if len(label) < 3:
                    continue
                matches = [(p, f) for p, f, lab in body if lab == label and same_unit(f, fig)]
                pair = _pick(fig, matches)
                if pair is not None:
                    out.append(_repeat_row(tpl, rows, "headline", label, pos, fig, pair[0], pair[1]))
        totals = [(p, f, lab) for p, f, lab in body if len(lab) >= 4 and _TOTAL.search(tpl.label_before(p, 30))]
        for i, (p1, f1, lab1) in enumerate(totals):
            for p2, f2, lab2 in totals[i + 1 :]:
                label = _same_quantity(tpl, p1, lab1, p2, lab2)
                if label and same_unit(f1, f2) and _same_period(tpl, p1, p2):
                    out.append(_repeat_row(tpl, rows, "body", label, p1, f1, p2, f2))
                    break
    return out


_WHOLE_SCOPE = regex.compile(r"(?:全市|全省|全县|全区|全国)$")
_NOUN_MIN = 4


def _same_quantity(tpl: Template, p1: int, lab1: str, p2: int, lab2: str) -> str:
    """The label two totals share, or "" when the text does not tie them together.

    Equal labels tie. So does a figure printed as "全市1553个智慧平安社区" (the noun after its
    classifier, the whole scope right before it) with "共建成智慧平安社区1553个" when the noun is the
    tail of the other label (four characters or more): "全市N个X" states the whole scope's count of X.
    """
    if lab1 == lab2:
        return lab1
    after = [not clean_label(tpl.label_before(p)) and bool(_WHOLE_SCOPE.search(tpl.label_before(p))) for p in (p1, p2)]
    if after[0] == after[1]:
        return ""
    before_label, after_label = (lab2, lab1) if after[0] else (lab1, lab2)
    for size in range(min(len(before_label), len(after_label)), _NOUN_MIN - 1, -1):
        if after_label.startswith(before_label[-size:]):
            return before_label
    return ""


def _time_markers(tpl: Template, pos: int) -> set[str]:
    """Time words of the sentence before a figure ("2021年", "去年", "1至9月")."""
    norm = tpl.doc.norm[tpl.norm_start[tpl.sentence_start(pos)] : tpl.norm_start[pos]]
    return set(_TIME.findall(norm))


def _same_period(tpl: Template, p1: int, p2: int) -> bool:
    """Two totals are compared only when their sentences name the same periods, or none beyond the
    issue's own year (今年, 本年, 全年): "全年…共查处9129起" and "百日行动期间…共查处1200起" are
    different totals of one label, and so are "2021年…" and an unmarked sentence."""
    return _time_markers(tpl, p1) - _DEFAULT_PERIOD == _time_markers(tpl, p2) - _DEFAULT_PERIOD


def _pick(fig: Figure, matches: list[tuple[int, Figure]]) -> tuple[int, Figure] | None:
    """The body figure a headline figure restates: one that agrees, else the single stated value."""
    if not matches:
        return None
    for pos, other in matches:
        if (other.low, other.high) == (fig.low, fig.high) or other.value == fig.value:
            return pos, other
    if len({(f.value, f.unit) for _, f in matches}) != 1:
        return None
    return matches[0]


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


def build_headline_directions(
    tpl: Template, rows: RowMaker, articles: Sequence[Article], changes: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """ "破案数上升、发案数下降" in a headline against the direction of the body's matching change."""
    doc = tpl.doc
    out: list[dict[str, Any]] = []
    for article in articles:
        body_changes = [
            c
            for c in changes
            if article.body_start <= int(c["start"]) < article.body_end
            and c["source"] == "change"
            and (c["pct_dir"] or c["delta_dir"])
        ]
        if not body_changes:
            continue
        for line in article.headlines:
            line_start = doc.line_starts[line - 1]
            text = doc.norm[_norm_index(tpl, line_start) : _norm_index(tpl, line_start) + len(doc.line_text(line))]
            for m in _HEAD_DIR.finditer(text):
                for term, t_start, t_end in _split_terms(m.group("terms"), m.start("terms")):
                    core = _TERM_FILLER.sub("", term)
                    if len(core) < 2:
                        continue
                    matched = [c for c in body_changes if _term_matches(core, clean_label(str(c["label"])))]
                    if len(matched) != 1:
                        continue
                    body = matched[0]
                    body_dir = str(body["pct_dir"] or body["delta_dir"])
                    n0 = _norm_index(tpl, line_start)
                    start, _ = doc.orig_span(n0 + t_start, n0 + t_end)
                    _, end = doc.orig_span(n0 + m.start("dir"), n0 + m.end("dir"))
                    head_dir = "up" if m.group("dir") in ("上升", "增长", "增加", "提升", "提高", "攀升") else "down"
                    columns = change_columns(
                        source="headline",
                        label=core,
                        basis=str(body["basis"]),
                        current=None,
                        direction=body_dir,
                        direction_word=str(body["pct_word"] or body["delta_word"]),
                        headline_text=term + m.group("dir"),
                        headline_dir=head_dir,
                    )
                    columns.update(
                        {
                            "body_line": int(body["line"]),
                            "body_excerpt": str(body["excerpt"]),
                            "body_highlights": "\x1f".join(body["highlights"]),
                            "current_text": body["current_text"],
                        }
                    )
                    out.append(rows.row("headline", start, end, [term, m.group("dir")], **columns))
    return out


def _norm_index(tpl: Template, orig: int) -> int:
    """The norm offset of an original offset (first norm character at or after it)."""
    import bisect

    return bisect.bisect_left(tpl.doc.norm_to_orig, orig)


def _split_terms(terms: str, offset: int) -> list[tuple[str, int, int]]:
    return [(m.group(), offset + m.start(), offset + m.end()) for m in _TERM.finditer(terms) if m.group()]


_ACTION = regex.compile(r"破获|侦破|抓获|挽回|挽损|追回|查处|打掉|捣毁|冻结|返还|止付|劝阻|拦截|救助|处理|化解")


def _term_matches(core: str, label: str) -> bool:
    """A headline term names a body label: the label is the end of the term ("群众损失" ~ "损失"), or
    the term's characters appear in order in the label and every action word of the label (破获, 挽回
    …) is echoed in the term: "破案" ~ "破获电信诈骗案件", but "盗窃案件" is not "破获盗窃案件" (cases
    solved are not cases reported) and "群众损失" is not "为群众挽回损失"."""
    if len(label) >= 2 and core.endswith(label):
        return True
    if len(core) < 2:
        return False
    actions = _ACTION.findall(label)
    if any(action[0] not in core for action in actions):
        return False  # the label acts on the thing (破获, 挽回 …) and the term does not say so
    if label.endswith(core):
        return True
    it = iter(label)  # "破案" ~ "破获电信诈骗案件": the term's characters in order
    return all(ch in it for ch in core)
