"""Change claims: a current figure with its year-over-year delta and/or percent, and distributive lists.

"全年共处理一般程序事故412起,同比减少36起,下降8.04%" ties 412, 36 and 8.04% together; "破获电诈类
案件、抓获犯罪嫌疑人较同比分别上升89.5%、216.3%" pairs each label with its percent, and a pair becomes
a change only when an earlier figure of the same paragraph carries exactly that label.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import regex

from checks.claims.common import (
    AFTER_DIR,
    BASIS,
    COMPARED,
    COUNT,
    DIR_ANY,
    DIR_LONG,
    DIR_RATE,
    EARLIER_BASIS,
    FIGURE_CHARS,
    GAP,
    LEX,
    MEASURE,
    MONEY,
    PCT,
    POINTS,
    REAL_GROWTH,
    RowMaker,
    Template,
    clean_label,
    direction_of,
    figure_columns,
    is_plain_amount,
    same_unit,
    stretches,
)
from checks.claims.lexicon import alternation, words
from checks.figure import Figure

TABLE = "changes"

# "生产总值6.36万亿元、增长5.1%": provincial reports join a figure and its change with 、 too.
_FIRST_GAP = r"[,，、]?\s*"
# "共接刑事类警情62起(日均8.9起),较上周…": a parenthesis after the figure does not break the claim; one
# without a figure may be longer ("380亿元(含生源地信用助学贷款和校园地国家助学贷款在内的全部发放额度),比上年增加…").
PAREN = rf"(?:\s*[(（](?:[^()（）\n]{{0,24}}|[^()（）\n{FIGURE_CHARS}]{{25,80}})[)）])?"
_CHANGE = regex.compile(
    rf"(?P<cur>[{COUNT}{MONEY}{PCT}{MEASURE}]){PAREN}"
    rf"(?:{_FIRST_GAP}(?P<basis>{BASIS}|{EARLIER_BASIS}){GAP}(?P<d1>{DIR_RATE}|{DIR_ANY})|{_FIRST_GAP}(?P<d1>{DIR_RATE}|{DIR_LONG}))"
    rf"{AFTER_DIR}(?P<f1>[{COUNT}{MONEY}{PCT}{POINTS}{MEASURE}])"
    rf"(?:{GAP}(?P<basis2>{BASIS})?(?P<d2>{DIR_RATE}|{DIR_LONG}){AFTER_DIR}(?P<f2>[{PCT}{POINTS}{COUNT}{MONEY}{MEASURE}]))?"
)
_SHARE_BEFORE = regex.compile(r"(?:占|为|是|相当于)[^,，。;；:：\n]{0,12}的$")
_YEAR_ON_YEAR = regex.compile(alternation(LEX.year_on_year))
_PERIOD_ON_PERIOD = regex.compile(alternation(LEX.period_on_period))


_COMPARING = regex.compile(f"^(?:{alternation(LEX.basis_compare)})|(?:相比|比较)$")
_YEAR_AGO = frozenset(words("basis", "year_ago"))


def _same_basis(first: str | None, second: str | None) -> bool:
    """Two stated bases are one comparison: "较上周增加17起,同比上升23.3%" compares with last week and with a
    year ago (two bases, two claims); one basis unstated is the other's ("同比增加36起,下降8.04%")."""
    if not first or not second:
        return True
    a, b = (_COMPARING.sub("", basis) for basis in (first, second))
    return a == b or (a in _YEAR_AGO and b in _YEAR_AGO)


def _basis_kind(basis: str | None) -> str:
    """ "year" for 同比/比上年, "period" for 环比/比上月, "" when not said."""
    if not basis:
        return ""
    if _PERIOD_ON_PERIOD.search(basis):
        return "period"
    return "year" if _YEAR_ON_YEAR.search(basis) else ""


_DISTRIBUTIVE = regex.compile(
    rf"(?<=^|[,，。;；:：\n])(?P<labels>[^,，。;；:：\n{FIGURE_CHARS}]{{2,60}}?)(?P<basis>{BASIS})?{GAP}分别"
    rf"(?:{BASIS})?(?P<d>{DIR_LONG}|{DIR_RATE}){AFTER_DIR}"
    rf"(?P<ps>[{PCT}{POINTS}](?:[、和与及][{PCT}{POINTS}])+)"
)
_LABEL_SPLIT = regex.compile(r"[、和与及]")
_SHARED_TAIL = regex.compile(f"(?:{alternation(words('forms', 'list_shared_tails'))})$")


