"""Claim tables -> rule verdicts -> Great Expectations suites -> findings.

Each claim kind is one table of rows. Each enabled rule that reads it judges the whole table once:
a ``holds`` column of booleans and, for every failing row, its explanation, computed in that same
pass. Rules that judge row by row (``RowJudge``, all the in-issue rules) read the rows as built; a
pandas DataFrame of the rows is made only for rules that judge whole frames (the cross-issue rules).
The table's suite holds one GX expectation per rule, that the rule's ``holds`` column is true
(``ExpectColumnValuesToBeInSet``, over a DataFrame of the claim ids and those columns), so GX is
called once per table, never once per claim; the failing rows' ``claim_id``s come back through GX's
``unexpected_index_list`` and
become findings carrying the explanations already computed. A rule that raises is no finding: it
is surfaced as ``RuleExecutionError`` (as is a metric exception GX keeps in ``exception_info``).

Great Expectations takes seconds to import, so this module imports it only inside functions, once per
process, and only when a table has rows; ``GX.preload()`` lets the run start that import in a
thread while the issues are still being analyzed.
"""

from __future__ import annotations

import os
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from checks.claims.kinds import TABLE_TYPES
from checks.config import RuleSetting, RuleSuite
from checks.findings import Finding
from checks.rules import BASE_COLUMNS, RULES, Explanation, RowJudge, Rule, load_builtin_rules

if TYPE_CHECKING:  # pandas comes with GX's import (a thread): `from checks.validate import …` stays cheap
    import pandas as pd


class RuleExecutionError(Exception):
    """A rule failed to run (a bug or bad options), as opposed to finding a discrepancy."""


@dataclass(frozen=True)
class ValidationOutcome:
    """What validation produced: the findings and how long GX took (for the benchmarks)."""

    findings: list[Finding]
    gx_seconds: float
    claims_checked: int


class _GX:
    """Great Expectations, imported and given its context once per process, from whichever thread asks first.

    ``preload()`` starts that work in a daemon thread so the import (seconds) overlaps the analysis;
    ``get()`` waits for it. The lock makes the second caller wait instead of importing twice (the
    metric and expectation classes register themselves with GX when defined, so only once).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()  # held while importing: a second importer waits for the first
        self._start_lock = threading.Lock()  # only for starting the thread: preload() never waits for the import
        self._loaded: tuple[Any, Any, Any] | None = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self.import_seconds: float | None = None  # import + context, wherever it ran
        self.wait_seconds = 0.0  # how long validation waited for it

    def preload(self) -> None:
        """Start importing GX in the background (idempotent; returns at once, also while it is loading)."""
        with self._start_lock:
            if self._loaded is not None or self._thread is not None:
                return
            self._thread = threading.Thread(target=self._load_quietly, name="checkfacts-gx-import", daemon=True)
            self._thread.start()

    def _load_quietly(self) -> None:
        try:
            self._load()
        except BaseException as exc:  # kept and raised again by get() in the thread that validates
            self._error = exc

    def _load(self) -> tuple[Any, Any, Any]:
        with self._lock:
            if self._loaded is None:
                started = time.perf_counter()
                gx, expectation_cls = _import_gx()
                context = gx.get_context(mode="ephemeral")
                from great_expectations.data_context.types.base import ProgressBarsConfig

                context.variables.progress_bars = ProgressBarsConfig(globally=False)
                self._loaded = (gx, expectation_cls, context)
                self.import_seconds = time.perf_counter() - started
            return self._loaded

    def get(self) -> tuple[Any, Any, Any]:
        """(gx, the expectation class, the context), importing now if no preload is under way."""
        started = time.perf_counter()
        thread = self._thread
        if thread is not None:
            thread.join()
        if self._error is not None:
            error, self._error, self._thread = self._error, None, None
            raise error
        loaded = self._load()
        self.wait_seconds += time.perf_counter() - started
        return loaded


GX = _GX()


def _import_gx() -> tuple[Any, Any]:
    """Import GX with analytics off; the expectation each rule's verdicts are validated with."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    from checks.deferred_import import defer_submodule

    defer_submodule("scipy", "stats")  # ~0.6 s of GX's import, used by no rule of ours
    import great_expectations as gx
    from great_expectations.expectations.core.expect_column_values_to_be_in_set import (
        ExpectColumnValuesToBeInSet,
    )

    return gx, ExpectColumnValuesToBeInSet


def holds_column(rule_id: str) -> str:
    """The column of the GX batch that holds a rule's verdicts."""
    return f"holds__{rule_id}"


