"""Shares: a part of a 其中 breakdown with its stated share of the whole.

"审结120件150人,其中批准逮捕90件120人,逮捕率为80%" states 120 / 150 = 80 %; "常住人口52万人,
其中城镇人口26.5万人,占总人口的51%" states 26.5 / 52. The whole is the breakdown's own
(``build_parts`` reports which figure each part belongs to), never a figure found by proximity, and
the share is tied only when its words name that whole or that part:

- "占比", "占" + nothing, "占总数/总量/全部…" (lexicon ``forms.share_wholes``), or "占" + a name the
  whole's label contains ("占总人口" on "年末全国大陆总人口");
- "X率" whose stem X is part of the part's label ("逮捕率" after "批准逮捕"); a growth or average
  stem (增长率, 人均…) never is.

A whole of two units (件 and 人) gives both pairs in one row: the rate may be of either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import regex

from checks.claims.change import PAREN
from checks.claims.common import (
    AFTER_DIR,
    BASIS,
    COUNT,
    DIR_ANY,
    DIR_RATE,
    FIGURE_CHARS,
    LEX,
    MEASURE,
    MONEY,
    PCT,
    POINTS,
    RowMaker,
    Template,
    clean_label,
    figure_columns,
    stretches,
)
from checks.claims.lexicon import alternation, words

_NAME = rf"[^,，。;；:：、\n{FIGURE_CHARS}()（）]"
# The share clause right after a part (shared with part_whole, whose list walker skips it).
SHARE_CLAUSE = regex.compile(
    rf"\G[,，](?:(?P<stem>\p{{Han}}{{1,6}}?)率|占(?P<whole_word>{_NAME}{{0,12}}?)的?"
    rf"(?P<noun>{alternation(words('forms', 'share_nouns'))})?)"
    rf"{PAREN}(?:为|是|达到|达)?(?P<pct>[{PCT}])"
)
# A part may carry its own change before its share ("其中出口1.5万亿元,增长13.9%,占…").
_PART_CHANGE = regex.compile(
    rf"\G[,，](?:{BASIS})?[,，]?(?:{DIR_RATE}|{DIR_ANY}){AFTER_DIR}[{PCT}{POINTS}{COUNT}{MONEY}{MEASURE}]"
)
_SHARE_WHOLES = frozenset(words("forms", "share_wholes"))
_NOT_SHARE_STEM = regex.compile(alternation(words("forms", "not_share_stems")))
_STEM_MIN = 2
_GENERIC = alternation(tuple(w for w in _SHARE_WHOLES if len(w) > 1))
_GENERIC_AROUND = regex.compile(rf"^(?:{_GENERIC}|总)|(?:{_GENERIC}|数)$")


@dataclass(frozen=True)
class PartLink:
    """One part of a 其中 list: its template position, its label and its whole's position."""

    whole_pos: int
    part_pos: int
    label: str


def _names_whole(word: str, whole_label: str) -> bool:
    """占 + nothing, a generic whole (总数), or a name the whole's label holds once the generic words
    around it are gone ("占总人口" on "年末全国大陆总人口", "占接报警总数" on "共接报警")."""
    word = word.strip()
    if word in _SHARE_WHOLES or not word:
        return True
    core = _GENERIC_AROUND.sub("", word)
    return any(len(w) >= _STEM_MIN and w in whole_label for w in (word, core))


def _names_part(stem: str, part_label: str) -> bool:
    return len(stem) >= _STEM_MIN and not _NOT_SHARE_STEM.search(stem) and stem in part_label


def build_shares(tpl: Template, rows: RowMaker, links: Sequence[PartLink]) -> list[dict[str, Any]]:
    """One share row per part followed by a share clause whose words name its whole or the part."""
    by_part = {link.part_pos: link for link in links}
    out: list[dict[str, Any]] = []
    for link in links:
        if link.part_pos - 1 in by_part and by_part[link.part_pos - 1].label == link.label:
            continue  # the second unit of a pair ("90件120人"): handled with the first
        pair = by_part.get(link.part_pos + 1)
        if pair is not None and (pair.label != link.label or pair.whole_pos == link.whole_pos):
            pair = None
        last = pair.part_pos if pair is not None else link.part_pos
        change = _PART_CHANGE.match(tpl.text, last + 1)
        m = SHARE_CLAUSE.match(tpl.text, change.end() if change else last + 1)
        if m is None:
            continue
        whole = tpl.fig(link.whole_pos)
        whole_label = clean_label(whole.label or tpl.label_before(link.whole_pos))
        if m.group("stem") is not None:
            if not _names_part(m.group("stem"), link.label):
                continue
            word = f"{m.group('stem')}率"
        else:
            if not _names_whole(m.group("whole_word") or "", whole_label):
                continue
            word = f"占{m.group('whole_word') or ''}{m.group('noun') or ''}"
        part, pct = tpl.fig(link.part_pos), tpl.fig(m.start("pct"))
        part2 = tpl.fig(pair.part_pos) if pair is not None else None
        whole2 = tpl.fig(pair.whole_pos) if pair is not None else None
        start, end = tpl.orig_span(tpl.clause_start(link.whole_pos), m.end())
        highlights = [f.text for f in (whole, whole2, part, part2, pct) if f is not None]
        out.append(
            rows.row(
                "share",
                start,
                end,
                highlights,
                share_word=word,
                whole_label=whole_label,
                part_label=link.label,
                **figure_columns("part", part),
                **figure_columns("whole", whole),
                **figure_columns("part2", part2),
                **figure_columns("whole2", whole2),
                **figure_columns("pct", pct),
            )
        )
    return out


