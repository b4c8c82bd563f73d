"""The cross-issue rules over a Parquet fact store, with dask.dataframe: archives of 100 000+ issues.

``checks.cross_issue`` compares each issue with the previous issue (by issue order) that prints the
same key, over one pandas table of every masthead entry. Over a whole archive that table is too
large for one process, but each comparison only ever looks at rows of ONE key (or, for issue
numbers, of one publication). So here the entry rows stay a ``dask.dataframe`` read from the
archive's ``entries/`` dataset; what must be global is computed first on the small per-issue table
(issue order and publication, with the very functions the pandas path uses); then, per rule, the
key columns are built partition by partition (``cross_issue``'s own key functions), the rows are
shuffled so that every key lives in one partition, and ``cross_issue``'s vectorized comparison runs
on each partition. Only the failing rows come back. Tested equal to the pandas/GX path on the seeds
and on a generated corpus.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from checks.archive import ParquetStore
from checks.config import RuleSuite
from checks.cross_issue import (
    _changed_keys,
    _identifier_keys,
    _issue_numbers_backwards,
    _mismatch_keys,
    _replacements,
    issue_order,
)
from checks.factframes import ENTRY_COLUMNS, cell
from checks.findings import Finding
from checks.masthead import ContactEntry, Masthead
from checks.publication import publication_keys
from checks.rules import RuleOptions

__all__ = ["CROSS_ISSUE_RULES", "archive_failures", "archive_findings"]

CROSS_ISSUE_RULES = ("contact_mismatch", "contact_changed", "masthead_mismatch", "invalid_contact")
# The entry columns the rules read; the rest of an entry (excerpt, span) is only needed to explain a finding.
_COLUMNS = [
    "path",
    "sha256",
    "seq",
    "index",
    "kind",
    "role",
    "person",
    "label",
    "value",
    "valid",
    "line",
    "in_masthead",
]
ROWS_PER_PARTITION = 250_000
# One write is one small file: read many of them per task (8 times less CPU on 157 files than one each).
_SMALL_FILES: dict[str, Any] = {"aggregate_files": True, "blocksize": "64MiB"}
_FAILED = pd.DataFrame(
    {"claim_id": pd.Series(dtype=object), "path": pd.Series(dtype=object), "line": [], "k": pd.Series(dtype=object)}
)


def _issue_table(store: ParquetStore, dd: Any) -> pd.DataFrame:
    """Per issue in force: its rank in issue order and its publication, computed over the whole archive.

    Both need every issue at once (a date order; names bridged by CN/邮发代号), but only a few entries
    per issue: the identifiers and addresses that name the publication, read through dask."""
    kept = store.issues()
    naming = dd.read_parquet(
        str(store.path / "entries"),
        columns=["path", "sha256", "seq", "index", "kind", "role", "value"],
        filters=[("kind", "in", ["identifier", "address"])],
        **_SMALL_FILES,
    ).compute()
    alive = set(zip(kept["path"], kept["sha256"], kept["seq"], strict=True))
    entries: dict[tuple[str, str], list[tuple[int, ContactEntry]]] = {}
    for path, digest, seq, index, kind, role, value in naming.itertuples(index=False, name=None):
        if (path, digest, seq) in alive:
            entry = ContactEntry(str(kind), str(role), None, None, cell(value), "", True, "", 0, 0, 0, "")
            entries.setdefault((path, digest), []).append((int(index), entry))
    light = [
        Masthead(
            path=str(path),
            sha256=str(digest),
            date=cell(date),
            date_source=str(source),
            issue_number=None,
            entries=tuple(e for _, e in sorted(entries.get((path, digest), []), key=lambda item: item[0])),
        )
        for path, digest, date, source in zip(
            kept["path"], kept["sha256"], kept["date"], kept["date_source"], strict=True
        )
    ]
    return pd.DataFrame(
        {
            "path": kept["path"].astype(object),
            "sha256": kept["sha256"].astype(object),
            "seq": kept["seq"].astype("int64"),
            "issue_order": issue_order(light),
            "publication": publication_keys(light),
            "issue_date": [m.date for m in light],
            "date_source": [m.date_source for m in light],
        }
    )


def issues_entries(store: ParquetStore) -> int:
    """How many masthead entries the issues in force have (the contacts table's length)."""
    return int(store.issues()["entries"].sum())


def _prepare(part: pd.DataFrame) -> pd.DataFrame:
    """One partition of the contacts table as ``cross_issue`` reads it (object columns, its claim ids)."""
    frame = part.reset_index(drop=True)
    for name in ("kind", "role", "person", "label", "value", "path", "sha256", "publication", "issue_date"):
        frame[name] = frame[name].astype(object).where(frame[name].notna(), None)
    frame["claim_id"] = "contact:" + frame["sha256"].str[:12] + ":" + frame["path"] + ":" + frame["index"].astype(str)
    return frame


def _keyed(part: pd.DataFrame, which: str, options: RuleOptions) -> pd.DataFrame:
    frame = part.reset_index(drop=True)  # partitions joined by repartition repeat their labels
    if which == "contact_mismatch":
        keys = _mismatch_keys(frame)
    elif which == "contact_changed":
        keys = _changed_keys(frame, options)
    else:
        keys = _identifier_keys(frame, options)
    return pd.DataFrame(
        {
            "k": keys["k"].astype(object),
            "o": keys["o"].astype("int64"),
            "v": keys["v"].astype(object),
            "index": frame.loc[keys.index, "index"].astype("int64"),
            "claim_id": frame.loc[keys.index, "claim_id"].astype(object),
            "path": frame.loc[keys.index, "path"].astype(object),
            "line": frame.loc[keys.index, "line"].astype("int64"),
        }
    )


def _replaced(part: pd.DataFrame) -> pd.DataFrame:
    """The failing rows of one partition holding whole keys; rows in the pandas table's order first."""
    ordered = part.sort_values(["k", "o", "index"], kind="stable").reset_index(drop=True)
    fails = _replacements(ordered[["k", "o", "v"]]).to_numpy()
    return ordered.loc[fails, ["claim_id", "path", "line", "k"]]


def _backwards(part: pd.DataFrame) -> pd.DataFrame:
    frame = part.reset_index(drop=True)
    fails = _issue_numbers_backwards(frame).to_numpy()
    found = frame.loc[fails, ["claim_id", "path", "line"]]
    return found.assign(k=frame.loc[fails, "publication"].astype(object))  # explained among its publication


def _invalid(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.loc[~frame["valid"].astype(bool).to_numpy(), ["claim_id", "path", "line"]].assign(k=None)


def _contacts(
    store: ParquetStore, dd: Any, columns: list[str] | None = None, issues: pd.DataFrame | None = None
) -> Any:
    """The archive's contacts table as a lazy dask DataFrame (the rows in force, ordered and keyed by publication)."""
    issues = _issue_table(store, dd) if issues is None else issues
    entries = dd.read_parquet(str(store.path / "entries"), columns=columns or _COLUMNS, **_SMALL_FILES)
    merged = entries.merge(issues, on=["path", "sha256", "seq"], how="inner")  # the rows in force, with order
    # Partitions of about ROWS_PER_PARTITION rows: each shuffle costs per pair of partitions, and one
    # archive write of a few issues is far too small a unit for that.
    wanted = max(1, math.ceil(issues_entries(store) / ROWS_PER_PARTITION))
    return merged.map_partitions(_prepare, meta=_prepare(merged._meta)).repartition(npartitions=wanted)


def _default_options(rule: str) -> RuleOptions:
    """The options a rule declares (transient roles, constant identifiers) when the caller names none."""
    from checks.rules import load_builtin_rules

    return load_builtin_rules()[rule].options


def _failures(
    table: Any, dd: Any, options: Mapping[str, RuleOptions], rules: tuple[str, ...]
) -> dict[str, pd.DataFrame]:
    lazy: dict[str, Any] = {}
    for rule in rules:
        opts = options[rule] if rule in options else _default_options(rule)
        if rule == "invalid_contact":
            lazy[rule] = table.map_partitions(_invalid, meta=_FAILED)
        elif rule in ("contact_mismatch", "contact_changed", "masthead_mismatch"):
            keyed = table.map_partitions(_keyed, rule, opts, meta=_keyed(table._meta, rule, opts))
            lazy[rule] = keyed.shuffle(on="k").map_partitions(_replaced, meta=_FAILED)
            if rule == "masthead_mismatch":
                numbers = table[(table["kind"] == "identifier") & (table["role"] == "期号")]
                backwards = numbers.shuffle(on="publication").map_partitions(_backwards, meta=_FAILED)
                lazy[rule] = dd.concat([lazy[rule], backwards])
        else:
            raise ValueError(f"{rule}: not a cross-issue rule ({', '.join(CROSS_ISSUE_RULES)})")
    dask: Any = importlib.import_module("dask")
    computed = dask.compute(*lazy.values())  # one pass: the entries are read and merged once for every rule
    results: dict[str, pd.DataFrame] = {}
    for rule, found in zip(lazy, computed, strict=True):
        results[rule] = (
            found.drop_duplicates("claim_id").sort_values(["path", "line", "claim_id"]).reset_index(drop=True)
        )
    return results


def archive_failures(
    store_path: str, options: Mapping[str, RuleOptions] | None = None, rules: tuple[str, ...] = CROSS_ISSUE_RULES
) -> dict[str, pd.DataFrame]:
    """The failing contact rows (claim_id, path, line, k: the key compared) of each cross-issue rule.

    Runs on the current dask scheduler (a ``distributed.Client`` when one is active, else threads)."""
    dd: Any = importlib.import_module("dask.dataframe")  # untyped; imported only for the archive's rules
    store = ParquetStore.open(store_path)
    return _failures(_contacts(store, dd), dd, dict(options or {}), rules)


def archive_findings(store_path: str, suite: RuleSuite) -> list[Finding]:
    """The cross-issue findings over the whole archive, explained as the GX path explains them.

    A failing row's verdict and explanation read only the rows that share its key (the previous
    issue printing it) or, for issue numbers, its publication's: a second pass fetches exactly those
    rows with every column, and each rule's own judge runs on that small pandas table for the
    failing rows (a row failing there but not over the whole archive would be a bug: it is refused)."""
    from checks.findings import sort_key
    from checks.rules import load_builtin_rules
    from checks.validate import RuleExecutionError, _finding

    dd: Any = importlib.import_module("dask.dataframe")
    dask: Any = importlib.import_module("dask")
    rules = tuple(r for r in CROSS_ISSUE_RULES if r in suite.rules and suite.rules[r].enabled)
    options = {rule: suite.rules[rule].options for rule in rules}
    store = ParquetStore.open(store_path)
    issues = _issue_table(store, dd)
    table = _contacts(store, dd, issues=issues)
    failures = _failures(table, dd, options, rules)
    wanted: list[Any] = []
    for rule, failed in failures.items():
        keys = sorted({str(k) for k in failed["k"] if k is not None and k == k})
        if not keys or rule == "invalid_contact":
            continue
        keyed = table.map_partitions(_keyed, rule, options[rule], meta=_keyed(table._meta, rule, options[rule]))
        wanted.append(keyed[keyed["k"].isin(keys)]["claim_id"])
        if rule == "masthead_mismatch":
            numbers = table[(table["kind"] == "identifier") & (table["role"] == "期号")]
            wanted.append(numbers[numbers["publication"].isin(keys)]["claim_id"])
    ids = {str(i) for failed in failures.values() for i in failed["claim_id"]}
    for found in dask.compute(*wanted):
        ids.update(str(i) for i in found)
    if not ids:
        return []
    full = _contacts(store, dd, [*ENTRY_COLUMNS, "seq"], issues)
    rows = full[full["claim_id"].isin(sorted(ids))].compute()
    for name in ("printed", "problem", "excerpt"):
        rows[name] = rows[name].astype(object).where(rows[name].notna(), None)
    rows["highlights"] = [(p,) if p else () for p in rows["printed"]]
    sub = rows.sort_values(["path", "index"], kind="stable").reset_index(drop=True)
    registry = load_builtin_rules()
    index_of = pd.Series(sub.index, index=sub["claim_id"])
    findings = []
    for rule, failed in failures.items():
        failing = set(failed["claim_id"])
        asked = sub["claim_id"].isin(list(failing))
        verdicts = registry[rule].judge(sub, options[rule], asked)
        judged = set(sub.loc[~verdicts.ok.reindex(sub.index).fillna(True).astype(bool) & asked, "claim_id"])
        if judged != failing:
            raise RuleExecutionError(f"rule {rule}: the archive's rows and their explaining rows disagree")
        for claim_id in failed["claim_id"]:
            index = index_of[claim_id]
            row = {str(k): v for k, v in sub.loc[index].to_dict().items()}
            findings.append(_finding(registry[rule], row, verdicts.explanations[index], suite.rules[rule].severity))
    findings.sort(key=sort_key)
    return findings
