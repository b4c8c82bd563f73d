"""An issue cut into articles: headline lines, lead paragraph and body.

A byline line (…报讯, 本报讯, 央视网消息, □ 记者名; see the lexicon) opens an article, and the short lines
without a closing 。 right above it are its headlines; a line starting with ``#`` is a headline too, so
a bulletin or page of many stories is many articles. Figures are compared only within one article.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

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
