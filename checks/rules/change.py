"""Change rules: pct_change_mismatch, pct_change_impossible (GRIM) and direction_mismatch, over the changes table."""

from __future__ import annotations

from fractions import Fraction

from checks.claims.common import MEASURE_KINDS, dec, flag, text_of
from checks.findings import Related
from checks.intervals import Interval, exists_lt, format_decimal, grim_bases_exist, nearest_bases
from checks.rules import Explanation, Rule, RuleOptions
from checks.rules.reading import (
    INTERVAL_OPTIONS,
    Corner,
    Row,
    accepted_of,
    approx_of,
    decide,
    effective_dir,
    figure_shown,
    format_pct,
    hits,
    interval_of,
    is_whole,
    magnitude,
    places_of,
    present_in,
    range2,
)

# ---------------------------------------------------------------------------------------------
# pct_change_mismatch


def unbounded(row: Row, prefix: str) -> bool:
    """An approximate figure open on a side (超过, 近 …): no percent can be told from it. An approximate
    value (约) has two bounds (checks.claims.approx widens it) and is judged within them."""
    return approx_of(row, prefix) and (dec(row.get(f"{prefix}_low")) is None or dec(row.get(f"{prefix}_high")) is None)


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
    if text_of(row.get("pct_kind")) != "percent" or accepted_of(row, "pct", options) is None:
        return None
    pct_dir = effective_dir(row, "pct")
    if not pct_dir:
        return None
    if present_in(row, "previous"):
        if text_of(row.get("current_kind")) not in ("count", "money", "percent", *MEASURE_KINDS):
            return None
        if unbounded(row, "previous") or unbounded(row, "current"):
            return None
        return "from_to", pct_dir == "up"
    if not present_in(row, "delta") or text_of(row.get("current_kind")) not in ("count", "money"):
        return None
    if unbounded(row, "delta") or unbounded(row, "current"):
        return None
    if effective_dir(row, "delta") != pct_dir:
        return None  # a direction_mismatch, reported by that rule
    return "delta", pct_dir == "up"


def _pct_holds(row: Row, options: RuleOptions, what: str, rising: bool) -> bool:
    accepted = accepted_of(row, "pct", options)
    assert accepted is not None
    cur = interval_of(row, "current", options)
    if cur is None:
        return True
    if what == "delta":
        delta = interval_of(row, "delta", options)
        if delta is None:
            return True
        return hits(range2(_change_fn(rising), cur, magnitude(delta)), accepted)
    prev = interval_of(row, "previous", options)
    if prev is None:
        return True
    if hits(range2(_relative_fn(rising), cur, prev), accepted):
        return True
    if text_of(row.get("current_kind")) == "percent":
        # "由70%提升至99%,提升29%": percent values read as a difference of percents also count.
        return hits(range2(lambda t, f: (t - f) if rising else (f - t), cur, prev), accepted)
    return False


def _pct_mismatch(row: Row, options: RuleOptions) -> Explanation | None:
    kind = _mismatch_inputs(row, options)
    if kind is None or _pct_holds(row, options, *kind):
        return None
    what, rising = kind
    places = places_of(row, "pct")
    stated_text = f"{text_of(row.get('pct_word'))}{text_of(row.get('pct_text'))}"
    cur = Fraction(dec(row.get("current")) or 0)
    if what == "delta":
        d = abs(Fraction(dec(row.get("delta")) or 0))
        base = cur - d if rising else cur + d
        delta_shown, sign = figure_shown(row, "delta"), "−" if rising else "+"
        formula = f"{delta_shown} / ({figure_shown(row, 'current')} {sign} {delta_shown})"
    else:
        prev = Fraction(dec(row.get("previous")) or 0)
        base = prev
        d = abs(cur - prev)
        formula = (
            f"({figure_shown(row, 'current')} − {figure_shown(row, 'previous')}) / {figure_shown(row, 'previous')}"
            if rising
            else f"({figure_shown(row, 'previous')} − {figure_shown(row, 'current')}) / {figure_shown(row, 'previous')}"
        )
    exact = 100 * d / base if base > 0 else Fraction(0)
    expected = format_pct(exact, places)
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
    if text_of(row.get("source")) not in ("change", "distributive") or present_in(row, "delta"):
        return None
    if text_of(row.get("pct_kind")) != "percent" or not is_whole(row, "current", options):
        return None
    if approx_of(row, "current") or not _a_plain_count(row) or dec(row.get("current")) == 0:
        return None  # 0起: no percent change of a base can be told from it
    accepted = accepted_of(row, "pct", options)
    pct_dir = effective_dir(row, "pct")
    cur = interval_of(row, "current", options)
    if accepted is None or not pct_dir or cur is None or not cur.bounded:
        return None
    return cur, accepted, pct_dir == "up"


