"""Typed claims: one frozen dataclass per claim table, whose fields declare the table's columns.

Builders hand ``RowMaker.row`` flat columns; each row is built into its claim type (an unknown, missing
or wrongly typed column is a programming error and fails loudly) and flattened back for the table, so
every row of a table has exactly the declared columns. ``checks.validate`` checks the declared
columns where the tables enter Great Expectations; rules read these typed columns, never the text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import MISSING, dataclass, fields
from decimal import Decimal
from typing import Any, ClassVar, Self, get_type_hints

FIGURE_PARTS = ("text", "", "low", "high", "unit", "kind", "approx")


@dataclass(frozen=True)
class FigureRef:
    """One figure as a claim holds it: its printed text, value, precision interval, unit and kind."""

    text: str
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    unit: str
    kind: str
    approx: bool

    def columns(self, prefix: str) -> dict[str, Any]:
        return {
            f"{prefix}_text": self.text,
            prefix: self.value,
            f"{prefix}_low": self.low,
            f"{prefix}_high": self.high,
            f"{prefix}_unit": self.unit,
            f"{prefix}_kind": self.kind,
            f"{prefix}_approx": self.approx,
        }

    @classmethod
    def from_columns(cls, prefix: str, cols: Mapping[str, Any]) -> FigureRef:
        ref = cls(
            text=cols[f"{prefix}_text"],
            value=cols[prefix],
            low=cols[f"{prefix}_low"],
            high=cols[f"{prefix}_high"],
            unit=cols[f"{prefix}_unit"],
            kind=cols[f"{prefix}_kind"],
            approx=cols[f"{prefix}_approx"],
        )
        for name in ("value", "low", "high"):
            if not isinstance(getattr(ref, name), Decimal | None):
                raise TypeError(f"{prefix}_{name} must be a Decimal or None")
        if not (isinstance(ref.text, str) and isinstance(ref.unit, str) and isinstance(ref.kind, str)):
            raise TypeError(f"{prefix}: text, unit and kind must be str")
        if not isinstance(ref.approx, bool):
            raise TypeError(f"{prefix}_approx must be a bool")
        return ref


def _figure_columns(prefix: str) -> tuple[str, ...]:
    return tuple(f"{prefix}_{p}" if p else prefix for p in FIGURE_PARTS)


@dataclass(frozen=True)
class Claim:
    """The columns every claim table shares (checks.rules.BASE_COLUMNS)."""

    TABLE: ClassVar[str] = ""

    claim_id: str
    path: str
    line: int
    start: int
    end: int
    excerpt: str
    highlights: tuple[str, ...]

    @classmethod
    def columns(cls) -> tuple[str, ...]:
        """The table's declared columns, in order (figure fields expand to their seven columns)."""
        return _columns(cls)

    def to_row(self) -> dict[str, Any]:
        row: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, FigureRef):
                row.update(value.columns(f.name))
            else:
                row[f.name] = value
        return row

    @classmethod
    def from_columns(cls, cols: Mapping[str, Any]) -> Self:
        """The claim of a flat row; unknown, missing or mistyped columns raise TypeError."""
        unknown = set(cols) - set(cls.columns())
        if unknown:
            raise TypeError(f"{cls.__name__}: undeclared columns {sorted(unknown)}")
        hints = _hints(cls)
        values: dict[str, Any] = {}
        for f in fields(cls):
            if hints[f.name] is FigureRef:
                values[f.name] = FigureRef.from_columns(f.name, cols)
                continue
            if f.name not in cols:
                if f.default is not MISSING:  # a declared default (headline-only columns)
                    continue
                raise TypeError(f"{cls.__name__}: missing column {f.name!r}")
            value = cols[f.name]
            expected = hints[f.name]
            if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
                raise TypeError(f"{cls.__name__}.{f.name} must be {expected.__name__}, got {type(value).__name__}")
            values[f.name] = value
        return cls(**values)


_HINTS: dict[str, dict[str, Any]] = {}
_COLUMNS: dict[str, tuple[str, ...]] = {}


def _hints(cls: type[Claim]) -> dict[str, Any]:
    """Field name -> the class an instance must be (tuple for tuple[str, ...]), resolved once per type."""
    if cls.__name__ not in _HINTS:
        plain = {"tuple[str, ...]": tuple}
        _HINTS[cls.__name__] = {
            name: hint if isinstance(hint, type) else plain.get(str(hint), hint)
            for name, hint in get_type_hints(cls).items()
            if name != "TABLE"
        }
    return _HINTS[cls.__name__]


