"""Synthetic corpora for the benchmarks: the seeds varied so that every copy is a distinct issue.

Not a test. A variant of seed 002 (the one with a masthead date and issue number) gets its own date,
one week earlier per copy, and its own issue number, counting down, so the archive is a plausible
run of weekly issues; every variant shifts a few of its counts so no two issues have the same
content hash. The other seeds keep their text apart from those shifted counts.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
WEEKDAYS = "一二三四五六日"
LATEST = dt.date(2022, 1, 11)  # seed 002's masthead date
_MASTHEAD_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日 星期.")
_ISSUE_NUMBER = re.compile(r"第700期")
_COUNT = re.compile(r"(\d+)起")


def masthead_date(date: dt.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日 星期{WEEKDAYS[date.weekday()]}"


def variant(index: int) -> tuple[str, str]:
    """The ``index``-th variant: (file name, text). Deterministic."""
    seed = SEEDS[index % len(SEEDS)]
    text = seed.read_text(encoding="utf-8")
    week = index // len(SEEDS) + 1
    shift = week  # every copy of a seed shifts its first counts by a different amount: no two are alike

    def shifted(match: re.Match[str]) -> str:
        return f"{int(match.group(1)) + shift}起"

    text = _COUNT.sub(shifted, text, count=3)
    text = _MASTHEAD_DATE.sub(masthead_date(LATEST - dt.timedelta(weeks=week)), text, count=1)
    text = _ISSUE_NUMBER.sub(f"第{100_000 - week}期", text, count=1)
    return f"{index:05d}_{seed.name}", text


def write_variants(folder: Path, count: int) -> list[Path]:
    """Write ``count`` variants into ``folder``; return their paths in order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        name, text = variant(index)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def seeds_concatenated(times: int) -> str:
    """The five seeds joined into one text, that block repeated ``times`` times."""
    block = "\n\n".join(p.read_text(encoding="utf-8") for p in SEEDS)
    return "\n\n".join([block] * times)
