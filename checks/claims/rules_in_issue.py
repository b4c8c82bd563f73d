"""The seven in-issue rules: pure checks over the claim tables, and the messages of their failures.

Every numeric check asks whether *some* values inside the stated intervals satisfy the relation
(checks.intervals); a row that cannot be judged (an approximate figure in an equality, a missing
part, growth at comparable prices) passes. Counts in whole-number units take whole values only.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import pandas as pd

from checks.claims.common import MEASURE_KINDS, dec, flag, text_of
from checks.claims.weekday import WEEKDAY_NAMES
from checks.findings import Related
from checks.intervals import (
    Interval,
    accepted_values,
    decimals_of,
    difference,
    exists_le,
    exists_lt,
    format_decimal,
    grim_bases_exist,
    nearest_bases,
    round_fraction,
)
from checks.rules import Explanation, Rule, RuleOptions, register

Row = Mapping[str, Any]

# ---------------------------------------------------------------------------------------------
# Reading a row


def _present(row: Row, prefix: str) -> bool:
    return bool(text_of(row.get(f"{prefix}_text")))


def _approx(row: Row, prefix: str) -> bool:
    return flag(row.get(f"{prefix}_approx"))


def _center_step(row: Row, prefix: str) -> tuple[Fraction, Fraction] | None:
    low, high = dec(row.get(f"{prefix}_low")), dec(row.get(f"{prefix}_high"))
    if low is None or high is None:
        return None
    lo, hi = Fraction(low), Fraction(high)
    return (lo + hi) / 2, hi - lo


def _is_whole(row: Row, prefix: str, options: RuleOptions) -> bool:
    return text_of(row.get(f"{prefix}_kind")) == "count" and text_of(row.get(f"{prefix}_unit")) in options.whole_units


def _interval(row: Row, prefix: str, options: RuleOptions) -> Interval | None:
    """The values a stated figure can stand for under the accepted rounding modes (hull)."""
    if not _present(row, prefix):
        return None
    whole = _is_whole(row, prefix, options)
    low, high = dec(row.get(f"{prefix}_low")), dec(row.get(f"{prefix}_high"))
    if _approx(row, prefix) or low is None or high is None:
        iv = Interval(
            None if low is None else Fraction(low),
            None if high is None else Fraction(high),
            True,
            False,
        )
        return iv.whole() if whole else iv
    cs = _center_step(row, prefix)
    assert cs is not None
    parts = accepted_values(cs[0], cs[1], options.rounding)
    lo = min(p.lo for p in parts if p.lo is not None)
    hi = max(p.hi for p in parts if p.hi is not None)
    iv = Interval(
        lo,
        hi,
        any(p.lo == lo and p.lo_closed for p in parts),
        any(p.hi == hi and p.hi_closed for p in parts),
    )
    return iv.whole() if whole else iv


def _magnitude(iv: Interval) -> Interval:
    """|x| of an interval lying on one side of zero (a negative printed change: "增长-5%")."""
    if iv.hi is not None and iv.hi <= 0:
        return Interval(
            None if iv.hi is None else -iv.hi, None if iv.lo is None else -iv.lo, iv.hi_closed, iv.lo_closed
        )
    return iv


def _effective_dir(row: Row, prefix: str) -> str:
    """The direction a change really states: the word, flipped by a negative number ("增长-5%")."""
    word = text_of(row.get(f"{prefix}_dir"))
    value = dec(row.get(prefix))
    if word and value is not None and value < 0:
        return "down" if word == "up" else "up"
    return word


def _accepted(row: Row, prefix: str, options: RuleOptions) -> list[Interval] | None:
    """Exact magnitudes that print as the stated rate; None for an approximate rate."""
    if not _present(row, prefix) or _approx(row, prefix):
        return None
    cs = _center_step(row, prefix)
    if cs is None:
        return None
    return accepted_values(abs(cs[0]), cs[1], options.rounding)


def _places(row: Row, prefix: str) -> int:
    cs = _center_step(row, prefix)
    return 0 if cs is None else decimals_of(cs[1])


def _num(row: Row, prefix: str) -> str:
    """A figure as shown in a formula: the bare number for plain counts, else as printed."""
    text = text_of(row.get(f"{prefix}_text"))
    value = dec(row.get(prefix))
    if value is not None and text_of(row.get(f"{prefix}_kind")) == "count" and not any(m in text for m in "万亿千"):
        return format_decimal(abs(value))
    return text


def _pct(value: Fraction, places: int) -> str:
    return f"{format(round_fraction(value, places, 'half_up'), 'f')}%"  # never "0E-10%"


Corner = Callable[[Fraction, Fraction], Fraction | None]


def _range2(f: Corner, a: Interval, b: Interval) -> Interval | None:
    """Range of f over a box when f is monotone in each argument: min and max over the corners."""
    if not (a.bounded and b.bounded) or a.is_empty() or b.is_empty():
        return None
    assert a.lo is not None and a.hi is not None and b.lo is not None and b.hi is not None
    corners: list[tuple[Fraction, bool]] = []
    for x, xc in ((a.lo, a.lo_closed), (a.hi, a.hi_closed)):
        for y, yc in ((b.lo, b.lo_closed), (b.hi, b.hi_closed)):
            value = f(x, y)
            if value is None:
                return None
            corners.append((value, xc and yc))
    lo = min(v for v, _ in corners)
    hi = max(v for v, _ in corners)
    return Interval(lo, hi, any(v == lo and c for v, c in corners), any(v == hi and c for v, c in corners))


def _hits(values: Interval | None, accepted: list[Interval]) -> bool:
    return any(values.intersects(acc) for acc in accepted) if values is not None else True


def _row_verdicts(df: pd.DataFrame, options: RuleOptions, fn: Callable[[Row, RuleOptions], bool]) -> pd.Series[bool]:
    """Apply a row check; True means consistent or not judgeable."""
    verdicts: list[bool] = [bool(fn({str(k): v for k, v in row.items()}, options)) for row in df.to_dict("records")]
    return pd.Series(verdicts, index=df.index, dtype=bool)


# ---------------------------------------------------------------------------------------------
# pct_change_mismatch


def _change_fn(rising: bool) -> Corner:
    def f(c: Fraction, d: Fraction) -> Fraction | None:
        base = c - d if rising else c + d
        return None if base <= 0 or d < 0 else 100 * d / base

    return f


def _relative_fn(rising: bool) -> Corner:
    def f(to: Fraction, frm: Fraction) -> Fraction | None:
        if frm <= 0:
            return None
        return 100 * ((to - frm) if rising else (frm - to)) / frm

    return f


def _mismatch_inputs(row: Row, options: RuleOptions) -> tuple[str, bool] | None:
    """Which computation a row supports ("delta" or "from_to") and its direction; None: not judgeable."""
    if text_of(row.get("source")) not in ("change", "from_to") or flag(row.get("real_growth")):
        return None
    if text_of(row.get("pct_kind")) != "percent" or _accepted(row, "pct", options) is None:
        return None
    pct_dir = _effective_dir(row, "pct")
    if not pct_dir:
        return None
    if _present(row, "previous"):
        if text_of(row.get("current_kind")) not in ("count", "money", "percent", *MEASURE_KINDS):
            return None
        if _approx(row, "previous") or _approx(row, "current"):
            return None
        return "from_to", pct_dir == "up"
    if not _present(row, "delta") or text_of(row.get("current_kind")) not in ("count", "money"):
        return None
    if _approx(row, "delta") or _approx(row, "current"):
        return None
    if _effective_dir(row, "delta") != pct_dir:
        return None  # a direction_mismatch, reported by that rule
    return "delta", pct_dir == "up"


def _pct_mismatch_ok(row: Row, options: RuleOptions) -> bool:
    kind = _mismatch_inputs(row, options)
    if kind is None:
        return True
    accepted = _accepted(row, "pct", options)
    assert accepted is not None
    what, rising = kind
    cur = _interval(row, "current", options)
    if cur is None:
        return True
    if what == "delta":
        delta = _interval(row, "delta", options)
        if delta is None:
            return True
        return _hits(_range2(_change_fn(rising), cur, _magnitude(delta)), accepted)
    prev = _interval(row, "previous", options)
    if prev is None:
        return True
    if _hits(_range2(_relative_fn(rising), cur, prev), accepted):
        return True
    if text_of(row.get("current_kind")) == "percent":
        # "由70%提升至99%,提升29%": percent values read as a difference of percents also count.
        return _hits(_range2(lambda t, f: (t - f) if rising else (f - t), cur, prev), accepted)
    return False


def _explain_pct_mismatch(row: Row, df: pd.DataFrame, options: RuleOptions) -> Explanation:
    kind = _mismatch_inputs(row, options)
    places = _places(row, "pct")
    stated_text = f"{text_of(row.get('pct_word'))}{text_of(row.get('pct_text'))}"
    cur = Fraction(dec(row.get("current")) or 0)
    rising = kind is not None and kind[1]
    if kind is not None and kind[0] == "delta":
        d = abs(Fraction(dec(row.get("delta")) or 0))
        base = cur - d if rising else cur + d
        formula = f"{_num(row, 'delta')} / ({_num(row, 'current')} {'−' if rising else '+'} {_num(row, 'delta')})"
    else:
        prev = Fraction(dec(row.get("previous")) or 0)
        base = prev
        d = abs(cur - prev)
        formula = (
            f"({_num(row, 'current')} − {_num(row, 'previous')}) / {_num(row, 'previous')}"
            if rising
            else f"({_num(row, 'previous')} − {_num(row, 'current')}) / {_num(row, 'previous')}"
        )
    exact = 100 * d / base if base > 0 else Fraction(0)
    expected = _pct(exact, places)
    message = (
        f"stated {stated_text}, but {formula} = {format_decimal(exact)}% → {expected}; "
        f"no values inside the stated precisions give {text_of(row.get('pct_text'))}"
    )
    message_zh = (
        f"所述{stated_text},但 {formula} = {format_decimal(exact)}% → {expected};"
        f"在所述精度范围内没有任何数值能得到{text_of(row.get('pct_text'))}"
    )
    return Explanation(message=message, stated=stated_text, expected=expected, message_zh=message_zh)


# ---------------------------------------------------------------------------------------------
# pct_change_impossible (GRIM)


def _a_plain_count(row: Row) -> bool:
    """A whole count of things, not an average or rate (the builder's ``averaged`` column)."""
    value = dec(row.get("current"))
    return value is not None and value == value.to_integral_value() and not flag(row.get("averaged"))


def _grim_inputs(row: Row, options: RuleOptions) -> tuple[Interval, list[Interval], bool] | None:
    if text_of(row.get("source")) not in ("change", "distributive") or _present(row, "delta"):
        return None
    if text_of(row.get("pct_kind")) != "percent" or not _is_whole(row, "current", options):
        return None
    if _approx(row, "current") or not _a_plain_count(row) or dec(row.get("current")) == 0:
        return None  # 0起: no percent change of a base can be told from it
    accepted = _accepted(row, "pct", options)
    pct_dir = _effective_dir(row, "pct")
    cur = _interval(row, "current", options)
    if accepted is None or not pct_dir or cur is None or not cur.bounded:
        return None
    return cur, accepted, pct_dir == "up"


def _grim_ok(row: Row, options: RuleOptions) -> bool:
    inputs = _grim_inputs(row, options)
    if inputs is None:
        return True
    return grim_bases_exist(*inputs)


def _explain_grim(row: Row, df: pd.DataFrame, options: RuleOptions) -> Explanation:
    inputs = _grim_inputs(row, options)
    rising = inputs[2] if inputs is not None else True
    places = _places(row, "pct")
    pct = abs(Fraction(dec(row.get("pct")) or 0))
    cur = Fraction(dec(row.get("current")) or 0)
    sign = "+" if rising else "−"
    bases = nearest_bases(cur, pct, rising)
    shown_places = places + 1 if places < 2 else places  # enough digits to see it miss the stated value
    shown = ", ".join(f"base {b} gives {'+' if p >= 0 else '−'}{_pct(abs(p), shown_places)}" for b, p in bases)
    stated = f"{text_of(row.get('pct_word'))}{text_of(row.get('pct_text'))}"
    message = (
        f"no whole-number base gives {sign}{text_of(row.get('pct_text'))} on {_num(row, 'current')}"
        f" ({text_of(row.get('current_text'))}, {stated}): {shown}"
    )
    shown_zh = ",".join(f"基数{b}得{'+' if p >= 0 else '−'}{_pct(abs(p), shown_places)}" for b, p in bases)
    message_zh = (
        f"没有任何整数基数能使{_num(row, 'current')}({text_of(row.get('current_text'))},{stated})"
        f"得到{sign}{text_of(row.get('pct_text'))}:{shown_zh}"
    )
    expected = " / ".join(f"{'+' if p >= 0 else '−'}{_pct(abs(p), places)}" for _, p in bases) or None
    return Explanation(message=message, stated=stated, expected=expected, message_zh=message_zh)


# ---------------------------------------------------------------------------------------------
# direction_mismatch


def _direction_problem(row: Row, options: RuleOptions) -> tuple[str, str] | None:
    """Sentences (English, Chinese) saying which directions disagree, or None."""
    source = text_of(row.get("source"))
    if source == "headline":
        head, body = text_of(row.get("headline_dir")), text_of(row.get("direction"))
        if head and body and head != body:
            headline, word, excerpt = (text_of(row.get(k)) for k in ("headline_text", "direction_word", "body_excerpt"))
            return (
                f"the headline says {headline}, but the body says {word} ({excerpt})",
                f"标题称“{headline}”,但正文为{word}({excerpt})",
            )
        return None
    delta_dir, pct_dir = _effective_dir(row, "delta"), _effective_dir(row, "pct")
    if source in ("change", "distributive") and delta_dir and pct_dir and delta_dir != pct_dir:
        delta = f"{text_of(row.get('delta_word'))}{text_of(row.get('delta_text'))}"
        pct = f"{text_of(row.get('pct_word'))}{text_of(row.get('pct_text'))}"
        return f"{delta} and {pct} point in opposite directions", f"“{delta}”与“{pct}”方向相反"
    if source == "from_to":
        frm, to = _interval(row, "previous", options), _interval(row, "current", options)
        if frm is None or to is None:
            return None
        span, span_zh = (
            f"from {_num(row, 'previous')} to {_num(row, 'current')}",
            f"从{_num(row, 'previous')}到{_num(row, 'current')}",
        )
        for prefix in ("direction", "delta", "pct"):
            word_dir = text_of(row.get("direction")) if prefix == "direction" else _effective_dir(row, prefix)
            word = text_of(row.get(f"{prefix}_word"))
            if word_dir == "up" and not exists_lt(frm, to):
                return f"{word} {span} is not a rise", f"称“{word}”,但{span_zh}并非上升"
            if word_dir == "down" and not exists_lt(to, frm):
                return f"{word} {span} is not a fall", f"称“{word}”,但{span_zh}并非下降"
    return None


def _direction_ok(row: Row, options: RuleOptions) -> bool:
    return _direction_problem(row, options) is None


def _explain_direction(row: Row, df: pd.DataFrame, options: RuleOptions) -> Explanation:
    problem, problem_zh = _direction_problem(row, options) or ("the direction words disagree", "升降方向不一致")
    related: tuple[Related, ...] = ()
    if text_of(row.get("source")) == "headline":
        related = (
            Related(
                path=text_of(row.get("path")),
                line=int(row.get("body_line") or row.get("line") or 1),
                excerpt=text_of(row.get("body_excerpt")),
                highlights=tuple(h for h in text_of(row.get("body_highlights")).split("\x1f") if h),
            ),
        )
        stated = text_of(row.get("headline_text"))
        expected = "上升" if text_of(row.get("direction")) == "up" else "下降"
    else:
        stated = text_of(row.get("excerpt"))
        expected = None
    return Explanation(message=problem, stated=stated, expected=expected, related=related, message_zh=problem_zh)


# ---------------------------------------------------------------------------------------------
# part_exceeds_whole, sum_mismatch, figure_mismatch, weekday_mismatch


def _part_ok(row: Row, options: RuleOptions) -> bool:
    if flag(row.get("averaged")):
        return True  # "年平均工资8.5万元,其中非私营单位10.2万元": averages are not wholes
    part, whole = _interval(row, "part", options), _interval(row, "whole", options)
    if part is None or whole is None:
        return True
    return exists_le(part, whole)


def _explain_part(row: Row, df: pd.DataFrame, options: RuleOptions) -> Explanation:
    part, whole = text_of(row.get("part_text")), text_of(row.get("whole_text"))
    label = text_of(row.get("part_label"))
    whole_label = text_of(row.get("whole_label"))
    return Explanation(
        message=f"the part 其中{label}{part} is larger than its whole {whole_label}{whole}",
        stated=f"{label}{part}",
        expected=f"≤ {whole}",
        message_zh=f"部分“其中{label}{part}”大于其整体“{whole_label}{whole}”",
    )


def _sum_ok(row: Row, options: RuleOptions) -> bool:
    if any(_approx(row, p) for p in ("a", "b", "c")):
        return True
    a, b, c = (_interval(row, p, options) for p in ("a", "b", "c"))
    if a is None or b is None or c is None:
        return True
    return difference(a, b).intersects(c)


def _explain_sum(row: Row, df: pd.DataFrame, options: RuleOptions) -> Explanation:
    a, b = Fraction(dec(row.get("a")) or 0), Fraction(dec(row.get("b")) or 0)
    names = [text_of(row.get(f"{p}_name")) for p in ("a", "b", "c")]
    expected = format_decimal(a - b)
    arithmetic = f"{names[0]}{_num(row, 'a')} − {names[1]}{_num(row, 'b')} = {expected}"
    stated = f"{names[2]}{text_of(row.get('c_text'))}"
    return Explanation(
        message=f"stated {stated}, but {arithmetic}",
        stated=stated,
        expected=expected,
        message_zh=f"所述{stated},但{arithmetic}",
    )


def _repeat_ok(row: Row, options: RuleOptions) -> bool:
    if _approx(row, "first") or _approx(row, "second"):
        return True
    first, second = _interval(row, "first", options), _interval(row, "second", options)
    if first is None or second is None:
        return True
    return first.intersects(second)


def _explain_repeat(row: Row, df: pd.DataFrame, options: RuleOptions) -> Explanation:
    headline = text_of(row.get("where")) == "headline"
    where = "the headline" if headline else "this article"
    label = text_of(row.get("label"))
    first, second = text_of(row.get("first_text")), text_of(row.get("second_text"))
    message = (
        f"{label} is stated as {first} here and as {second} "
        f"in {where}'s body (line {row.get('second_line')}); the two cannot both hold"
    )
    message_zh = (
        f"{label}在{'标题' if headline else '此处'}为{first},在正文第{row.get('second_line')}行为{second},"
        "两者不能同时成立"
    )
    related = (
        Related(
            path=text_of(row.get("path")),
            line=int(row.get("second_line") or 1),
            excerpt=text_of(row.get("second_excerpt")),
            highlights=(text_of(row.get("second_text")),),
        ),
    )
    return Explanation(
        message=message,
        stated=text_of(row.get("first_text")),
        expected=text_of(row.get("second_text")),
        related=related,
        message_zh=message_zh,
    )


def _weekday_ok(row: Row, options: RuleOptions) -> bool:
    iso = text_of(row.get("date_iso"))
    stated = row.get("weekday")
    if not iso or stated is None:
        return True
    return datetime.date.fromisoformat(iso).isoweekday() == int(stated)


def _explain_weekday(row: Row, df: pd.DataFrame, options: RuleOptions) -> Explanation:
    iso = text_of(row.get("date_iso"))
    actual = WEEKDAY_NAMES[datetime.date.fromisoformat(iso).isoweekday()]
    stated, date = text_of(row.get("weekday_text")), text_of(row.get("date_text"))
    return Explanation(
        message=f"stated {stated}, but {date} ({iso}) was a {actual}",
        stated=stated,
        expected=actual,
        message_zh=f"所述{stated},但{date}({iso})是{actual}",
    )


# ---------------------------------------------------------------------------------------------
# Registration


def _check(fn: Callable[[Row, RuleOptions], bool]) -> Callable[[pd.DataFrame, RuleOptions], pd.Series[bool]]:
    def check(df: pd.DataFrame, options: RuleOptions) -> pd.Series[bool]:
        return _row_verdicts(df, options, fn)

    check.__doc__ = fn.__doc__
    return check


RULE_LIST = (
    Rule(
        id="pct_change_mismatch",
        table="changes",
        title_en="Percent change disagrees with its figures",
        title_zh="增减幅度与数值不符",
        description_en="A stated percent change disagrees with the current figure and the stated change (or the "
        "from and to values), for every value inside the stated precisions.",
        description_zh="所述增减百分比与当前数值及增减量（或起止数值）不符，在所述精度范围内无法成立。",
        default_severity="error",
        check=_check(_pct_mismatch_ok),
        explain=_explain_pct_mismatch,
    ),
    Rule(
        id="pct_change_impossible",
        table="changes",
        title_en="No whole-number base gives this percent change",
        title_zh="增减幅度无法由整数基数得到",
        description_en="A count stated with only a percent change: no whole-number earlier count yields the stated "
        "percent at its precision (a GRIM-style test).",
        description_zh="仅给出增减百分比的计数：没有任何整数基数能在所述精度下得到该百分比。",
        default_severity="warning",
        check=_check(_grim_ok),
        explain=_explain_grim,
    ),
    Rule(
        id="direction_mismatch",
        table="changes",
        title_en="Rise/fall word disagrees",
        title_zh="升降方向不一致",
        description_en="A rise/fall word disagrees with the numbers or with the other direction word of the same "
        "change, or a headline's direction disagrees with the body.",
        description_zh="升降用词与数值或同一变化的另一用词矛盾，或标题所述方向与正文不一致。",
        default_severity="error",
        check=_check(_direction_ok),
        explain=_explain_direction,
    ),
    Rule(
        id="part_exceeds_whole",
        table="parts",
        title_en="Part larger than its whole",
        title_zh="部分大于整体",
        description_en="A part introduced by 其中 is larger than the whole it belongs to.",
        description_zh="“其中”所列部分大于其所属总数。",
        default_severity="error",
        check=_check(_part_ok),
        explain=_explain_part,
    ),
    Rule(
        id="sum_mismatch",
        table="sums",
        title_en="Figures do not add up",
        title_zh="数值加减不符",
        description_en="Stated figures do not add up to the stated difference (核载/实载/超员, from/to and the "
        "stated change).",
        description_zh="所述数值的差与所述差额不符（如核载、实载与超员人数）。",
        default_severity="error",
        check=_check(_sum_ok),
        explain=_explain_sum,
    ),
    Rule(
        id="figure_mismatch",
        table="repeats",
        title_en="Same figure stated with different values",
        title_zh="同一数据前后不一致",
        description_en="The same labelled figure is stated twice in one issue (headline and body, or twice in an "
        "article) with values that cannot both hold.",
        description_zh="同一期中同一指标两次出现（标题与正文，或同一文章内）且数值互相矛盾。",
        default_severity="error",
        check=_check(_repeat_ok),
        explain=_explain_repeat,
    ),
    Rule(
        id="weekday_mismatch",
        table="weekdays",
        title_en="Date and weekday disagree",
        title_zh="日期与星期不符",
        description_en="A date is printed with a weekday it did not fall on.",
        description_zh="所印日期与所注星期不符。",
        default_severity="error",
        check=_check(_weekday_ok),
        explain=_explain_weekday,
    ),
)

for _rule in RULE_LIST:
    register(_rule)

__all__ = ["RULE_LIST"]