def _grim(row: Row, options: RuleOptions) -> Explanation | None:
    inputs = _grim_inputs(row, options)
    if inputs is None or grim_bases_exist(*inputs):
        return None
    rising = inputs[2]
    places = places_of(row, "pct")
    pct = abs(Fraction(dec(row.get("pct")) or 0))
    cur = Fraction(dec(row.get("current")) or 0)
    sign = "+" if rising else "−"
    bases = nearest_bases(cur, pct, rising)
    shown_places = places + 1 if places < 2 else places  # enough digits to see it miss the stated value
    shown = ", ".join(f"base {b} gives {'+' if p >= 0 else '−'}{format_pct(abs(p), shown_places)}" for b, p in bases)
    stated = f"{text_of(row.get('pct_word'))}{text_of(row.get('pct_text'))}"
    message = (
        f"no whole-number base gives {sign}{text_of(row.get('pct_text'))} on {figure_shown(row, 'current')}"
        f" ({text_of(row.get('current_text'))}, {stated}): {shown}"
    )
    shown_zh = ",".join(f"基数{b}得{'+' if p >= 0 else '−'}{format_pct(abs(p), shown_places)}" for b, p in bases)
    message_zh = (
        f"没有任何整数基数能使{figure_shown(row, 'current')}({text_of(row.get('current_text'))},{stated})"
        f"得到{sign}{text_of(row.get('pct_text'))}:{shown_zh}"
    )
    expected = " / ".join(f"{'+' if p >= 0 else '−'}{format_pct(abs(p), places)}" for _, p in bases) or None
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
    delta_dir, pct_dir = effective_dir(row, "delta"), effective_dir(row, "pct")
    if source in ("change", "distributive") and delta_dir and pct_dir and delta_dir != pct_dir:
        delta = f"{text_of(row.get('delta_word'))}{text_of(row.get('delta_text'))}"
        pct = f"{text_of(row.get('pct_word'))}{text_of(row.get('pct_text'))}"
        return f"{delta} and {pct} point in opposite directions", f"“{delta}”与“{pct}”方向相反"
    if source == "from_to":
        frm, to = interval_of(row, "previous", options), interval_of(row, "current", options)
        if frm is None or to is None:
            return None
        span, span_zh = (
            f"from {figure_shown(row, 'previous')} to {figure_shown(row, 'current')}",
            f"从{figure_shown(row, 'previous')}到{figure_shown(row, 'current')}",
        )
        for prefix in ("direction", "delta", "pct"):
            word_dir = text_of(row.get("direction")) if prefix == "direction" else effective_dir(row, prefix)
            word = text_of(row.get(f"{prefix}_word"))
            if word_dir == "up" and not exists_lt(frm, to):
                return f"{word} {span} is not a rise", f"称“{word}”,但{span_zh}并非上升"
            if word_dir == "down" and not exists_lt(to, frm):
                return f"{word} {span} is not a fall", f"称“{word}”,但{span_zh}并非下降"
    return None


def _direction(row: Row, options: RuleOptions) -> Explanation | None:
    problem_pair = _direction_problem(row, options)
    if problem_pair is None:
        return None
    problem, problem_zh = problem_pair
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


RULES = (
    Rule(
        id="pct_change_mismatch",
        table="changes",
        title_en="Percent change disagrees with its figures",
        title_zh="增减幅度与数值不符",
        description_en="A stated percent change disagrees with the current figure and the stated change (or the "
        "from and to values), for every value inside the stated precisions.",
        description_zh="所述增减百分比与当前数值及增减量（或起止数值）不符，在所述精度范围内无法成立。",
        default_severity="error",
        judge=decide(_pct_mismatch),
        option_names=INTERVAL_OPTIONS,
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
        judge=decide(_grim),
        option_names=INTERVAL_OPTIONS,
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
        judge=decide(_direction),
        option_names=INTERVAL_OPTIONS,
    ),
)
