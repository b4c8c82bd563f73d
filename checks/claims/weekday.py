"""A full date printed with its weekday ("2022年1月11日 星期二", "二〇二二年一月十一日 星期二").

Only dates with a printed year are tied to a weekday; "1月11日 星期二" without a year cannot be judged
(near New Year the issue's year may not be the date's), nor "去年12月31日" (the issue's year may be
inferred from its text). Arabic dates are read from the normalized text; dates in Chinese numerals from
the extracted figures, which parse them.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

import regex

from checks.claims.common import RowMaker
from checks.documents import Document
from checks.figure import Figure

_DATE_WEEKDAY = regex.compile(
    r"(?<![0-9])(?P<y>(?:19|20)[0-9]{2})年(?P<m>[0-9]{1,2})月(?P<d>[0-9]{1,2})日"
    r"[ \t,，、]*[(（]?(?P<w>(?:星期|礼拜|周)(?P<n>[一二三四五六日天七1-7]))[)）]?"
)
_WEEKDAY_NUMBER = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7, "七": 7}
WEEKDAY_NAMES = ("", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


_CHINESE_YEAR = regex.compile(r"^[〇零一二三四五六七八九]{4}年")
_GAP = regex.compile(r"[ \t,，、]*[(（]?")


def build_weekdays(doc: Document, rows: RowMaker, figures: Sequence[Figure] = ()) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    ordered = sorted((f for f in figures if f.kind in ("date", "weekday")), key=lambda f: f.start)
    for date, weekday in pairwise(ordered):
        if date.kind != "date" or weekday.kind != "weekday" or not _CHINESE_YEAR.match(date.text):
            continue
        if len(date.iso or "") != len("2022-01-11") or not _GAP.fullmatch(doc.text, date.end, weekday.start):
            continue
        out.append(
            rows.row(
                "weekday",
                date.start,
                weekday.end,
                [date.text, weekday.text],
                date_text=date.text,
                date_iso=date.iso,
                weekday_text=weekday.text,
                weekday=int(weekday.value),
            )
        )
    for m in _DATE_WEEKDAY.finditer(doc.norm):
        year, month, day = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        try:
            iso = datetime.date(year, month, day).isoformat()
        except ValueError:
            iso = ""  # "2月30日": not a date; another rule's business, not a weekday question
        n = m.group("n")
        stated = _WEEKDAY_NUMBER.get(n) or int(n)
        start, end = doc.orig_span(m.start(), m.end())
        date_start, date_end = doc.orig_span(m.start(), m.end("d") + 1)
        week_start, week_end = doc.orig_span(m.start("w"), m.end("w"))
        out.append(
            rows.row(
                "weekday",
                start,
                end,
                [doc.text[date_start:date_end], doc.text[week_start:week_end]],
                date_text=doc.text[date_start:date_end],
                date_iso=iso,
                weekday_text=doc.text[week_start:week_end],
                weekday=stated,
            )
        )
    return out
