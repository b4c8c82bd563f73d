"""An issue cut into articles: headline lines, lead paragraph and body, and the heads each figure line
of a headline kind is checked against.

A byline line (…报讯, 本报讯, 本报杭州3月5日电, 央视网消息, □ 记者名; see the lexicon) opens an article, and
the short lines without a closing 。 right above it are its headlines; a line starting with ``#`` is a
headline too, so a bulletin or page of many stories is many articles. Figures are compared only within one
article. ``Head`` adds the other lines that state a figure the body restates: a short title line inside
the body (a bold ``**…**`` sub-headline, a data-box line) heads the text after it up to the next such line;
a web article's title that runs into its first sentence on one line ("…再创新高某某网3月5日电 据…") heads
that article; and a bulletin's numbered summary line ("5.2023年底全市公共充电桩达1.2万个；") heads the
later story whose headline shares most of its words.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import regex

from checks.claims.common import LEX, Template
from checks.figure import Figure

_SENTENCE_END = regex.compile(r"[。!！?？;；]\s*$")
HEADLINE_MAX = 40


@dataclass
class Article:
    """Headline lines (1-based numbers), the original-offset range of the body and of its lead."""

    headlines: list[int] = field(default_factory=list)
    body_start: int = 0
    body_end: int = 0
    lead_end: int = 0  # the end of the first body paragraph that is not a byline alone


@dataclass(frozen=True)
class Head:
    """A headline-kind text span (original offsets) and the body range its figures are checked against;
    ``lead_end`` ends the part of that range that restates a headline first (its first paragraph)."""

    start: int
    end: int
    scope_start: int
    scope_end: int
    lead_end: int
    kind: str  # headline | title | subhead | summary
    text_start: int = -1  # where the head's own words start (after a summary line's "5." or "（1）")

    def __post_init__(self) -> None:
        if self.text_start < 0:
            object.__setattr__(self, "text_start", self.start)


def segment(tpl: Template) -> list[Article]:
    """Articles of the issue; an article without a headline is not returned (nothing to compare)."""
    doc = tpl.doc
    lines = doc.text.split("\n")
    n = len(lines)
    is_head = [False] * n
    bylines = [i for i, line in enumerate(lines) if LEX.is_byline(line)]
    for i, line in enumerate(lines):
        if line.lstrip().startswith("#") and not LEX.is_byline(line):
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
    taken = 0
    for i, line in enumerate(lines):  # a page's opening title lines (a crawled article has no byline above)
        if not line.strip():
            continue
        if taken == 4 or not _short_title(line) or LEX.is_byline(line):
            break
        is_head[i] = True
        taken += 1
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
        if not current.lead_end and _states_something(lines[i]):
            current.lead_end = end
        current.body_end = end
    for a in articles:
        a.lead_end = a.lead_end or a.body_end
    return [a for a in articles if a.headlines and a.body_end > a.body_start]


_BYLINE_ONLY = regex.compile(
    r"^[\s#*□]*(?:\p{Han}{0,10}报讯|本报讯|本台消息|央视网消息|本报记者|记者|通讯员)?[\s\p{Han}·()（）*]{0,12}$"
)


def _states_something(line: str) -> bool:
    """A body line that is more than a byline ("□ 记者 李明"): the lead is the first such line."""
    text = line.strip()
    return bool(text) and (len(text) > HEADLINE_MAX or "。" in text or not _BYLINE_ONLY.match(text))


class FigureIndex:
    """The template's figures in text order, to list those inside a range in O(log n + k)."""

    def __init__(self, tpl: Template) -> None:
        self.items: list[tuple[int, Figure]] = sorted(tpl.figures.items())
        self.starts = [fig.start for _, fig in self.items]

    def within(self, start: int, end: int) -> Sequence[tuple[int, Figure]]:
        """(template position, figure) of the figures lying inside the original range [start, end)."""
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end)
        return [(pos, fig) for pos, fig in self.items[lo:hi] if fig.end <= end]


class RowsByStart:
    """Claim rows by their ``start``, to take those starting inside a range in O(log n + k) (each
    article its own rows, not a scan of every row per article); in the order they were given."""

    def __init__(self, rows: Sequence[dict[str, Any]]) -> None:
        self.rows = rows
        self.order = sorted(range(len(rows)), key=lambda i: int(rows[i]["start"]))
        self.starts = [int(rows[i]["start"]) for i in self.order]

    def within(self, start: int, end: int) -> list[dict[str, Any]]:
        """The rows whose ``start`` lies in ``[start, end)``, in the order given."""
        chosen = self.order[bisect.bisect_left(self.starts, start) : bisect.bisect_left(self.starts, end)]
        return [self.rows[i] for i in sorted(chosen)]


_BOLD_LINE = regex.compile(r"^\s*\*\*(?P<text>[^*]{2,40})\*\*\s*$")
# "5.2023年底…" is item 5; "5.2%…" is a percent.
_SUMMARY_LINE = regex.compile(r"^\s*(?:[0-9]{1,2}[.．、](?!(?!(?:19|20)[0-9]{2}年)[0-9])|[（(][0-9]{1,2}[)）])")
SUMMARY_MAX = 80
_INLINE_TITLE_MAX = 60
_INLINE_TITLE_MIN = 4
_HAN_RUN = regex.compile(r"\p{Han}+")
_SUMMARY_MIN_SHARED = 4
_SUMMARY_MIN_GRAMS = 2  # "9.第20届农博会：" names its story by 农博会 alone


