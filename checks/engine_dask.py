"""The Dask engine: per-issue analysis on Dask workers, validation on the client as locally.

Only the per-issue work (decode -> figures -> claims -> masthead) is shipped: the client sends
batches of file *paths* (absolute, so workers elsewhere find them on shared storage mounted at the
same place), each worker reads its files itself and returns the analyses. Everything after that
(Great Expectations over the collected claim tables, the cross-issue rules, the fact store, the
reports) is the local engine's code on the client, so findings are identical. A task whose worker
dies is rescheduled by Dask on another worker; analysis is a pure function of the file, so a retry
gives the same result.

Dask is an optional dependency (``pip install 'checkfacts[dask]'``): it is imported only when this
engine runs, never by ``checkfacts --help`` or the local engine.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import math
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from typing import Any

from checks import __version__
from checks.pipeline import Cached, IssueAnalysis, Mode
from checks.progress import Phases

INSTALL_HINT = "pip install 'checkfacts[dask]'"
CONNECT_TIMEOUT = 10.0  # seconds to reach a scheduler, and for it to have a worker
MAX_BATCH = 64  # issues per task: big enough to amortize a task's overhead, small enough to balance
POLL_SECONDS = 1.0  # how often a run with nothing finished checks that the scheduler still has workers
TASKS_PER_WORKER = 4  # at least this many batches per worker, so a slow or lost one costs little

# One file's job as the client sends it: (name as given, where a worker reads it, what the store
# remembers, what it is analyzed for).
Job = tuple[str, str, Cached | None, Mode]
PHASES = ("read", "extract", "claims")  # the progress phases a batch completes for each of its issues


class EngineError(Exception):
    """The engine cannot run (dask missing, scheduler unreachable, a worker failing): one line for the user."""


def require_dask() -> None:
    """Fail early, in one line, when dask.distributed is not installed."""
    try:
        import distributed  # noqa: F401
    except ImportError as exc:
        raise EngineError(f"--engine dask needs dask.distributed, which is not installed: {INSTALL_HINT}") from exc


def analyze_job(job: Job) -> IssueAnalysis | str:
    """Read and analyze one file on a worker: an analysis, or the same one-line error as locally.

    The worker reads ``location`` (absolute) but every record carries the name as given, as locally.
    """
    from checks.documents import DocumentError, read_document
    from checks.pipeline import analyze_document

    name, location, cached, mode = job
    try:
        doc = read_document(location)
    except DocumentError as exc:
        message = str(exc)
        return name + message[len(location) :] if message.startswith(location) else message
    if doc.path != name:
        doc = replace(doc, path=name)
    return analyze_document(doc, cached, mode)


@dataclass
class FrameBatch:
    """What a worker sends back for one batch: the claim tables and masthead rows as DataFrames.

    ``results`` are the batch's analyses (and one-line errors) in order, without their claim rows and
    masthead entries: those travel as one object DataFrame per claim table (with each issue's row
    count) and two masthead frames (``checks.factframes``), the form the archive's Parquet dataset has.
    """

    results: list[IssueAnalysis | str]
    claims: dict[str, tuple[Any, list[int]]]  # table -> (pandas DataFrame, rows per analysis)
    issues: Any  # pandas DataFrame, one row per analysis (factframes.ISSUE_COLUMNS)
    entries: Any  # pandas DataFrame, one row per masthead entry (factframes.ENTRY_COLUMNS)

    def analyses(self) -> list[IssueAnalysis | str]:
        """The results with claim rows and mastheads rebuilt from the frames, exactly as the local engine has them."""
        from checks.factframes import mastheads_from_frames, rows

        done = [r for r in self.results if isinstance(r, IssueAnalysis)]
        mastheads = mastheads_from_frames(self.issues, self.entries)
        per_table: dict[str, list[list[dict[str, Any]]]] = {}
        for name, (frame, counts) in self.claims.items():
            records = rows(frame)
            starts = [sum(counts[:i]) for i in range(len(counts))]  # counts are per analysis: few per batch
            per_table[name] = [records[start : start + count] for start, count in zip(starts, counts, strict=True)]
        rebuilt = iter(
            replace(a, claim_tables={name: per_table[name][i] for name in a.claim_tables}, masthead=mastheads[i])
            for i, a in enumerate(done)
        )
        return [next(rebuilt) if isinstance(r, IssueAnalysis) else r for r in self.results]


def frame_batch(results: list[IssueAnalysis | str]) -> FrameBatch:
    """Pack a batch's analyses: claim rows and masthead entries move into DataFrames."""
    from checks.factframes import claim_frame, entries_frame, issues_frame

    done = [r for r in results if isinstance(r, IssueAnalysis)]
    names = list(dict.fromkeys(name for a in done for name in a.claim_tables))
    claims = {name: claim_frame((a.claim_tables for a in done), name) for name in names}
    mastheads = [a.masthead for a in done]
    stripped = iter(
        replace(a, claim_tables={key: [] for key in a.claim_tables}, masthead=replace(a.masthead, entries=()))
        for a in done
    )
    return FrameBatch(
        results=[next(stripped) if isinstance(r, IssueAnalysis) else r for r in results],
        claims=claims,
        issues=issues_frame(mastheads),
        entries=entries_frame(mastheads),
    )