def _gx_types() -> tuple[Any, Any]:
    """GX and our expectation class (imported once; see ``GX``)."""
    gx, expectation_cls, _ = GX.get()
    return gx, expectation_cls


def _context() -> Any:
    """The one ephemeral GX context of this process, with progress bars off."""
    return GX.get()[2]


def _finding(rule: Rule, row: Mapping[str, Any], explanation: Explanation, severity: str) -> Finding:
    return Finding(
        rule=rule.id,
        severity=severity,
        path=str(row["path"]),
        line=int(row["line"]),
        start=int(row["start"]),
        end=int(row["end"]),
        excerpt=str(row["excerpt"]),
        message=explanation.message,
        message_zh=explanation.message_zh,
        stated=explanation.stated,
        expected=explanation.expected,
        related=list(explanation.related),
        highlights=tuple(row.get("highlights") or ()),
    )


def _raised(exception_info: Any) -> str | None:
    """GX keeps a metric's exception in exception_info, flat or keyed by metric id; find it."""
    if not isinstance(exception_info, Mapping):
        return None
    entries = [exception_info, *[v for v in exception_info.values() if isinstance(v, Mapping)]]
    for entry in entries:
        if entry.get("raised_exception") or entry.get("exception_traceback"):
            message = entry.get("exception_message") or "unknown error"
            return f"{message}\n{entry.get('exception_traceback') or ''}".rstrip()
    return None


def _claim_ids(unexpected: Sequence[Any]) -> list[Any]:
    """The failing rows' claim ids from GX's unexpected_index_list, in either of its shapes.

    With ``exclude_unexpected_values`` GX gives one ``{"claim_id": [ids…]}``; otherwise one
    ``{"claim_id": id, …}`` per row (or bare ids)."""
    ids: list[Any] = []
    for entry in unexpected:
        value = entry["claim_id"] if isinstance(entry, Mapping) else entry
        ids.extend(value if isinstance(value, list) else [value])
    return ids


class _Table:
    """One claim table as validation reads it: its rows as given (plain mappings, positions 0…n-1),
    and a DataFrame of them built only if a rule judges whole frames (the cross-issue rules)."""

    def __init__(self, name: str, rows: Sequence[Mapping[str, Any]]) -> None:
        self.name = name
        self.rows = rows
        self.ids = [row.get("claim_id") for row in rows]
        declared = TABLE_TYPES[name].columns() if name in TABLE_TYPES else BASE_COLUMNS  # typed claim tables
        present: set[str] = set().union(*(row.keys() for row in rows))
        missing = [c for c in declared if c not in present]  # a row without a column reads it as None
        if missing:
            raise RuleExecutionError(f"claim table {name!r} lacks columns {missing}")
        if len(set(self.ids)) != len(self.ids):
            dupes = sorted((i for i, n in Counter(self.ids).items() if n > 1), key=str)[:3]
            raise RuleExecutionError(f"claim table {name!r} has duplicate claim ids {dupes}")
        self._frame: pd.DataFrame | None = None

    @property
    def frame(self) -> pd.DataFrame:
        if self._frame is None:
            import pandas as pd

            self._frame = pd.DataFrame(list(self.rows)).reset_index(drop=True)
        return self._frame

    def judge(
        self, rule: Rule, setting: RuleSetting, wanted: list[bool] | None
    ) -> tuple[list[bool], dict[int, Explanation]]:
        """The rule's verdicts per row position and the explanations of its failing rows; a rule that
        raises is a RuleExecutionError, never a finding."""
        try:
            if isinstance(rule.judge, RowJudge):
                ok, explanations = rule.judge.over(self.rows, setting.options)
            else:
                import pandas as pd

                mask = None if wanted is None else pd.Series(wanted, dtype=bool)
                verdicts = rule.judge(self.frame, setting.options, mask)
                ok = [bool(v) for v in verdicts.ok.reindex(self.frame.index).fillna(True).astype(bool)]
                explanations = {int(k): e for k, e in verdicts.explanations.items()}
        except Exception as exc:
            trace = traceback.format_exc().rstrip()
            raise RuleExecutionError(f"rule {rule.id} failed to run on the {rule.table} table: {exc}\n{trace}") from exc
        if len(ok) != len(self.rows):
            raise RuleExecutionError(
                f"rule {rule.id} judged {len(ok)} of the {len(self.rows)} rows of the {self.name} table"
            )
        unexplained = [
            p for p, holds in enumerate(ok) if not holds and (wanted is None or wanted[p]) and p not in explanations
        ]
        if unexplained:
            raise RuleExecutionError(f"rule {rule.id} failed rows of the {rule.table} table without explaining them")
        return ok, explanations


