"""Shared machinery of the claim builders: a figure template of the text, word lists, row helpers.

Claim patterns are written over a *template* of ``Document.norm`` in which every figure is replaced
by one private-use character naming its kind (count, money, percent, points, other). A pattern such
as "COUNT ,同比 减少 COUNT ,下降 PERCENT" is then an ordinary regular expression, the gaps between
figures are visible as text, and a match maps back to the figures and to original offsets.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import regex

from checks.claims.approx import widened
from checks.claims.kinds import CLAIM_TYPES, ChangeClaim, PartClaim
from checks.claims.lexicon import alternation, lexicon
from checks.documents import Document
from checks.figure import Figure
from checks.numbers import UPPER_BOUND

# One template character per figure kind; anything not listed becomes OTHER.
COUNT = "\ue001"
MONEY = "\ue002"
PCT = "\ue003"
POINTS = "\ue004"
MEASURE = "\ue005"  # length, area, mass, volume, duration, power, energy: a quantity in a unit (万吨, 个工作日, 亿千瓦)
OTHER = "\ue00f"
FIGURE_CHARS = COUNT + MONEY + PCT + POINTS + MEASURE + OTHER
MEASURE_KINDS = ("length", "area", "mass", "volume", "duration", "power", "energy")
_KIND_CHAR = {"count": COUNT, "money": MONEY, "percent": PCT, "points": POINTS} | dict.fromkeys(MEASURE_KINDS, MEASURE)

LEX = lexicon()

# Direction words. Single characters (增, 减, 多 ...) are only trusted right after a basis word.
UP_LONG, DOWN_LONG = LEX.up_long, LEX.down_long
UP_SHORT, DOWN_SHORT = LEX.up_short, LEX.down_short
UP_RATE, DOWN_RATE = LEX.up_rate, LEX.down_rate
UP_WORDS = frozenset(UP_LONG + UP_SHORT + UP_RATE)
DOWN_WORDS = frozenset(DOWN_LONG + DOWN_SHORT + DOWN_RATE)

DIR_LONG = f"(?:{alternation(UP_LONG + DOWN_LONG)})"
DIR_ANY = f"(?:{alternation(UP_LONG + DOWN_LONG + UP_SHORT + DOWN_SHORT)})"
DIR_RATE = f"(?:{alternation(UP_RATE + DOWN_RATE)})(?:为|达到|达)?"
BASIS = (
    f"(?:(?:{alternation(LEX.basis_compare)})?(?:{alternation(LEX.basis_relative)})"
    f"|(?:{alternation(LEX.basis_compare)})(?:{alternation(LEX.basis_previous)})(?:{alternation(LEX.basis_after)})?)"
)
# "比2019年增加12辆", "比五年前增加210人", "比上次增长30%": a named earlier time as the basis of a change.
EARLIER_BASIS = f"(?:{alternation(LEX.basis_compare)})(?:{OTHER}(?:末|底|同期)?|{MEASURE}前|上次)(?:相比)?"
GAP = "[,，]?"  # the comma allowed between the parts of one claim
AFTER_DIR = "(?:了|为|达到|达)?"

# Growth at comparable prices is real growth; the amounts beside it are nominal (realdata SOURCES).
REAL_GROWTH = regex.compile(alternation(LEX.real_growth))

_LABEL_STOP = regex.compile(r"[\s,，。;；:：、!！?？()（）“”\"《》" + FIGURE_CHARS + r"]")
_LABEL_FILLER = regex.compile(f"^(?:(?:{alternation(LEX.label_fillers)})+)")
_PERSON = regex.compile(f"(?:{alternation(LEX.person_titles)})$")


def direction_of(word: str | None) -> str:
    """ "up", "down" or "" for a direction word as printed."""
    if not word:
        return ""
    if word in UP_WORDS or any(word.startswith(w) for w in UP_LONG + UP_RATE):
        return "up"
    if word in DOWN_WORDS or any(word.startswith(w) for w in DOWN_LONG + DOWN_RATE):
        return "down"
    return ""


def clean_label(text: str) -> str:
    """A label without the scope and time fillers that do not name the quantity; "" when it names a
    person ("习近平总书记四次赴…": a person's name is never the subject of a figure)."""
    text = text.strip(" \t")
    previous = None
    while previous != text:
        previous = text
        text = _LABEL_FILLER.sub("", text)
    return "" if _PERSON.search(text) else text


# A clause or a sentence is read at most this far back from a position. Text printed without stops (a
# feed that lost its punctuation) would otherwise have every figure read back to the start of the text,
# and claim building would take time quadratic in its length. The longest met before a figure in the real
# texts of ../shared: a clause of 177 characters, a sentence of 643.
CLAUSE_MAX = 400
SENTENCE_MAX = 1000

_CLAUSE_STOP_BEFORE = regex.compile(r"[,，。;；!！?？\n]", regex.REVERSE)
_SENTENCE_STOP_BEFORE = regex.compile(r"[。;；!！?？\n]", regex.REVERSE)
_LABEL_STOP_BEFORE = regex.compile(_LABEL_STOP.pattern, regex.REVERSE)


@dataclass
class Template:
    """``Document.norm`` with each figure replaced by one kind character; maps back to figures."""

    doc: Document
    text: str
    norm_start: list[int]
    norm_end: list[int]
    figures: dict[int, Figure] = field(default_factory=dict)
    positions: list[int] = field(default_factory=list)  # the keys of ``figures``, ascending
    # What checks.claims.quantity reads at a position, kept once computed (a head figure is compared
    # with every body figure: each body figure's quantity was otherwise read again per head figure).
    quantities: dict[int, Any] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.positions:
            self.positions = sorted(self.figures)

    def fig(self, pos: int) -> Figure:
        return self.figures[pos]

    def positions_in(self, start: int, end: int) -> list[int]:
        """Template positions of the figures in ``[start, end)``, in order (bisection, no scan)."""
        return self.positions[bisect_left(self.positions, start) : bisect_left(self.positions, end)]

    def orig_span(self, t_start: int, t_end: int) -> tuple[int, int]:
        """Original ``[start, end)`` of the template span ``[t_start, t_end)``."""
        return self.doc.orig_span(self.norm_start[t_start], self.norm_end[t_end - 1])

    def label_before(self, pos: int, limit: int = 20) -> str:
        """The text of the clause right before a figure: its label when the figure follows its noun."""
        low = max(0, pos - limit)
        stop = _LABEL_STOP_BEFORE.search(self.text, low, pos)
        return self.text[stop.end() if stop else low : pos]

    def clause_start(self, pos: int) -> int:
        """Start of the clause holding ``pos`` (after the last comma, stop or line break), at most
        ``CLAUSE_MAX`` characters back."""
        low = max(0, pos - CLAUSE_MAX)
        stop = _CLAUSE_STOP_BEFORE.search(self.text, low, pos)
        return stop.end() if stop else low

    def sentence_start(self, pos: int) -> int:
        """Start of the sentence holding ``pos`` (after the last stop, semicolon or line break), at most
        ``SENTENCE_MAX`` characters back."""
        low = max(0, pos - SENTENCE_MAX)
        stop = _SENTENCE_STOP_BEFORE.search(self.text, low, pos)
        return stop.end() if stop else low


def stretches(text: str, needle: regex.Pattern[str], stops: str) -> list[tuple[int, int]]:
    """The stretches of ``text`` between two of the ``stops`` characters that hold a ``needle``.

    For a pattern none of whose matches holds a stop and each of which holds a needle, searching these
    stretches finds the same matches as searching the whole text, without trying the pattern at every
    position of the rest (a lazy ``{0,20}?`` prefix costs most where nothing can match)."""
    before = regex.compile(f"[{regex.escape(stops)}]", regex.REVERSE)
    after = regex.compile(f"[{regex.escape(stops)}]")
    out: list[tuple[int, int]] = []
    pos = 0
    while (found := needle.search(text, pos)) is not None:
        stop = before.search(text, 0, found.start())
        lo = stop.end() if stop else 0
        stop = after.search(text, found.start())
        hi = stop.start() if stop else len(text)
        out.append((lo, hi))
        pos = max(hi, found.end())
    return out


_FIGURE_CHAR = regex.compile(f"[{FIGURE_CHARS}]")
# A kind character printed in the text becomes another private-use character, one not naming a kind.
_NOT_A_FIGURE = str.maketrans(dict.fromkeys(FIGURE_CHARS, "\ue000"))
_RELATIVE_YEAR = regex.compile(r"[今去前明本上]年|上一年|前一年")


def build_template(doc: Document, figures: Sequence[Figure]) -> Template:
    """Replace every figure by its kind character. Overlapping figures keep the first one.

    Built from slices of ``doc.norm`` between the figures, not character by character; a figure's
    original offsets are found in ``doc.norm_to_orig`` by bisection (it increases strictly)."""
    to_orig = doc.norm_to_orig
    last = len(to_orig) - 1  # the final entry is the end offset, never a character's

    def norm_of(orig: int) -> int | None:
        n = bisect_left(to_orig, orig, 0, last)
        return n if n < last and to_orig[n] == orig else None

    spans: list[tuple[int, int, Figure]] = []
    for fig in sorted(figures, key=lambda f: (f.start, -f.end)):
        if fig.kind == "date" and _RELATIVE_YEAR.fullmatch(fig.text):
            continue  # "比去年同期", "较去年的19.08亿元": 去年 stays a word the claim patterns read
        n0 = norm_of(fig.start)
        n1 = norm_of(fig.end - 1)
        if n0 is None or n1 is None or n1 < n0:
            continue
        if spans and n0 < spans[-1][1]:
            continue
        spans.append((n0, n1 + 1, fig))
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    figs: dict[int, Figure] = {}
    norm = doc.norm
    if _FIGURE_CHAR.search(norm):  # the text itself holds a kind character (private use, as in PDF text)
        norm = norm.translate(_NOT_A_FIGURE)  # so that only real figures read as figures
    i = 0
    for n0, n1, fig in spans:  # sorted, not overlapping: the text between them is copied as it is
        if n0 > i:
            pieces.append(norm[i:n0])
            starts.extend(range(i, n0))
            ends.extend(range(i + 1, n0 + 1))
        figs[len(starts)] = fig
        pieces.append(_KIND_CHAR.get(fig.kind, OTHER))
        starts.append(n0)
        ends.append(n1)
        i = n1
    if i < len(norm):
        pieces.append(norm[i:])
        starts.extend(range(i, len(norm)))
        ends.extend(range(i + 1, len(norm) + 1))
    return Template(doc=doc, text="".join(pieces), norm_start=starts, norm_end=ends, figures=figs, positions=list(figs))


def dec(value: Any) -> Decimal | None:
    """A Decimal from a table cell, None for None/NaN (pandas fills missing cells with NaN)."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return None if value.is_nan() else value
    if isinstance(value, float):
        return None if value != value else Decimal(str(value))
    if isinstance(value, int | str):
        return Decimal(value)
    return None


def text_of(value: Any) -> str:
    """A str from a table cell, "" for None/NaN."""
    return value if isinstance(value, str) else ""


def flag(value: Any) -> bool:
    """A boolean cell; NaN (a row of another claim kind) and None read as False.

    A numpy bool is recognized by its dtype, so reading the rules does not import numpy."""
    if isinstance(value, bool):
        return value
    dtype = getattr(value, "dtype", None)
    return getattr(dtype, "kind", None) == "b" and getattr(value, "ndim", 1) == 0 and bool(value)


def figure_columns(prefix: str, fig: Figure | None) -> dict[str, Any]:
    """The columns one figure contributes to a claim row, under ``prefix`` (约 widened: claims.approx)."""
    if fig is not None:
        fig = widened(fig)
    if fig is None:
        return {
            f"{prefix}_text": "",
            f"{prefix}": None,
            f"{prefix}_low": None,
            f"{prefix}_high": None,
            f"{prefix}_unit": "",
            f"{prefix}_kind": "",
            f"{prefix}_approx": False,
        }
    return {
        f"{prefix}_text": fig.text,
        f"{prefix}": fig.value,
        f"{prefix}_low": fig.low,
        f"{prefix}_high": fig.high,
        f"{prefix}_unit": fig.unit,
        f"{prefix}_kind": fig.kind,
        f"{prefix}_approx": bool(fig.approximate) or not fig.is_exact,
    }


def same_unit(a: Figure, b: Figure) -> bool:
    """Two figures measure the same kind of thing (名 and 人 both count people)."""
    if a.kind != b.kind:
        return False
    if a.kind == "money":
        return True
    people = LEX.people_units
    return a.unit == b.unit or (a.unit in people and b.unit in people)


_AVERAGE_OR_RATE = regex.compile(alternation(LEX.average_rate_words))


def names_average_or_rate(text: str) -> bool:
    """The words name an average or a rate (人均, 日均, 每万人, 发案率…): such a figure is no sum of parts."""
    return bool(_AVERAGE_OR_RATE.search(text))


def _averaged(row: dict[str, Any]) -> bool:
    """The current figure is an average or a rate ("日均接警15.5起", "每万人12起", "万车死亡率2.1人"):
    an averaging or rate word in its label or before it in the claim's excerpt."""
    excerpt, printed = str(row["excerpt"]), str(row.get("current_text") or "")
    before = excerpt[: excerpt.find(printed)] if printed and printed in excerpt else excerpt
    return bool(_AVERAGE_OR_RATE.search(before + str(row.get("label") or "")))


class RowMaker:
    """Numbers claims per kind and fills the base columns every claim table shares."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.counts: dict[str, int] = {}

    def row(self, kind: str, start: int, end: int, highlights: Sequence[str], **columns: Any) -> dict[str, Any]:
        n = self.counts.get(kind, 0) + 1
        self.counts[kind] = n
        base: dict[str, Any] = {
            "claim_id": f"{self.doc.sha256[:12]}:{self.doc.path}:{kind}:{n}",  # two files may share content
            "path": self.doc.path,
            "line": self.doc.line_of(start),
            "start": start,
            "end": end,
            "excerpt": self.doc.excerpt(start, end),
            "highlights": tuple(highlights),
        }
        base.update(columns)
        claim_type = CLAIM_TYPES[kind]
        if claim_type is ChangeClaim:
            base["averaged"] = _averaged(base)
        elif claim_type is PartClaim:
            base["averaged"] = bool(_AVERAGE_OR_RATE.search(f"{base['whole_label']}{base['part_label']}"))
        return claim_type.from_columns(base).to_row()


_NOT_AMOUNT = regex.compile(
    rf"(?:(?:{DIR_LONG}|{DIR_RATE}){AFTER_DIR}(?:到|至)?|(?:{DIR_ANY})(?:了|到|至)|由|从|至|(?<!达)到|超过|超|逾|近|不足|平均|人均|年均"
    r"|[降减]|净增)$"  # "压降94户、下降35.9%", "净增3162家": the figure is the change itself
)
# A comparing word, not 较大/较快 (adjectives) or 比例/比重 (shares).
COMPARED = regex.compile(r"较(?![大小多少高低好快慢强弱为])|(?<![对占])比(?![例重率较])|相比|同期")


def is_plain_amount(tpl: Template, pos: int, *, upper_bound: bool = False) -> bool:
    """A figure that states an amount, not a change or a bound: nothing in its clause before it
    compares ("比上年增加1500亿元") and no direction or from/to word stands right before it. With
    ``upper_bound``, an amount stated only as an upper bound ("近1.3万件", "不足500人") counts too: its
    interval has a high end that a part may not pass."""
    prefix = tpl.text[tpl.clause_start(pos) : pos]
    fig = tpl.fig(pos)
    if upper_bound and fig.qualifier in UPPER_BOUND and fig.low is None and fig.high is not None:
        prefix = prefix.removesuffix(fig.qualifier)
    return not (_NOT_AMOUNT.search(prefix) or COMPARED.search(prefix))
