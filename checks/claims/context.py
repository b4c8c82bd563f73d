"""The statement context of every figure: its period, its scope and whether it is a part of a group.

Two statements are the same quantity only when subject, scope, period and unit agree. The subject is
the cleaned label (``common.clean_label``); this module reads the other two from the text before the
figure: the last period words of its sentence ("1—5月", "5月份", "一季度", "百日行动期间"; a sentence
without one states the article's own period) and the last scope words of its paragraph ("全球", "全国",
"日本", "衡水市"). A figure after 其中 (or in a "副主席中，…" group) is a part, never a total. One pass
over the document.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

from checks.claims.common import LEX, SENTENCE_MAX, Template
from checks.claims.lexicon import alternation

_SENTENCE_STOP = regex.compile(r"[。;；!！?？]")
_RANGE_CANON = regex.compile(r"(?:[—–\-~～]+|至|到)")
_PART = regex.compile(alternation(("其中",)))
_GROUP = regex.compile(r"^[^,，。;；:：\n]{1,12}中[,，]")
_SCOPE_WORDS = regex.compile(alternation(tuple(LEX.scope_whole) + LEX.countries))
# A named place opening a clause: "衡水市公安局…", "黑龙江省…" (two to four characters and a suffix).
_PLACE = regex.compile(r"(?:^|(?<=[,，。;；:：\s]))(?P<name>\p{Han}{2,4}?)(?P<suffix>省|市|县)(?=\p{Han})")
_PLACE_LEVEL = {"省": "province", "市": "city", "县": "county"}


@dataclass(frozen=True)
class Context:
    """Where and when a figure's statement holds.

    ``period`` is "" when no period word precedes it in its sentence (the article's own period);
    ``scope`` is ``(level, name)``: ("", "") unstated, ("city", "") for 全市, ("city", "衡水") for
    衡水市, ("place", "日本") for a country or region.
    """

    period: str
    scope: tuple[str, str]
    part: bool
    paragraph: int  # the norm offset where the figure's paragraph starts


_CN_MONTH = {c: str(i) for i, c in enumerate("一二三四五六七八九", start=1)} | {"两": "2"}
_MONTH_NUMBER = regex.compile(r"十[一二]|十|[一二三四五六七八九两]")
_FIRST_MONTHS = regex.compile(r"^前([0-9]{1,2})个?月$")


def _arabic(text: str) -> str:
    """Chinese month numerals as digits, so that "1—5月" and "一至五月" give one key."""

    def one(m: regex.Match[str]) -> str:
        word = str(m.group())
        return {"十": "10", "十一": "11", "十二": "12"}.get(word) or _CN_MONTH[word]

    return str(_MONTH_NUMBER.sub(one, text))


def _period_key(kind: str, text: str) -> str:
    """A canonical key: "1—5月", "1至5月份" and "前5个月" are one period, "5月份" another."""
    if kind == "default":
        return ""
    text = text.replace("份", "").replace("以来", "").replace(" ", "")
    if kind in ("range", "month"):
        text = _arabic(text)
    if kind == "range":
        text = _RANGE_CANON.sub("-", text).replace("月-", "-")
        first = _FIRST_MONTHS.match(text)
        if first:
            text = f"1-{first.group(1)}月"
    return f"{kind}:{text}"


_META = frozenset("\\()[]{}|?*+.^$")


def _literal_tail(pattern: str) -> tuple[str, ...] | None:
    """The words one of which every match of ``pattern`` ends with, when the pattern (no top-level
    ``|``) ends in a group of plain words, ``…(?:期间|以来|行动中)``; else None.

    A paragraph holding none of them cannot match, so the pattern is not run over it: the lazy
    ``[^,…]{2,12}?`` in front of such a group is tried at every character otherwise (most of the
    claims stage's time on real news)."""
    if not pattern.endswith(")"):
        return None
    depth, escaped, in_class, group_start = 0, False, False, -1
    for index, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            if depth == 0:
                group_start = index
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return None
    body = pattern[group_start:]
    if not body.startswith("(?:"):
        return None
    words = tuple(body[3:-1].split("|"))
    if not all(words) or any(c in _META for word in words for c in word):
        return None
    return words


PeriodPatterns = tuple[tuple[str, "regex.Pattern[str]", tuple[str, ...] | None], ...]
_PERIOD_PATTERNS: PeriodPatterns = tuple(
    (kind, pattern, None if pattern.flags & (regex.IGNORECASE | regex.VERBOSE) else _literal_tail(pattern.pattern))
    for kind, pattern in LEX.period_patterns
)


def _possible_periods(text: str) -> PeriodPatterns:
    """The period patterns whose literal tail occurs somewhere in ``text`` (a document): only they are
    tried on its paragraphs."""
    return tuple(
        (kind, pattern, needs)
        for kind, pattern, needs in _PERIOD_PATTERNS
        if needs is None or any(word in text for word in needs)
    )


def _periods(text: str, patterns: PeriodPatterns = _PERIOD_PATTERNS) -> list[tuple[int, int, str]]:
    """(start, end, key) of the period words of a paragraph, without overlaps (earlier patterns win)."""
    found: list[tuple[int, int, str]] = []
    for kind, pattern, needs in patterns:
        if needs is not None and not any(word in text for word in needs):
            continue
        # ``found`` holds the earlier patterns' spans, sorted and disjoint, so their ends ascend too; a
        # pattern's own matches come in text order: one pointer finds the first span ending after each.
        taken, k, added = found, 0, []
        for m in pattern.finditer(text):
            start, end = m.span()
            while k < len(taken) and taken[k][1] <= start:
                k += 1
            if k < len(taken) and taken[k][0] < end:
                continue
            added.append((start, end, _period_key(kind, m.group())))
        if added:
            found = sorted(found + added)
    return found


def _scopes(text: str) -> list[tuple[int, tuple[str, str]]]:
    """(end, scope) of the scope words of a paragraph, in text order."""
    found: list[tuple[int, tuple[str, str]]] = []
    for m in _SCOPE_WORDS.finditer(text):
        word = m.group()
        level = LEX.scope_whole.get(word)
        found.append((m.end(), (level, "") if level else ("place", word)))
    for m in _PLACE.finditer(text):
        found.append((m.end(), (_PLACE_LEVEL[m.group("suffix")], m.group("name"))))
    found.sort()
    return found


def figure_contexts(tpl: Template) -> dict[int, Context]:
    """The context of every figure of the template, keyed by template position."""
    norm = tpl.doc.norm
    positions = sorted(tpl.figures)
    offsets = [tpl.norm_start[p] for p in positions]
    out: dict[int, Context] = {}
    possible = _possible_periods(norm)
    start = 0
    k = 0
    while start <= len(norm) and k < len(positions):
        end = norm.find("\n", start)
        end = len(norm) if end < 0 else end
        if offsets[k] >= end:
            start = end + 1
            continue
        para = norm[start:end]
        periods = _periods(para, possible)
        period_ends = [e for _, e, _ in periods]
        scopes = _scopes(para)
        scope_ends = [e for e, _ in scopes]
        stops = [m.end() for m in _SENTENCE_STOP.finditer(para)]
        while k < len(positions) and offsets[k] < end:
            at = offsets[k] - start
            sentence = stops[bisect.bisect_right(stops, at) - 1] if stops and stops[0] <= at else 0
            sentence = max(sentence, at - SENTENCE_MAX)  # see common.SENTENCE_MAX
            i = bisect.bisect_right(period_ends, at)
            period = periods[i - 1][2] if i and periods[i - 1][0] >= sentence else ""
            j = bisect.bisect_right(scope_ends, at)
            scope = scopes[j - 1][1] if j else ("", "")
            before = para[sentence:at]
            part = bool(_PART.search(before) or _GROUP.search(before))
            out[positions[k]] = Context(period=period, scope=scope, part=part, paragraph=start)
            k += 1
        start = end + 1
    return out


def same_scope(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Two scopes can be one: equal, one unstated, or a level's whole (全市) and a place of that level."""
    if a == b or not a[0] or not b[0]:
        return True
    return a[0] == b[0] and (not a[1] or not b[1])