def _short_title(text: str) -> bool:
    """A line that reads as a title: short, no sentence inside or at its end."""
    text = text.strip().strip("*").strip()
    return 2 <= len(text) <= HEADLINE_MAX and "。" not in text and not _SENTENCE_END.search(text)


def _bigrams(text: str) -> set[str]:
    return {run[i : i + 2] for run in _HAN_RUN.findall(text) for i in range(len(run) - 1)}


def heads(tpl: Template, articles: Sequence[Article]) -> list[Head]:
    """Every headline-kind span of the issue with the body range it heads (see the module docstring)."""
    doc = tpl.doc
    lines = doc.text.split("\n")
    out: list[Head] = []
    title_lines: list[tuple[int, int]] = []  # (line index, article index) of the titles a summary may match
    for a_index, article in enumerate(articles):
        first = doc.line_of(article.body_start) - 1
        last = doc.line_of(max(article.body_start, article.body_end - 1)) - 1
        for line in article.headlines:
            start = doc.line_starts[line - 1]
            out.append(
                Head(
                    start,
                    start + len(lines[line - 1]),
                    article.body_start,
                    article.body_end,
                    article.lead_end,
                    "headline",
                )
            )
            title_lines.append((line - 1, a_index))
        subs = [
            i
            for i in range(first, last + 1)
            if _short_title(lines[i]) and not _SUMMARY_LINE.match(lines[i]) and not LEX.is_byline(lines[i])
        ]
        # A run of title lines (a data box over several lines) heads the text after the whole run.
        runs: list[list[int]] = []
        for i in subs:
            if runs and not any(lines[j].strip() for j in range(runs[-1][-1] + 1, i)):
                runs[-1].append(i)
            else:
                runs.append([i])
        run_last = {i: run[-1] for run in runs for i in run}
        ends = [
            doc.line_starts[runs[r + 1][0]] if r + 1 < len(runs) else article.body_end
            for r, run in enumerate(runs)
            for _ in run
        ]
        for i, scope_end in zip(subs, ends, strict=True):
            scope_start = doc.line_starts[i] + len(lines[i])
            lead_end = _lead_end(doc.line_starts, lines, run_last[i] + 1, scope_end)
            start = doc.line_starts[i]
            out.append(Head(start, start + len(lines[i]), scope_start, scope_end, lead_end, "subhead"))
            title_lines.append((i, a_index))
    out += _inline_title(tpl, lines)
    out += _summaries(tpl, lines, articles, out, title_lines)
    return out


def _lead_end(line_starts: Sequence[int], lines: Sequence[str], first: int, end: int) -> int:
    """The end of the first non-empty line from ``first`` on, capped at ``end``."""
    i = first
    while i < len(lines) and line_starts[i] < end:
        if lines[i].strip():
            return min(end, line_starts[i] + len(lines[i]))
        i += 1
    return end


def _inline_title(tpl: Template, lines: Sequence[str]) -> list[Head]:
    """A web page whose title runs into its dated first sentence on the first line ("…再创新高某某网
    3月5日电 据…"): the text before the dispatch heads the page."""
    doc = tpl.doc
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        m = LEX.dispatch.search(line, 0, _INLINE_TITLE_MAX)
        if m is None or len(line[: m.start()].strip()) < _INLINE_TITLE_MIN:
            return []
        start = doc.line_starts[i]
        body_start = start + m.start()
        return [Head(start, body_start, body_start, len(doc.text), start + len(line), "title")]
    return []


def _summaries(
    tpl: Template,
    lines: Sequence[str],
    articles: Sequence[Article],
    found: Sequence[Head],
    title_lines: Sequence[tuple[int, int]],
) -> list[Head]:
    """Numbered summary lines matched to the later title that shares most of their words (at least four
    character pairs and half of the shorter one's): the summary line heads that title's range."""
    doc = tpl.doc
    by_start = {h.start: h for h in found}
    heading_lines = {i for i, _ in title_lines}
    titles = [(i, _bigrams(lines[i])) for i, _ in sorted(title_lines)]
    out: list[Head] = []
    for i, line in enumerate(lines):
        text = line.strip()
        if not _SUMMARY_LINE.match(line) or len(text) > SUMMARY_MAX or "。" in text or i in heading_lines:
            continue
        grams = _bigrams(text)
        if len(grams) < _SUMMARY_MIN_GRAMS:
            continue
        scored = sorted(
            ((len(grams & g), j) for j, g in titles if j > i and g),
            reverse=True,
        )
        if not scored:
            continue
        best, j = scored[0]
        size = min(len(grams), len(_bigrams(lines[j])))
        if best < min(_SUMMARY_MIN_SHARED, len(grams)) or 2 * best < size or (len(scored) > 1 and scored[1][0] == best):
            continue
        head = by_start.get(doc.line_starts[j])
        if head is None:
            continue
        start = doc.line_starts[i]
        number = _SUMMARY_LINE.match(line)
        text_start = start + (number.end() if number else 0)
        out.append(
            Head(start, start + len(line), head.scope_start, head.scope_end, head.lead_end, "summary", text_start)
        )
    return out