def analyze_batch(batch: list[Job]) -> FrameBatch:
    """Worker entry: one batch of files, in order, its claim tables and masthead rows as DataFrames."""
    return frame_batch([analyze_job(job) for job in batch])


def worker_version() -> str:
    """Run on each worker: the checkfacts version it would analyze with."""
    return __version__


def batch_size(files: int, workers: int) -> int:
    """Issues per task: about TASKS_PER_WORKER tasks per worker, at most MAX_BATCH issues each."""
    return max(1, min(MAX_BATCH, math.ceil(files / max(1, workers * TASKS_PER_WORKER))))


def make_jobs(paths: list[str], cache: dict[str, Cached] | None, modes: dict[str, Mode] | None = None) -> list[Job]:
    """Each file's job; a plain path is made absolute (workers run elsewhere), a URL is sent as it is."""
    from checks.urls import is_url

    return [
        (
            path,
            path if is_url(path) else os.path.abspath(path),
            (cache or {}).get(path),
            (modes or {}).get(path, "full"),
        )
        for path in paths
    ]


@dataclass(frozen=True)
class DaskEngine:
    """How to reach Dask: a scheduler address, or a LocalCluster of ``jobs`` worker processes."""

    scheduler: str | None = None
    jobs: int | None = None
    timeout: float = CONNECT_TIMEOUT

    def where(self) -> str:
        return f"the dask scheduler at {self.scheduler}" if self.scheduler else "a local dask cluster"

    @contextmanager
    def client(self) -> Iterator[Any]:
        """A connected ``distributed.Client`` with at least one worker; closed (and its cluster) on exit."""
        require_dask()
        dist: Any = importlib.import_module("distributed")  # untyped for mypy: only ever imported here
        Client, LocalCluster = dist.Client, dist.LocalCluster

        quieted = _quiet_logs()
        cluster: Any = None
        client: Any = None
        try:
            if self.scheduler is None:
                cluster = LocalCluster(
                    n_workers=self.jobs or os.cpu_count() or 1,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,  # no dashboard; its bare HTTP server on a free loopback port
                    scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                    silence_logs=logging.CRITICAL,
                )
                client = Client(cluster, timeout=self.timeout)
            else:
                client = Client(self.scheduler, timeout=self.timeout)
            client.wait_for_workers(1, timeout=self.timeout)
        except (OSError, TimeoutError, ValueError, RuntimeError) as exc:
            _close(client, cluster)
            _restore_logs(quieted)
            doing = f"reach {self.where()}" if self.scheduler else "start a local dask cluster"
            raise EngineError(f"cannot {doing} with a worker within {self.timeout:g} s: {_describe(exc)}") from exc
        try:
            yield client
        finally:
            _close(client, cluster)
            _restore_logs(quieted)

    def analyze(
        self,
        paths: list[str],
        progress: Phases | None = None,
        cache: dict[str, Cached] | None = None,
        jobs: int | None = None,
        modes: dict[str, Mode] | None = None,
        on_result: Callable[[IssueAnalysis], None] | None = None,
    ) -> tuple[list[IssueAnalysis], list[str]]:
        """``analyze_paths`` on Dask: same arguments, same result (input order kept, errors collected).

        ``jobs`` is not used here: the cluster's size is the engine's own (``DaskEngine.jobs``, or the
        scheduler's workers). ``on_result`` sees each analysis as its batch arrives.
        """
        if not paths:
            return [], []
        with self.client() as client:
            try:
                jobs_ = make_jobs(paths, cache, modes)
                return _run(client, jobs_, progress, self.where(), self.timeout, on_result)
            except EngineError:
                raise
            except (Exception, asyncio.CancelledError) as exc:  # e.g. the scheduler lost mid-run
                raise EngineError(f"{self.where()}: the run failed ({_describe(exc)})") from exc


