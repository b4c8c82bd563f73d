"""Issue facts as DataFrames: one row per issue, one row per masthead entry, one frame per claim table.

This is the form in which a batch of issues leaves a Dask worker (``checks.engine_dask``) and in which
the archive's Parquet dataset holds them (``checks.archive``): columns, not millions of small Python
objects. Frames built here use object columns, so every value (None, a Decimal, a tuple) is the very
object the analysis produced, and ``rows`` / ``mastheads_from_frames`` give back exactly the records
the local engine has, which is what keeps the Dask engine's findings identical.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from checks.masthead import ContactEntry, Masthead
from checks.publication import block_members

__all__ = [
    "ENTRY_COLUMNS",
    "ISSUE_COLUMNS",
    "cell",
    "claim_frame",
    "entries_frame",
    "issues_frame",
    "mastheads_from_frames",
    "rows",
]

ISSUE_COLUMNS = ("path", "sha256", "date", "date_source", "issue_number", "entries")
# Every field of a ContactEntry, the entry's index in its masthead (the claim id's last part) and
# whether it belongs to the masthead block (checks.publication), computed once where the issue is read.
ENTRY_COLUMNS = ("path", "sha256", "index", *ContactEntry._fields, "in_masthead")


def issues_frame(mastheads: Sequence[Masthead]) -> pd.DataFrame:
    """One row per issue: what orders and dates it, and how many masthead entries it has."""
    data = [(m.path, m.sha256, m.date, m.date_source, m.issue_number, len(m.entries)) for m in mastheads]
    return pd.DataFrame(data, columns=list(ISSUE_COLUMNS), dtype=object)


def entries_frame(mastheads: Sequence[Masthead]) -> pd.DataFrame:
    """One row per masthead entry of every issue, in masthead order."""
    data = [
        (m.path, m.sha256, index, *entry, member)
        for m in mastheads
        for index, (entry, member) in enumerate(zip(m.entries, block_members(m.entries), strict=True))
    ]
    return pd.DataFrame(data, columns=list(ENTRY_COLUMNS), dtype=object)


def cell(value: Any) -> Any:
    """A cell as a Python value: Parquet's missing values (NaN, pandas.NA) are None again."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and value != value:
        return None
    return value.item() if hasattr(value, "item") and not isinstance(value, str | bytes) else value


def mastheads_from_frames(issues: pd.DataFrame, entries: pd.DataFrame) -> list[Masthead]:
    """The Masthead of each issue row, its entries taken from the entry rows with the same path and sha256."""
    by_issue: dict[tuple[str, str], list[tuple[int, ContactEntry]]] = {}
    fields = ContactEntry._fields
    for record in entries[["path", "sha256", "index", *fields]].itertuples(index=False, name=None):
        values = [cell(v) for v in record]
        entry = ContactEntry(*values[3:])
        by_issue.setdefault((str(values[0]), str(values[1])), []).append((int(values[2]), entry))
    mastheads = []
    for path, sha256, date, source, number, _ in issues[list(ISSUE_COLUMNS)].itertuples(index=False, name=None):
        found = sorted(by_issue.get((str(path), str(sha256)), []), key=lambda item: item[0])
        mastheads.append(
            Masthead(
                path=str(path),
                sha256=str(sha256),
                date=cell(date),
                date_source=str(source),
                issue_number=cell(number),
                entries=tuple(entry for _, entry in found),
            )
        )
    return mastheads


def claim_frame(tables: Iterable[dict[str, list[dict[str, Any]]]], name: str) -> tuple[pd.DataFrame, list[int]]:
    """One claim table over several issues as an object DataFrame, and how many rows each issue has."""
    counts: list[int] = []
    data: list[dict[str, Any]] = []
    for table in tables:
        issue_rows = table.get(name, [])
        counts.append(len(issue_rows))
        data.extend(issue_rows)
    return pd.DataFrame(data, dtype=object), counts


def rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The records of an object frame, each value the object that was put in (no NaN for None)."""
    columns = [str(c) for c in frame.columns]
    return [dict(zip(columns, values, strict=True)) for values in frame.itertuples(index=False, name=None)]
