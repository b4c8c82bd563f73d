"""weekday_mismatch: a date printed with a weekday it did not fall on."""

from __future__ import annotations

import datetime

import pandas as pd

from checks.claims.common import text_of
from checks.claims.weekday import WEEKDAY_NAMES
from checks.rules import Explanation, Rule, RuleOptions
from checks.rules.reading import (
    Row,
    check,
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


RULES = (
    Rule(
        id="weekday_mismatch",
        table="weekdays",
        title_en="Date and weekday disagree",
        title_zh="日期与星期不符",
        description_en="A date is printed with a weekday it did not fall on.",
        description_zh="所印日期与所注星期不符。",
        default_severity="error",
        check=check(_weekday_ok),
        explain=_explain_weekday,
    ),
)