def _quiet_logs() -> dict[str, int]:
    """Silence distributed's loggers (each has its own level): its errors reach the user as one EngineError line."""
    names = [name for name in logging.root.manager.loggerDict if name.split(".")[0] == "distributed"]
    levels = {name: logging.getLogger(name).level for name in ["distributed", *names]}
    for name in levels:
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)
    return levels


def _restore_logs(levels: dict[str, int]) -> None:
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def _close(client: Any, cluster: Any) -> None:
    """Close what was opened; a scheduler already gone makes closing fail, which must not hide the real error."""
    for thing in (client, cluster):
        if thing is not None:
            with suppress(Exception, asyncio.CancelledError):
                thing.close()


def _describe(exc: BaseException) -> str:
    """One line for a Dask exception: its 'Message:' line when it has one (cancelled futures), else its first."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    message = next((line.removeprefix("Message:").strip() for line in lines if line.startswith("Message:")), "")
    message = message or (lines[0] if lines else "")
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def _check_versions(client: Any, where: str) -> int:
    """Every worker must run this checkfacts version (else findings could differ); return the worker count."""
    try:
        versions: dict[str, str] = client.run(worker_version)
    except Exception as exc:  # a worker that cannot import checkfacts
        raise EngineError(f"{where}: a worker cannot run checkfacts ({_describe(exc)})") from exc
    for address, version in sorted(versions.items()):
        if version != __version__:
            raise EngineError(f"{where}: worker {address} runs checkfacts {version}, this client {__version__}")
    return len(versions)


def _run(
    client: Any,
    jobs: list[Job],
    progress: Phases | None,
    where: str,
    timeout: float = CONNECT_TIMEOUT,
    on_result: Callable[[IssueAnalysis], None] | None = None,
) -> tuple[list[IssueAnalysis], list[str]]:
    """Submit the batches, collect them as they finish (input order kept), and never wait on no worker.

    A batch whose worker is lost is rescheduled by Dask itself; this loop only gives up when the
    scheduler has had no worker at all for ``timeout`` seconds, or a batch fails for good.
    """
    dist: Any = importlib.import_module("distributed")

    workers = _check_versions(client, where)
    size = batch_size(len(jobs), workers)
    batches = [jobs[start : start + size] for start in range(0, len(jobs), size)]
    futures = client.map(analyze_batch, batches, pure=False)
    order = {future.key: index for index, future in enumerate(futures)}
    results: list[list[IssueAnalysis | str]] = [[] for _ in batches]
    pending = set(futures)
    if progress is not None:
        for phase in PHASES:
            progress.start(phase, len(jobs))
    alone_since: float | None = None  # when the scheduler was first seen without a worker
    while pending:
        try:
            done, pending = dist.wait(pending, timeout=POLL_SECONDS, return_when="FIRST_COMPLETED")
        except dist.TimeoutError:
            done = set()
        if not done:
            if client.nthreads():
                alone_since = None
            elif alone_since is None:
                alone_since = time.monotonic()
            elif time.monotonic() - alone_since > timeout:
                raise EngineError(f"{where}: no worker left for {timeout:g} s; {len(pending)} batch(es) not done")
            continue
        for future in done:
            index = order[future.key]
            results[index] = _batch_result(future, batches[index], where)
            future.release()
            for result in results[index]:
                if on_result is not None and isinstance(result, IssueAnalysis):
                    on_result(result)
            if progress is not None:
                for phase in PHASES:
                    progress.advance(phase, len(batches[index]))
    flat = [result for batch in results for result in batch]
    analyses = [r for r in flat if isinstance(r, IssueAnalysis)]
    errors = [r for r in flat if isinstance(r, str)]
    return analyses, errors


def _batch_result(future: Any, batch: list[Job], where: str) -> list[IssueAnalysis | str]:
    """A finished batch's analyses; a batch that failed for good (KilledWorker, a worker-side bug) is one line."""
    try:
        result: list[IssueAnalysis | str] = future.result().analyses()
    except (Exception, asyncio.CancelledError) as exc:
        raise EngineError(
            f"{where}: the batch of {len(batch)} issue(s) from {batch[0][0]} failed ({_describe(exc)})"
        ) from exc
    return result
