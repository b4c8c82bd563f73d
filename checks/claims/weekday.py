"""A full date printed with its weekday ("2022年1月11日 星期二"), read from the normalized text.

Only dates with a year are tied to a weekday; "1月11日 星期二" without a year cannot be judged.
"""

from __future__ import annotations

import datetime
from typing import Any

import regex

from checks.claims.common import RowMaker
from checks.documents import Document

_DATE_WEEKDAY = regex.compile(
    r"(?<![0-9])(?P<y>(?:19|20)[0-9]{2})年(?P<m>[0-9]{1,2})月(?P<d>[0-9]{1,2})日"
    r"[ \t,，、]*[(（]?(?P<w>(?:星期|礼拜|周)(?P<n>[一二三四五六日天七1-7]))[)）]?"
)
_WEEKDAY_NUMBER = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7, "七": 7}
WEEKDAY_NAMES = ("", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def build_weekdays(doc: Document, rows: RowMaker) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
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
