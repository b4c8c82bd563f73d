"""Measure the extractor on the peer project's own Chinese specs (Microsoft Recognizers-Text).

Not a test, and the peer's text is never copied into this repository: give the folder that holds the
peer's ``Specs`` (e.g. a checkout of github.com/microsoft/Recognizers-Text) on the command line:

    .venv/bin/python bench/bench_peer.py /path/to/Recognizers-Text [--show wrong,missed]

Scope (checkfacts' own: stated quantities with a unit, as newspapers print them):
- PercentModel: percentages (%, 百分之, 成, 个百分点, 千分之/万分之 as ratios); out of scope: discounts
  (折), figures spelled out with spaces (speech transcripts), the chat suffix k, capital numerals
  (壹…玖, 佰, 仟) and traditional characters other than 萬/億/兩.
- CurrencyModel: 元 (人民币) and the foreign currencies checkfacts keeps apart (美元, 欧元, 港元, 日元,
  英镑); out of scope: other currencies, sub-units (角, 毛, 分, 美分), symbols ($, ￥), a unit without a number.
- DimensionModel, AgeModel, TemperatureModel: the units in checks/units.py (亩, 千克, 斤, 吨, 克, 米, 公里,
  公分, 千瓦, 千卡, 岁, 个月, 周, 天, ℃); out of scope: Latin symbols (cm, m, °C), bits and bytes, hertz, 两,
  微克, and 度 without 摄氏 (a degree is not only a temperature).
- NumberModel, NumberRangeModel, OrdinalModel: out of scope: checkfacts never extracts a bare number
  without a unit (a name, a code or a year), nor a comparison (大于/小于) or an ordinal without its
  classifier.
A case is *newspaper-style* when the input is a sentence: at least six characters besides the figure.
Each expected figure is right when a figure overlapping its span has the same value (in checkfacts'
canonical unit; a range is right when the expected value lies inside it), a *wrong value* when an
overlapping figure has another value, *wrong unit* when the value agrees but the unit does not, and
missed when no figure overlaps it. Figures on the peer's negatives (cases expecting nothing) are counted.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checks.documents import document_from_text  # noqa: E402
from checks.figure import Figure  # noqa: E402
from checks.figures import extract_figures  # noqa: E402

# The peer's unit -> (checkfacts' canonical unit, factor to it).
UNIT_MAP: dict[str, tuple[str, Decimal]] = {
    "Chinese yuan": ("元", Decimal(1)),
    "United States dollar": ("美元", Decimal(1)),
    "Euro": ("欧元", Decimal(1)),
    "Hong Kong dollar": ("港元", Decimal(1)),
    "Japanese yen": ("日元", Decimal(1)),
    "British pound": ("英镑", Decimal(1)),
    "Mu": ("亩", Decimal(1)),
    "Kilogram": ("千克", Decimal(1)),
    "Gram": ("千克", Decimal("0.001")),
    "Ton": ("千克", Decimal(1000)),
    "Jin": ("千克", Decimal("0.5")),
    "Meter": ("米", Decimal(1)),
    "Kilometer": ("米", Decimal(1000)),
    "Centimeter": ("米", Decimal("0.01")),
    "Kilowatt": ("千瓦", Decimal(1)),
    "Kilocalorie": ("千卡", Decimal(1)),
    "C": ("℃", Decimal(1)),
}
AGE_UNITS = {
    "Year": ("岁", Decimal(1)),
    "Month": ("月", Decimal(1)),
    "Week": ("周", Decimal(1)),
    "Day": ("天", Decimal(1)),
}
MODELS = {
    "PercentModel": "Specs/Number/Chinese/PercentModel.json",
    "CurrencyModel": "Specs/NumberWithUnit/Chinese/CurrencyModel.json",
    "DimensionModel": "Specs/NumberWithUnit/Chinese/DimensionModel.json",
    "AgeModel": "Specs/NumberWithUnit/Chinese/AgeModel.json",
    "TemperatureModel": "Specs/NumberWithUnit/Chinese/TemperatureModel.json",
}
OUT_OF_SCOPE_MODELS = ("NumberModel", "NumberRangeModel", "NumberRangeModelExperimentalMode", "OrdinalModel")
_CAPITALS = set("壹贰貳叁參肆伍陆陸柒捌玖拾佰仟點個")
_LATIN_UNIT = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ$￥°")
_RANGE_MARKS = {"—", "–", "-", "~", "～", "到", "至"}


def _expected(model: str, result: dict[str, Any]) -> tuple[str, Decimal] | None:
    """(canonical unit, value) of one expected figure, or None when it is out of scope."""
    text: str = result.get("Text", "")
    resolution = result.get("Resolution") or {}
    raw = resolution.get("value")
    if raw is None or " " in text.strip() or _CAPITALS & set(text) or "k" in text.lower().replace("kg", ""):
        return None
    if model == "PercentModel":
        if "折" in text or not raw.endswith("%"):
            return None
        unit, factor, raw = "%", Decimal(1), raw[:-1]
    else:
        units = AGE_UNITS if model == "AgeModel" else UNIT_MAP
        mapped = units.get(resolution.get("unit", ""))
        if mapped is None or _LATIN_UNIT & set(text) or any(c in text for c in "角毛美分"):
            return None
        if model == "TemperatureModel" and "摄氏" not in text and "℃" not in text:
            return None
        unit, factor = mapped
    try:
        return unit, Decimal(raw) * factor
    except InvalidOperation:
        return None


def _span(case_input: str, result: dict[str, Any]) -> tuple[int, int]:
    start = result.get("Start")
    if isinstance(start, int):
        return start, int(result.get("End", start)) + 1  # the peer's End is inclusive
    found = case_input.find(result.get("Text", ""))
    return (found, found + len(result.get("Text", ""))) if found >= 0 else (0, len(case_input))


def _value_in(figure: Figure, unit: str) -> Decimal:
    """A figure's value in the peer's terms: a ratio as a percent."""
    return figure.value * 100 if figure.kind == "ratio" and unit == "%" else figure.value


def _judge(figure: Figure, unit: str, value: Decimal) -> str:
    same_unit = figure.unit == unit or (unit == "%" and figure.kind in ("points", "ratio"))
    if figure.qualifier in _RANGE_MARKS and figure.low is not None and figure.high is not None:
        inside = figure.low <= value < figure.high
        return ("right" if same_unit else "wrong unit") if inside else "wrong value"
    if _value_in(figure, unit) == value:
        return "right" if same_unit else "wrong unit"
    return "wrong value"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("peer", type=Path, help="folder holding the peer's Specs/ (never copied here)")
    parser.add_argument("--show", default="wrong value,wrong unit", help="outcomes to list, comma-separated")
    args = parser.parse_args()
    show = {s.strip() for s in args.show.split(",") if s.strip()}
    totals: Counter[str] = Counter()
    for model, relative in MODELS.items():
        path = args.peer / relative
        if not path.is_file():
            raise SystemExit(f"{path}: not found; give the folder that holds the peer's Specs/")
        cases = json.loads(path.read_text(encoding="utf-8-sig"))
        counts: Counter[str] = Counter()
        for case in cases:
            text: str = case["Input"]
            figures = extract_figures(document_from_text("peer.txt", text), year=None)
            if not case.get("Results"):
                counts["negatives"] += 1
                counts["figures on negatives"] += sum(1 for f in figures if f.kind not in ("date", "weekday", "time"))
                continue
            for result in case["Results"]:
                expected = _expected(model, result)
                if expected is None:
                    counts["out of scope"] += 1
                    continue
                unit, value = expected
                start, end = _span(text, result)
                news = len(text) - (end - start) >= 6
                overlapping = [f for f in figures if f.start < end and f.end > start and f.kind != "date"]
                verdicts = [_judge(f, unit, value) for f in overlapping]
                outcome = "missed" if not verdicts else "right" if "right" in verdicts else (
                    "wrong value" if "wrong value" in verdicts else "wrong unit")  # fmt: skip
                for scope in ("all", "news") if news else ("all",):
                    counts[f"{scope}: in scope"] += 1
                    counts[f"{scope}: {outcome}"] += 1
                if outcome in show:
                    got = [(f.text, str(_value_in(f, unit)), f.unit) for f in overlapping]
                    print(f"  {model} {outcome}: {result.get('Text')!r} expected {value} {unit}, got {got}")
        totals.update(counts)
        _report(model, counts)
    _report("total", totals)
    print(f"out of scope by design: {', '.join(OUT_OF_SCOPE_MODELS)} (bare numbers, comparisons, bare ordinals)")


def _report(name: str, counts: Counter[str]) -> None:
    parts = []
    for scope in ("all", "news"):
        n = counts[f"{scope}: in scope"]
        if n:
            right = counts[f"{scope}: right"]
            parts.append(
                f"{scope}: {right}/{n} right ({100 * right / n:.0f} %), {counts[f'{scope}: wrong value']} wrong value, "
                f"{counts[f'{scope}: wrong unit']} wrong unit, {counts[f'{scope}: missed']} missed"
            )
    print(
        f"{name}: " + "; ".join(parts) + f"; out of scope {counts['out of scope']}; "
        f"{counts['figures on negatives']} figures on {counts['negatives']} negatives"
    )


if __name__ == "__main__":
    main()