# "A 48.6万件,B 5.2万件,C 0.3万件,分别占…总数的89.8%、9.6%、0.6%", "分别为5200亿元、2600亿元和1300亿元,
# 占全省比重分别为57.1%、28.6%和14.3%": listed figures of one unit, then their shares of one named whole.
_LIST_ITEM = rf"(?:{_NAME}{{0,20}}?)[{COUNT}{MONEY}{MEASURE}]"
_SHARE_LIST = regex.compile(
    rf"(?P<items>{_LIST_ITEM}(?:[、,，和与及]{_LIST_ITEM})+)[,，]?(?:分别)?占(?P<whole_word>{_NAME}{{1,16}}?)的?"
    rf"(?:{alternation(words('forms', 'share_nouns'))})?(?:分别)?(?:为|是|达)?"
    rf"(?P<pcts>[{PCT}](?:[、和与及][{PCT}])+)"
)
_LIST_WORDS = regex.compile(r"[、和与及]")
# Every _SHARE_LIST match holds a pair of listed percents and none holds a stop: only the stretches
# between stops that hold such a pair are searched.
_PCT_PAIR = regex.compile(rf"[{PCT}][、和与及][{PCT}]")
_LIST_STOPS = "。;；:：\n"
_NAME_TAIL = regex.compile(r"(?:为|是|达|有)$")
_RESPECTIVELY = regex.compile(r"分别(?:为|是|达|有)?$")
_HEAD_NOUN = 2


# A whole named only by its place ("分别占全省的9.2%和7.8%"): the place's total of each item, one whole per item.
_PLACE_WORDS = alternation(tuple(LEX.scope_whole) + LEX.countries)
_PLACE_ONLY = regex.compile(rf"^(?:同期)?(?:{_PLACE_WORDS}|\p{{Han}}{{2,6}}?(?:省|自治区|市|县|州))(?:同期)?$")


def _one_breakdown(tpl: Template, start: int, positions: list[int], whole_word: str) -> bool:
    """The listed figures are parts of one whole: a bare list after 分别为 ("A、B和C分别为x、y和z"), or
    figures whose names share a head noun of two characters ("民事一审案件", "民事二审案件") when the
    whole is named by more than its place: "粮食产量62.3万吨、油料产量4.1万吨,分别占全省的8.2%和5.6%"
    are shares of the province's grain and of its oilseed."""
    names, at = [], start
    for p in positions:
        names.append(tpl.text[at:p].lstrip("、,，和与及"))
        at = p + 1
    if _RESPECTIVELY.search(names[0]) and all(not n for n in names[1:]):
        return True
    if _PLACE_ONLY.match(whole_word):
        return False
    heads = [str(_NAME_TAIL.sub("", n)) for n in names]
    if any(len(h) < _HEAD_NOUN for h in heads):
        return False
    return all(h[-_HEAD_NOUN:] == heads[0][-_HEAD_NOUN:] for h in heads[1:])


def build_share_lists(tpl: Template, rows: RowMaker) -> list[dict[str, Any]]:
    """One row per list of figures followed by as many shares of one whole ("分别占…的x%、y%")."""
    out: list[dict[str, Any]] = []
    matches = (
        m for lo, hi in stretches(tpl.text, _PCT_PAIR, _LIST_STOPS) for m in _SHARE_LIST.finditer(tpl.text, lo, hi)
    )
    for m in matches:
        if "分别" not in m.group() or _LIST_WORDS.search(m.group("whole_word")):
            continue  # "分别占…总数和总面积的…": a whole per item, not one whole
        positions = tpl.positions_in(m.start("items"), m.end("items"))
        if not _one_breakdown(tpl, m.start("items"), positions, m.group("whole_word")):
            continue  # "营业额1160亿元,新签合同额1750亿元,分别占同期总额的…": each of its own total
        parts = [tpl.fig(p) for p in positions]
        pcts = [tpl.fig(p) for p in tpl.positions_in(m.start("pcts"), m.end("pcts"))]
        if len(parts) != len(pcts) or len({(f.kind, f.unit) for f in parts}) != 1:
            continue
        if any(f.low is None or f.high is None or f.approximate for f in parts + pcts):
            continue  # a bound or an approximate value: no whole can be told from it
        start, end = tpl.orig_span(m.start("items"), m.end())
        out.append(
            rows.row(
                "share_list",
                start,
                end,
                [f.text for f in parts + pcts],
                whole_word=m.group("whole_word"),
                parts_text=tuple(f.text for f in parts),
                part_lows=tuple(str(f.low) for f in parts),
                part_highs=tuple(str(f.high) for f in parts),
                pcts_text=tuple(f.text for f in pcts),
                pct_lows=tuple(str(f.low) for f in pcts),
                pct_highs=tuple(str(f.high) for f in pcts),
            )
        )
    return out