def validate_tables(
    tables: Mapping[str, Sequence[Mapping[str, Any]]],
    suite: RuleSuite,
    *,
    explain_only: Mapping[str, Collection[str]] | None = None,
    on_table: Callable[[str], None] | None = None,
) -> ValidationOutcome:
    """Run every enabled rule over its claim table through GX; return the findings.

    ``explain_only`` limits, per table, the failing rows that become findings to those claim ids
    (the gate: the other rows are there only as the comparison side). ``on_table`` is called with
    each table's name once it is validated (progress).
    """
    claim_tables = {name: _Table(name, rows) for name, rows in tables.items() if rows}

    load_builtin_rules()  # idempotent: a suite built in code names rules no file has loaded yet
    active = [s for s in suite.rules.values() if s.enabled and s.rule_id in RULES]
    work = [(name, [s for s in active if RULES[s.rule_id].table == name]) for name in claim_tables]
    work = [(name, settings) for name, settings in work if settings]
    if not work:
        return ValidationOutcome(
            findings=[], gx_seconds=0.0, claims_checked=sum(len(t.rows) for t in claim_tables.values())
        )

    gx, expectation_cls, context = GX.get()
    import pandas as pd  # loaded with GX

    started = time.perf_counter()
    findings: list[Finding] = []
    for table_name, settings in work:
        table = claim_tables[table_name]
        wanted = None if explain_only is None else set(explain_only.get(table_name, ()))
        wanted_rows = None if wanted is None else [i in wanted for i in table.ids]
        verdicts: list[tuple[list[bool], dict[int, Explanation]]] = []
        columns: dict[str, list[Any]] = {"claim_id": table.ids}
        for setting in settings:
            judged = table.judge(RULES[setting.rule_id], setting, wanted_rows)
            verdicts.append(judged)
            columns[holds_column(setting.rule_id)] = judged[0]
        gx_frame = pd.DataFrame(columns)
        source_name = f"claims_{table_name}"
        try:
            source = context.data_sources.get(source_name)
        except (KeyError, ValueError):
            source = context.data_sources.add_pandas(source_name)
        try:
            asset = source.get_asset(table_name)
        except (LookupError, ValueError):
            asset = source.add_dataframe_asset(name=table_name)
        try:
            batch_definition = asset.get_batch_definition("whole")
        except (KeyError, ValueError):
            batch_definition = asset.add_batch_definition_whole_dataframe("whole")
        batch = batch_definition.get_batch(batch_parameters={"dataframe": gx_frame})
        expectation_suite = gx.ExpectationSuite(name=f"checkfacts_{table_name}")
        for setting in settings:
            expectation_suite.add_expectation(expectation_cls(column=holds_column(setting.rule_id), value_set=[True]))
        result = batch.validate(
            expectation_suite,
            result_format={
                "result_format": "COMPLETE",
                "unexpected_index_column_names": ["claim_id"],
                "return_unexpected_index_query": False,
                # Only the claim ids: GX would otherwise copy every failing value, cell by cell.
                "exclude_unexpected_values": True,
            },
        )
        position_of = {claim_id: position for position, claim_id in enumerate(table.ids)}
        for setting, (_, explanations), outcome in zip(settings, verdicts, result.results, strict=True):
            problem = _raised(outcome.exception_info)
            if problem:
                raise RuleExecutionError(f"rule {setting.rule_id} failed to run on the {table_name} table: {problem}")
            if outcome.success:
                continue
            unexpected = (outcome.result or {}).get("unexpected_index_list")
            if unexpected is None:
                raise RuleExecutionError(
                    f"rule {setting.rule_id} failed on the {table_name} table without naming rows: {outcome.result}"
                )
            rule = RULES[setting.rule_id]
            for claim_id in _claim_ids(unexpected):
                if wanted is not None and claim_id not in wanted:
                    continue
                position = position_of[claim_id]
                findings.append(_finding(rule, table.rows[position], explanations[position], setting.severity))
        if on_table is not None:
            on_table(table_name)
    elapsed = time.perf_counter() - started
    return ValidationOutcome(
        findings=findings, gx_seconds=elapsed, claims_checked=sum(len(t.rows) for t in claim_tables.values())
    )