def _listed_labels(text: str) -> list[str]:
    """The labels of a 分别 list; a measure the last one ends with is every item's (see lexicon
    ``forms.list_shared_tails``)."""
    labels = [part.strip() for part in _LABEL_SPLIT.split(text) if part.strip()]
    tail = _SHARED_TAIL.search(labels[-1]) if labels else None
    if tail is None:
        return labels
    return [label if label.endswith(tail.group()) else label + tail.group() for label in labels]


# "全市共发生火灾500起、死亡5人,同比分别下降10.7%和28.6%", "受理案件41件57人,同比下降48.1%和52.1%",
# "分别缩减至31条和27条,压缩了6.1%和10%": the figures themselves are listed, the rates in the same order.
_ITEM = rf"[^,，。;；:：\n{FIGURE_CHARS}]{{0,20}}?[{COUNT}{MONEY}]"
_DISTRIBUTIVE_INLINE = regex.compile(
    rf"(?P<items>{_ITEM}(?:[、和与及]?{_ITEM})+)"
    rf"{GAP}(?P<basis>{BASIS})?{GAP}(?:分别)?(?:{BASIS})?(?P<d>{DIR_LONG}|{DIR_RATE}){AFTER_DIR}"
    rf"(?P<ps>[{PCT}{POINTS}](?:[、和与及][{PCT}{POINTS}])+)"
)
# Before a listed figure: a comparison or a bare direction word makes it a change, not a current value;
# a direction word with 至/到 ("缩减至31条") states the value after the change.
# (较大/较快 are adjectives and 比例/比重 shares: "全年发生较大道路交通事故5起" lists a current value.)
_ITEM_NOT_CURRENT = regex.compile(rf"(?:{COMPARED.pattern}|(?:{DIR_ANY})(?:了|为)?$)")
_RATE_LIST_AFTER = regex.compile(rf"^[、和与及][{PCT}{POINTS}]")
# What every _DISTRIBUTIVE_INLINE match holds (its "ps" group), and what none holds: only the stretches
# between two stops that hold a rate pair are searched.
_RATE_PAIR = regex.compile(rf"[{PCT}{POINTS}][、和与及][{PCT}{POINTS}]")
_INLINE_STOPS = "。;；:：\n"


def change_columns(
    *,
    source: str,
    label: str,
    basis: str,
    current: Figure | None,
    previous: Figure | None = None,
    delta: Figure | None = None,
    delta_dir: str = "",
    delta_word: str = "",
    pct: Figure | None = None,
    pct_dir: str = "",
    pct_word: str = "",
    direction: str = "",
    direction_word: str = "",
    real_growth: bool = False,
    headline_text: str = "",
    headline_dir: str = "",
) -> dict[str, Any]:
    """The columns of one row of the changes table (every source fills the same columns)."""
    columns: dict[str, Any] = {
        "source": source,
        "label": label,
        "basis": basis,
        "direction": direction,
        "delta_dir": delta_dir,
        "delta_word": delta_word,
        "pct_dir": pct_dir,
        "pct_word": pct_word,
        "direction_word": direction_word,
        "real_growth": real_growth,
        "headline_text": headline_text,
        "headline_dir": headline_dir,
    }
    columns.update(figure_columns("current", current))
    columns.update(figure_columns("previous", previous))
    columns.update(figure_columns("delta", delta))
    columns.update(figure_columns("pct", pct))
    return columns


def _label_of(tpl: Template, pos: int) -> str:
    fig = tpl.fig(pos)
    return fig.label or tpl.label_before(pos)


