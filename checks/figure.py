"""The Figure record: one stated number with its precision, unit, label and place in the text."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

# Kinds of figure. Counts and money are different kinds, so no rule ever compares 起 with 元.
KINDS = (
    "count",  # 412起, 2227名, 1.97万起
    "money",  # 122万元, 5.3亿元 (value in 元)
    "percent",  # 8.04%, 百分之十五, 八成 (value in percent: 八成 -> 80)
    "points",  # 3个百分点 (percentage points, never compared with percent)
    "multiple",  # 2倍
    "length",  # 米, 公里 (value in metres)
    "area",  # 平方米, 亩 (value in square metres)
    "duration",  # 3年, 24小时 (value in the stated unit; unit names it)
    "date",  # 2022年1月11日 (value: yyyymmdd as a number; iso holds the ISO date)
    "weekday",  # 星期二 (value 1..7, Monday = 1)
    "time",  # 10时30分 (value: minutes after midnight)
    "ordinal",  # 第700期, 第二个
    "number",  # a bare quantity whose unit is not known
)


@dataclass(frozen=True)
class Figure:
    """One stated figure.

    ``low``/``high`` are the precision interval ``[low, high)`` in the same unit as ``value``;
    ``None`` means unbounded on that side ("20余万" has ``high=None``; "不足5人" has ``low=None``).
    ``start``/``end`` are 0-based offsets into the ORIGINAL text, ``[start, end)``.
    """

    value: Decimal
    low: Decimal | None
    high: Decimal | None
    unit: str  # canonical unit: "起", "名", "元", "%", "个百分点", "倍", "米", "平方米", "年", "date" ...
    kind: str  # one of KINDS
    approximate: bool
    label: str  # the noun phrase it quantifies, "" when none is clear
    start: int
    end: int
    line: int
    text: str  # the original characters of the figure, as printed
    qualifier: str = ""  # the approximation/bound word as printed: 余, 多, 近, 约, 以上, 不足 ...
    iso: str | None = None  # ISO date for kind == "date"

    @property
    def is_exact(self) -> bool:
        """True when the interval is bounded on both sides (not a lower or upper bound only)."""
        return self.low is not None and self.high is not None

    def to_record(self) -> dict[str, Any]:
        """A JSON-friendly dict: Decimals as strings so no precision is lost."""
        return {
            "text": self.text,
            "value": str(self.value),
            "low": None if self.low is None else str(self.low),
            "high": None if self.high is None else str(self.high),
            "unit": self.unit,
            "kind": self.kind,
            "approximate": self.approximate,
            "qualifier": self.qualifier,
            "label": self.label,
            "line": self.line,
            "start": self.start,
            "end": self.end,
            "iso": self.iso,
        }
