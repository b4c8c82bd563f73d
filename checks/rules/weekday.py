"""weekday_mismatch: a date printed with a weekday it did not fall on."""

from __future__ import annotations

import datetime

from checks.claims.common import text_of
from checks.claims.weekday import WEEKDAY_NAMES
from checks.rules import Explanation, Rule, RuleOptions
from checks.rules.reading import Row, decide


def _weekday(row: Row, options: RuleOptions) -> Explanation | None:
    iso = text_of(row.get("date_iso"))
    stated = row.get("weekday")
    if not iso or stated is None:
        return None
    weekday = datetime.date.fromisoformat(iso).isoweekday()
    if weekday == int(stated):
        return None
    actual = WEEKDAY_NAMES[weekday]
    stated_text, date = text_of(row.get("weekday_text")), text_of(row.get("date_text"))
    return Explanation(
        message=f"stated {stated_text}, but {date} ({iso}) was a {actual}",
        stated=stated_text,
        expected=actual,
        message_zh=f"所述{stated_text},但{date}({iso})是{actual}",
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
        judge=decide(_weekday),
    ),
)