def build_changes(tpl: Template, rows: RowMaker, consumed: set[int]) -> list[dict[str, Any]]:
    """Change claims of the whole document; ``consumed`` holds figures already in a from->to claim."""
    out: list[dict[str, Any]] = []
    for m in _CHANGE.finditer(tpl.text, overlapped=False):
        cur_pos = m.start("cur")
        if cur_pos in consumed:
            continue
        if not is_plain_amount(tpl, cur_pos):
            continue
        if tpl.text[cur_pos] == PCT and _SHARE_BEFORE.search(tpl.text, tpl.clause_start(cur_pos), cur_pos):
            continue  # "收入5200亿元,为预算的98.9%,比上年增长3.8%": a share, and the rate is the amount's
        if m.group("f2") is None and _RATE_LIST_AFTER.match(tpl.text, m.end("f1")):
            continue  # "41件57人,同比下降48.1%和52.1%": a list of rates, paired by _distributive_inline
        if _in_figure_list(tpl, cur_pos):
            continue
        if m.group("d1").endswith(("至", "到")):
            continue  # "由原来12人增至30人": the figure after 增至 is the new value, not the change
        current = tpl.fig(cur_pos)
        first = tpl.fig(m.start("f1"))
        d1 = direction_of(m.group("d1"))
        delta: Figure | None = None
        pct: Figure | None = None
        pct_dir = ""
        pct_word = ""
        delta_word = m.group("d1")
        end_pos = m.end()
        if first.kind in ("percent", "points") and current.kind != "percent":
            pct, pct_dir, pct_word = first, d1, m.group("d1")
            after = tpl.fig(m.start("f2")) if m.group("f2") is not None else None
            if after is not None and after.kind not in ("percent", "points"):
                if same_unit(after, current) and not _same_basis(m.group("basis"), m.group("basis2")):
                    end_pos = m.end("f1")  # "同比增长9.6%,比年初增加986亿元": the percent alone (its own basis)
                elif same_unit(after, current):
                    # "91件,同比上升152.78%,同比增加55件": the percent first, then the delta
                    delta, d1, delta_word = after, direction_of(m.group("d2")), m.group("d2")
                else:
                    end_pos = m.end("f1")  # a figure of another unit follows: the percent alone
            elif after is not None:
                kinds = {_basis_kind(m.group("basis")), _basis_kind(m.group("basis2"))}
                if kinds != {"year", "period"}:
                    continue  # "412起,下降8%,下降3个百分点": two rates, not a pattern we can tie
                # "500起,环比上升13.3%,同比上升12.36%": each rate with its own basis.
                out.append(_own_basis_row(tpl, rows, cur_pos, m.end("f1"), m.group("basis"), first, m.group("d1")))
                second = tpl.fig(m.start("f2"))
                out.append(_own_basis_row(tpl, rows, cur_pos, m.end(), m.group("basis2"), second, m.group("d2")))
                consumed.add(cur_pos)
                continue
        elif same_unit(first, current):
            delta = first
            if m.group("f2") is not None and tpl.fig(m.start("f2")).kind not in ("percent", "points"):
                continue
            if m.group("f2") is not None and not _same_basis(m.group("basis"), m.group("basis2")):
                # "较上周增加17起,同比上升23.3%": the delta and the percent have different bases; the percent
                # is its own claim on the current figure (a whole base must still give it).
                rate = tpl.fig(m.start("f2"))
                out.append(_own_basis_row(tpl, rows, cur_pos, m.end(), m.group("basis2"), rate, m.group("d2")))
                end_pos = m.end("f1")
            elif m.group("f2") is not None:
                pct, pct_dir, pct_word = tpl.fig(m.start("f2")), direction_of(m.group("d2")), m.group("d2")
        else:
            continue
        start_pos = tpl.clause_start(cur_pos)
        sentence = tpl.text[start_pos:end_pos]
        start, end = tpl.orig_span(start_pos, end_pos)
        highlights = [f.text for f in (current, delta, pct) if f is not None]
        label = _label_of(tpl, cur_pos)
        out.append(
            rows.row(
                "change",
                start,
                end,
                highlights,
                **change_columns(
                    source="change",
                    label=label,
                    basis=m.group("basis") or "",
                    current=current,
                    delta=delta,
                    delta_dir=d1 if delta is not None else "",
                    delta_word=delta_word if delta is not None else "",
                    pct=pct,
                    pct_dir=pct_dir,
                    pct_word=pct_word,
                    real_growth=bool(REAL_GROWTH.search(sentence) or REAL_GROWTH.search(label)),
                ),
            )
        )
        consumed.add(cur_pos)
    out.extend(_distributive(tpl, rows))
    out.extend(_distributive_inline(tpl, rows, consumed))
    return out