def _columns(cls: type[Claim]) -> tuple[str, ...]:
    if cls.__name__ not in _COLUMNS:
        hints = _hints(cls)
        out: list[str] = []
        for f in fields(cls):
            out.extend(_figure_columns(f.name) if hints[f.name] is FigureRef else (f.name,))
        _COLUMNS[cls.__name__] = tuple(out)
    return _COLUMNS[cls.__name__]


@dataclass(frozen=True)
class ChangeClaim(Claim):
    """A change (current with delta and/or percent), a two-basis rate, a distributive-list pair, a
    from->to (previous -> current) or a headline direction against its body change."""

    TABLE: ClassVar[str] = "changes"

    source: str  # change | distributive | from_to | headline
    label: str
    basis: str
    direction: str
    delta_dir: str
    delta_word: str
    pct_dir: str
    pct_word: str
    direction_word: str
    real_growth: bool
    averaged: bool  # the current figure is an average or a rate (日均, 每万人, 发案率): not a whole count
    headline_text: str
    headline_dir: str
    current: FigureRef
    previous: FigureRef
    delta: FigureRef
    pct: FigureRef
    body_line: int = 0
    body_excerpt: str = ""
    body_highlights: str = ""


@dataclass(frozen=True)
class SumClaim(Claim):
    """a - b = c: 实载 - 核载 = 超员, or to - from = the stated difference."""

    TABLE: ClassVar[str] = "sums"

    source: str
    a_name: str
    b_name: str
    c_name: str
    a: FigureRef
    b: FigureRef
    c: FigureRef


@dataclass(frozen=True)
class PartClaim(Claim):
    """One part of a 其中 list and its whole."""

    TABLE: ClassVar[str] = "parts"

    whole_label: str
    part_label: str
    averaged: bool  # an average or a rate (年平均工资 …, 其中 …): not a whole with parts
    siblings_low: Decimal  # on a list's first part: the sum of the other parts' lower bounds (else 0)
    siblings_text: str  # the other parts as printed, for the message
    whole: FigureRef
    part: FigureRef


@dataclass(frozen=True)
class RepeatClaim(Claim):
    """One quantity stated twice in an article (headline and body, or lead and body)."""

    TABLE: ClassVar[str] = "repeats"

    where: str  # headline | body
    label: str
    second_line: int
    second_excerpt: str
    first: FigureRef
    second: FigureRef


@dataclass(frozen=True)
class WeekdayClaim(Claim):
    """A date printed with its weekday."""

    TABLE: ClassVar[str] = "weekdays"

    date_text: str
    date_iso: str
    weekday_text: str
    weekday: int


# Row kind (RowMaker.row) -> claim type.
CLAIM_TYPES: dict[str, type[Claim]] = {
    "change": ChangeClaim,
    "distributive": ChangeClaim,
    "from_to": ChangeClaim,
    "headline": ChangeClaim,
    "sum": SumClaim,
    "part": PartClaim,
    "repeat": RepeatClaim,
    "weekday": WeekdayClaim,
}
TABLE_TYPES: dict[str, type[Claim]] = {t.TABLE: t for t in CLAIM_TYPES.values()}


@dataclass(frozen=True)
class ShareClaim(Claim):
    """A part's stated share of its whole ("其中批准逮捕90件120人,逮捕率为80%"): pct = part / whole.
    A whole of two units (件 and 人) gives the second pair in ``part2``/``whole2``; either may hold."""

    TABLE: ClassVar[str] = "shares"

    share_word: str  # 占, 占比, 逮捕率 … as printed
    whole_label: str
    part_label: str
    part: FigureRef
    whole: FigureRef
    part2: FigureRef
    whole2: FigureRef
    pct: FigureRef


CLAIM_TYPES["share"] = ShareClaim
TABLE_TYPES[ShareClaim.TABLE] = ShareClaim


@dataclass(frozen=True)
class ShareListClaim(Claim):
    """Listed parts with their shares of one whole, in order ("一审案件48.6万件,二审案件5.2万件,分别占民事
    案件总数的86.62%、8.55%"): every part / share is the same whole, and the shares add up to at most 100 %.
    Bounds are decimal strings, one per listed figure."""

    TABLE: ClassVar[str] = "share_lists"

    whole_word: str
    parts_text: tuple[str, ...]
    part_lows: tuple[str, ...]
    part_highs: tuple[str, ...]
    pcts_text: tuple[str, ...]
    pct_lows: tuple[str, ...]
    pct_highs: tuple[str, ...]


CLAIM_TYPES["share_list"] = ShareListClaim
TABLE_TYPES[ShareListClaim.TABLE] = ShareListClaim
