"""Parts of a whole ("共查处酒驾9129起,其中醉驾1918起") and small arithmetic ("核载7人,实载10人,超员3人").

A part is only tied to the figure right before "其中" and only when both measure the same thing.
Arithmetic claims come from a short list of fixed phrasings whose relation is certain.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import regex

from checks.claims.breakdown import complementary
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
    SENTENCE_MAX,
    RowMaker,
    Template,
    clean_label,
    figure_columns,
    is_plain_amount,
    same_unit,
)
from checks.claims.lexicon import alternation, words
from checks.claims.share import SHARE_CLAUSE, PartLink
from checks.figure import Figure

# A named earlier year is a basis too ("比2018年增长3.8%"; the year is a date figure in the template).
_NAMED_BASIS = rf"(?:比|较){OTHER}"
# The whole may carry its change before 其中: "利润8381亿元,比上年增长5.1%,其中…"; a multiple after the
# direction word is a change too ("同比增长1.5倍").
_CHANGE_CLAUSE = (
    rf"(?:{GAP}(?:{BASIS}|{_NAMED_BASIS})?{GAP}(?:{DIR_RATE}|{DIR_ANY}){AFTER_DIR}[{PCT}{POINTS}{COUNT}{MONEY}{MEASURE}{OTHER}]"
    rf"(?:{GAP}(?:{DIR_RATE}|{DIR_LONG}){AFTER_DIR}[{PCT}{POINTS}])?)?"
)
# Before a sentence-opening 其中 the whole's sentence may end with its share of a larger whole ("…增长9%,
# 占全省进出口总值的40.2%。其中,…") or with one short figure-free remark ("…,与上年基本持平。其中,…"):
# neither names another quantity of the whole's unit. A remark that opens a sub-group ("…,在各类企业中。")
# or names one ("其") is not let through.
_SHARE_TAIL = rf"(?:[,，]占[^,，。;；:：\n{FIGURE_CHARS}]{{0,14}}?{PCT})?"
_REMARK = rf"(?:[,，][^,，。;；:：\n{FIGURE_CHARS}中其]{{2,16}})?"
# 其中 may open the next sentence: "进出口总值6200亿元,同比增长4.1%。其中,出口…" (the whole ends the first).
# The whole's noun may follow it ("520名外逃人员,其中…", "2万亿元投资,其中中央财政投资6000亿元").
_HEAD_AFTER = r"(?:[\p{Han}“”\"]{1,10}(?=[,，、]其中))?"
_BEFORE_PARTS = rf"(?:[,，、]?|{_SHARE_TAIL}{_REMARK}。)其中"
# A budget outturn beside an amount, before or after its change ("收入5200亿元,为预算的101.2%,增长3%";
# "支出…,完成预算的98.4%"): a share of the plan, not another quantity of the amount's unit.
_BUDGET = rf"(?:[,，](?:为|完成了|完成|达到|达)(?:{alternation(words('forms', 'budget_words'))})的?[{PCT}])"
_BUDGET_AT = regex.compile(rf"\G{_BUDGET}")
# Right after the whole: an aside in brackets ("326万辆(包括低速货车7万辆)", what the whole includes) or a
# share in words ("达到1.64万列、占全国一半以上"); neither is the figure 其中 divides.
_ASIDE = rf"(?:[(（][^()（）\n]{{1,40}}[)）]|[、,，]占[^,，。;；:：\n{FIGURE_CHARS}]{{1,12}}(?=[,，]其中))?"
_PART = regex.compile(
    rf"(?P<whole>[{COUNT}{MONEY}{MEASURE}]){_HEAD_AFTER}{_ASIDE}{_BUDGET}?{_CHANGE_CLAUSE}{_BUDGET}?{_BEFORE_PARTS}"
    rf"[,，:：]?"
    rf"(?P<label>[^,，。;；:：\n{FIGURE_CHARS}]{{0,20}}?)(?:为|有|达|共)?(?P<part>[{COUNT}{MONEY}{MEASURE}])"
)
# The next parts of one 其中 list: "其中境外输入107例,本土1379例" (a clause each, or 、-separated).
# A part may carry its own change ("其中铁路8705.1万人次、比去年同期增长5.2%,道路…"); parts may be
# separated by ; ("其中出口2.4万亿元,增长3%;进口1.8万亿元").
_PART_CHANGE = regex.compile(
    rf"\G[,，、](?:{BASIS})?{GAP}(?:{DIR_RATE}|{DIR_ANY}){AFTER_DIR}[{PCT}{POINTS}{COUNT}{MONEY}{MEASURE}]"
)
_NEXT_PART = regex.compile(
    rf"\G(?P<sep>[,，、;；])(?P<label>[^,，。;；:：\n{FIGURE_CHARS}]{{1,20}}?)(?:为|有|达|共)?(?P<part>[{COUNT}{MONEY}{MEASURE}])"
    rf"(?=$|[,，、。;；\n])"
)
_PAIRED_PART = regex.compile(
    rf"(?P<w1>[{COUNT}])(?P<w2>[{COUNT}]){_CHANGE_CLAUSE}{_BEFORE_PARTS}[,，:：]?"
    rf"(?P<label>[^,，。;；:：\n{FIGURE_CHARS}]{{0,20}}?)(?:为|有|达|共)?(?P<a1>[{COUNT}])(?P<a2>[{COUNT}])"
)
_NEXT_PAIR = regex.compile(
    rf"\G(?P<sep>[,，、;；])(?P<label>[^,，。;；:：\n{FIGURE_CHARS}]{{1,20}}?)(?:为|有|达|共)?(?P<a1>[{COUNT}])(?P<a2>[{COUNT}])"
    rf"(?=$|[,，、。;；\n])"
)
# A part label that compares or changes is not a part ("其中比上年增加5起").
_NOT_PART = regex.compile(alternation(LEX.not_part_words))
_NEW_SCOPE = regex.compile(alternation(tuple(LEX.scope_whole)))

# (pattern, names of a, b, c) for a - b = c, with the figures in text order a/b/c given by group name.
_ARITHMETIC = (
    (
        regex.compile(
            rf"核(?:定)?载(?:客|员|人)?(?:为)?(?P<b>{COUNT}){GAP}实(?:际)?载(?:客|员|人)?(?:为)?(?P<a>{COUNT}){GAP}"
            rf"(?P<cword>超员|超载)(?:了)?(?P<c>{COUNT})"
        ),
        "实载",
        "核载",
    ),
    (
        regex.compile(
            rf"限载(?:客|员|人)?(?P<b>{COUNT}){GAP}实(?:际)?载(?:客|员|人)?(?P<a>{COUNT}){GAP}"
            rf"(?P<cword>超员|超载)(?:了)?(?P<c>{COUNT})"
        ),
        "实载",
        "限载",
    ),
)


def _earlier_same_unit(tpl: Template, pos: int, whole: Figure, bridged: bool = False) -> bool:
    """Another figure of the whole's unit in the whole's clause or the clause before it ("抓获1200名,
    刑事拘留300人,其中…"): 其中 could refer to either. Figures further back belong to other clauses.
    When 其中 opens the next sentence (``bridged``), it may refer to any figure of the whole's sentence
    ("利润总额5200亿元,…,归属于母公司的净利润2100亿元。其中,省属企业…"): no other one may be there."""
    own = tpl.clause_start(pos)
    start = max(tpl.sentence_start(pos), tpl.clause_start(own - 1) if own > 0 else 0)
    if bridged:
        low = max(0, pos - SENTENCE_MAX)
        start = max(tpl.text.rfind("。", low, pos), tpl.text.rfind("\n", low, pos), low - 1) + 1
    return any(same_unit(tpl.fig(p), whole) for p in tpl.positions_in(start, pos))


def _bridged(m: regex.Match[str]) -> bool:
    """其中 opens the sentence after the whole's."""
    return "。" in m.group()[: m.group().find("其中")]


def build_parts(tpl: Template, rows: RowMaker, links: list[PartLink] | None = None) -> list[dict[str, Any]]:
    """One row per part of every 其中 list whose whole is a plain total of the same unit; ``links``
    receives each listed part with its whole (for the shares builder)."""
    out: list[dict[str, Any]] = []
    for m in _PART.finditer(tpl.text):
        whole_pos = m.start("whole")
        whole = tpl.fig(whole_pos)
        if not is_plain_amount(tpl, whole_pos, upper_bound=True):
            continue  # "比上年增加1500亿元,其中中央财政赤字9500亿元": the whole is a change, not a total
        if _earlier_same_unit(tpl, whole_pos, whole, _bridged(m)):
            continue  # "抓获1200名,刑事拘留300人,其中…": 其中 may refer to either figure
        parts = [(m.group("label"), m.start("part"), m.end())]
        whole_label = clean_label(whole.label or tpl.label_before(whole_pos))
        whole_words = tpl.text[tpl.clause_start(whole_pos) : whole_pos]
        at = m.end()
        while True:
            for clause in (_BUDGET_AT, _PART_CHANGE, _BUDGET_AT):  # "其中本级支出…,完成预算的99%,增长6%;…"
                done = clause.match(tpl.text, at)
                at = done.end() if done else at
            share = SHARE_CLAUSE.match(tpl.text, at)  # "其中出口…,占比55%,进口…"
            nxt = _NEXT_PART.match(tpl.text, share.end() if share else at)
            head_of = whole_label if _bridged(m) else ""  # see _continues
            if nxt is None or not _continues(nxt, parts[0][0], paired=False, whole_label=head_of):
                break
            parts.append((nxt.group("label"), nxt.start("part"), nxt.end()))
            at = nxt.end()
        listed: list[tuple[str, int, int]] = []
        for label, part_pos, end_pos in parts:
            if _NOT_PART.search(_echo_removed(label, whole_words)) or not same_unit(whole, tpl.fig(part_pos)):
                break  # "其中比上年增加5起": the list ends where a clause stops naming parts
            listed.append((label, part_pos, end_pos))
        emit_part_list(tpl, rows, out, whole_pos, listed, links)
    out.extend(_paired_parts(tpl, rows, links))
    return out


def _paired_parts(tpl: Template, rows: RowMaker, links: list[PartLink] | None) -> list[dict[str, Any]]:
    """ "判决生效案件204件249人,其中一审生效案件195件236人,二审生效案件9件13人": a whole of two units and
    its parts in the same two units, one list per unit."""
    out: list[dict[str, Any]] = []
    for m in _PAIRED_PART.finditer(tpl.text):
        w1, w2 = m.start("w1"), m.start("w2")
        if not is_plain_amount(tpl, w1) or same_unit(tpl.fig(w1), tpl.fig(w2)):
            continue
        bridged = _bridged(m)
        if _earlier_same_unit(tpl, w1, tpl.fig(w1), bridged) or _earlier_same_unit(tpl, w1, tpl.fig(w2), bridged):
            continue
        items = [(m.group("label"), m.start("a1"), m.start("a2"), m.end())]
        at = m.end()
        while True:
            share = SHARE_CLAUSE.match(tpl.text, at)  # "其中批准逮捕90件120人,逮捕率为80%;不捕…"
            nxt = _NEXT_PAIR.match(tpl.text, share.end() if share else at)
            if nxt is None or not _continues(nxt, m.group("label"), paired=True):
                break
            items.append((nxt.group("label"), nxt.start("a1"), nxt.start("a2"), nxt.end()))
            at = nxt.end()
        items = [it for it in items if not _NOT_PART.search(it[0])]
        for whole_pos, k in ((w1, 1), (w2, 2)):
            whole = tpl.fig(whole_pos)
            listed = [(it[0], it[k], it[3]) for it in items]
            if all(same_unit(whole, tpl.fig(p)) for _, p, _ in listed):
                emit_part_list(tpl, rows, out, whole_pos, listed, links)
    return out


def _continues(nxt: regex.Match[str], first_label: str, *, paired: bool, whole_label: str = "") -> bool:
    """A part after a comma continues the list. After a semicolon, which may open another cut of the
    whole ("其中因私出境1700万人次;赴港澳出境1100万人次": purpose, then destination), only a part of
    the same two units with a parallel label ("其中提起公诉…件…人;不起诉…件…人"), one of two short
    names or complements ("其中出口…,增长1.5%;进口…"), or, when 其中 opens a sentence of its own (a
    ``whole_label`` is given), a part whose label ends with the head noun of the first part and of the
    whole ("装机容量…。其中,水电装机容量…;核电装机容量…"). After a comma-joined 其中 a ;-clause with
    that head noun may be the whole's sibling ("一般性转移支付…,其中,共同财政事权转移支付…;专项转移
    支付…": 专项 is not a part of 一般性)."""
    label = nxt.group("label")
    if _NEW_SCOPE.search(label):
        return False  # "…;我国对其他国家进出口…" names a whole scope again: a new statement, not a part
    if nxt.group("sep") not in ";；":
        return True
    if paired:
        return _parallel_run([first_label, label]) == 2
    if max(len(first_label), len(label)) <= _SHORT_NAME or complementary(first_label, label):
        return True
    return (
        bool(whole_label) and min(_common_suffix(first_label, label), _common_suffix(whole_label, label)) >= _WHOLE_HEAD
    )


def _echo_removed(label: str, whole_words: str) -> str:
    """A part label without the words it echoes from its whole's clause ("累计完成…。其中,快递业务量累计
    完成…": the part's 累计 is the whole's period, not a running total of its own)."""
    for word in _ECHOED:
        if word in whole_words:
            label = label.replace(word, "")
    return label


def emit_part_list(
    tpl: Template,
    rows: RowMaker,
    out: list[dict[str, Any]],
    whole_pos: int,
    listed: list[tuple[str, int, int]],
    links: list[PartLink] | None,
) -> None:
    """One part row per listed part; the first carries the parallel siblings' lower bounds. A whole stated
    only as a lower bound ("50万套以上", "不少于5万平方米") can never be exceeded: no claim."""
    whole = tpl.fig(whole_pos)
    if whole.high is None:
        return
    if links is not None:
        links.extend(PartLink(whole_pos, part_pos, label) for label, part_pos, _ in listed)
    start_pos = tpl.clause_start(whole_pos)
    whole_label = whole.label or tpl.label_before(whole_pos)
    # The parts of one list are disjoint: together they cannot exceed the whole. The first row carries
    # the others' lower bounds (printed precision, so never more than the text allows).
    parallel = _parallel_run([label for label, _, _ in listed])
    if any(_ATTRIBUTE.search(label) for label, _, _ in listed[:parallel]):
        parallel = 1  # "其中男生1302人,住校生1967人": one student may be both
    lows = [tpl.fig(p).low or Decimal(0) for _, p, _ in listed[:parallel]]
    for i, (label, part_pos, end_pos) in enumerate(listed):
        part = tpl.fig(part_pos)
        start, end = tpl.orig_span(start_pos, listed[-1][2] if i == 0 else end_pos)
        highlights = [whole.text] + ([tpl.fig(p).text for _, p, _ in listed] if i == 0 else [part.text])
        out.append(
            rows.row(
                "part",
                start,
                end,
                highlights,
                whole_label=whole_label,
                part_label=label,
                siblings_low=sum(lows[1:], Decimal(0)) if i == 0 else Decimal(0),
                siblings_text="、".join(tpl.fig(p).text for _, p, _ in listed[1:parallel]) if i == 0 else "",
                **figure_columns("whole", whole),
                **figure_columns("part", part),
            )
        )


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _parallel_run(labels: list[str]) -> int:
    """How many leading parts are parallel members of one breakdown, whose sum the whole bounds: labels
    with one head noun ("汉滨分局辖区有效报警", "高新分局辖区有效报警"; "中央财政赤字", "地方财政赤字") or
    all short names (铁路, 道路, 水路; 出口, 进口). "新收案件数…旧存案件…结案数" is not one breakdown."""
    if len(labels) < 2:
        return len(labels)
    if all(len(label) <= _SHORT_NAME for label in labels):
        return len(labels)
    n = 1
    while n < len(labels) and _common_suffix(labels[0], labels[n]) >= _head_noun(labels[0], labels[n]):
        n += 1
    return n if n >= 2 else 1


def _head_noun(a: str, b: str) -> int:
    """The shared ending two labels need: two characters, or one for short labels ("提起公诉", "不起诉",
    "附条件不起诉": outcomes named by one head character)."""
    return 1 if max(len(a), len(b)) <= _SHORT_LABEL else _HEAD_NOUN


_ATTRIBUTE = regex.compile(f"{alternation(words('forms', 'attribute_words'))}|的$")
_SHORT_NAME = 3
_WHOLE_HEAD = 3  # the shared head noun of parts across ; that the whole's label also ends with (装机容量)
_ECHOED = ("累计",)
_SHORT_LABEL = 6
_HEAD_NOUN = 2


def build_arithmetic(tpl: Template, rows: RowMaker) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for pattern, a_name, b_name in _ARITHMETIC:
        for m in pattern.finditer(tpl.text):
            a, b, c = (tpl.fig(m.start(g)) for g in ("a", "b", "c"))
            if not (same_unit(a, b) and same_unit(a, c)):
                continue
            start_pos = min(m.start(), tpl.clause_start(m.start()))
            start, end = tpl.orig_span(start_pos, m.end())
            out.append(
                rows.row(
                    "sum",
                    start,
                    end,
                    [b.text, a.text, c.text],
                    source="arithmetic",
                    a_name=a_name,
                    b_name=b_name,
                    c_name=m.group("cword"),
                    **figure_columns("a", a),
                    **figure_columns("b", b),
                    **figure_columns("c", c),
                )
            )
    return out