# A figure that qualifies the label ("年主营业务收入2000万元及以上的工业企业利润总额", "年收入500万元以下的企业") is
# not a listed figure.
_MODIFIER_AFTER = regex.compile(r"\G(?:及|或)?(?:以上|以下|以内)?的")


def _in_figure_list(tpl: Template, pos: int) -> bool:
    """Another count or money figure earlier in the clause: "41件57人,同比下降48.1%" does not say which."""
    start = tpl.clause_start(pos)
    return any(
        tpl.text[p] in (COUNT, MONEY) and not _MODIFIER_AFTER.match(tpl.text, p + 1)
        for p in tpl.positions_in(start, pos)
    )


def _own_basis_row(
    tpl: Template, rows: RowMaker, cur_pos: int, end_pos: int, basis: str | None, rate: Figure, word: str
) -> dict[str, Any]:
    """The change row of the current figure at ``cur_pos`` and one rate stated on its own basis ("500起,
    环比上升13.3%,同比上升12.36%" gives two), spanning the clause up to ``end_pos``."""
    label = _label_of(tpl, cur_pos)
    start_pos = tpl.clause_start(cur_pos)
    growth = f"{tpl.text[start_pos:end_pos]}\n{label}"  # each rate's text searched apart
    span = tpl.orig_span(start_pos, end_pos)
    current = tpl.fig(cur_pos)
    return _rate_row(rows, "change", span, label, basis or "", current, rate, direction_of(word), word, growth)


def _rate_row(
    rows: RowMaker,
    source: str,
    span: tuple[int, int],
    label: str,
    basis: str,
    current: Figure,
    pct: Figure,
    pct_dir: str,
    pct_word: str,
    growth_text: str,
) -> dict[str, Any]:
    """A change row of a current figure and one rate (two-basis changes, distributive lists);
    ``growth_text`` is where a real-growth word (可比价, GDP …) would show."""
    return rows.row(
        source,
        span[0],
        span[1],
        [current.text, pct.text],
        **change_columns(
            source=source,
            label=label,
            basis=basis,
            current=current,
            pct=pct,
            pct_dir=pct_dir,
            pct_word=pct_word,
            real_growth=bool(REAL_GROWTH.search(growth_text)),
        ),
    )


def _distributive(tpl: Template, rows: RowMaker) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    line: _LineLabels | None = None
    for m in _DISTRIBUTIVE.finditer(tpl.text):
        labels = _listed_labels(m.group("labels"))
        pct_positions = [m.start("ps") + i for i, ch in enumerate(m.group("ps")) if ch in PCT + POINTS]
        if len(labels) != len(pct_positions):
            continue
        direction, word = direction_of(m.group("d")), m.group("d")
        if line is None or not line.holds(m.start()):
            line = _LineLabels(tpl, tpl.text.rfind("\n", 0, m.start()) + 1)
        line.read_to(m.start())
        for label, pct_pos in zip(labels, pct_positions, strict=True):
            linked = line.linked(label)
            if linked is None:
                continue
            cur_pos, current = linked
            span = tpl.orig_span(tpl.clause_start(cur_pos), m.end())
            basis, pct = m.group("basis") or "", tpl.fig(pct_pos)
            out.append(_rate_row(rows, "distributive", span, label, basis, current, pct, direction, word, label))
    return out


def _distributive_inline(tpl: Template, rows: RowMaker, consumed: set[int]) -> list[dict[str, Any]]:
    """Listed figures paired one by one with the listed rates; only when the counts agree."""
    out: list[dict[str, Any]] = []
    matches = (
        m
        for lo, hi in stretches(tpl.text, _RATE_PAIR, _INLINE_STOPS)
        for m in _DISTRIBUTIVE_INLINE.finditer(tpl.text, lo, hi)
    )
    for m in matches:
        items = m.group("items")
        fig_positions = [m.start("items") + i for i, ch in enumerate(items) if ch in COUNT + MONEY]
        pct_positions = [m.start("ps") + i for i, ch in enumerate(m.group("ps")) if ch in PCT + POINTS]
        if len(fig_positions) > len(pct_positions):
            # "两张清单…分别缩减至40条和36条": a leading figure of another unit is not in the list
            kept, dropped = fig_positions[-len(pct_positions) :], fig_positions[: -len(pct_positions)]
            gap = tpl.text[dropped[-1] + 1 : kept[0]]
            if not gap or gap[0] in "、和与及" or any(same_unit(tpl.fig(d), tpl.fig(k)) for d in dropped for k in kept):
                continue  # "火灾500起、死亡5人、受伤3人,分别下降10.7%和28.6%": which two is not said
            fig_positions = kept
        if len(fig_positions) != len(pct_positions) or any(p in consumed for p in fig_positions):
            continue
        if any(_ITEM_NOT_CURRENT.search(tpl.text[tpl.clause_start(p) : p]) for p in fig_positions):
            continue  # "分别增加100人和200人,增长10%和20%": the listed figures are changes, not values
        direction, word = direction_of(m.group("d")), m.group("d")
        span = tpl.orig_span(m.start("items"), m.end())
        basis = m.group("basis") or ""
        for cur_pos, pct_pos in zip(fig_positions, pct_positions, strict=True):
            current, pct, label = tpl.fig(cur_pos), tpl.fig(pct_pos), _label_of(tpl, cur_pos)
            out.append(_rate_row(rows, "distributive", span, label, basis, current, pct, direction, word, label))
            consumed.add(cur_pos)
    return out


_PAST = regex.compile(alternation(LEX.past_time))


@dataclass
class _Ending:
    """What the count/money figures read so far say whose cleaned label ends with one word."""

    value: tuple[Any, str]  # (value, unit) of the first of them
    last: tuple[int, Figure]
    mixed: bool = False  # another (value, unit) among them
    past: bool = False  # one of them follows a past time in its sentence: it is a base, not the current


class _LineLabels:
    """The count/money figures of one line from its start up to a growing position, indexed by every
    ending (three characters or more) of their cleaned labels.

    "火灾、死亡人数同比分别下降10.7%和28.6%" links each listed label to the one earlier figure of the line
    that carries it: the figure's label, cleaned, ends with the whole listed label, also cleaned, of three
    characters or more ("月份破获电诈类案件" carries "破获电诈类案件"; "企业" does not carry "科技型中小企业").
    Scanning the line back from every such list was quadratic on a long line; here each figure is read once."""

    def __init__(self, tpl: Template, start: int) -> None:
        self.tpl = tpl
        self._read_to = start
        self._endings: dict[str, _Ending] = {}

    def holds(self, pos: int) -> bool:
        """Whether ``pos``, at or after what was read, is still on this line (the text between is searched
        once: matches come in text order)."""
        return self.tpl.text.find("\n", self._read_to, pos) < 0

    def read_to(self, end: int) -> None:
        """Index the figures in ``[start, end)`` not indexed yet."""
        tpl = self.tpl
        for pos in tpl.positions_in(self._read_to, end):
            if tpl.text[pos] not in (COUNT, MONEY):
                continue
            name = clean_label(_label_of(tpl, pos))
            if len(name) < 3:
                continue
            fig = tpl.fig(pos)
            value = (fig.value, fig.unit)
            past = bool(_PAST.search(tpl.text, tpl.sentence_start(pos), pos))
            for cut in range(len(name) - 2):
                ending = self._endings.get(name[cut:])
                if ending is None:
                    self._endings[name[cut:]] = _Ending(value, (pos, fig), past=past)
                    continue
                ending.mixed = ending.mixed or value != ending.value
                ending.past = ending.past or past
                ending.last = (pos, fig)
        self._read_to = max(self._read_to, end)

    def linked(self, label: str) -> tuple[int, Figure] | None:
        """The one figure read so far whose label matches ``label``; None when none or ambiguous, or
        when one of them follows a past time ("去年…破获782起;今年…分别上升10.23%": that is the base)."""
        name = clean_label(label)
        ending = self._endings.get(name) if len(name) >= 3 else None
        if ending is None or ending.past or ending.mixed:
            return None
        return ending.last
