"""Progress over the run's phases (read, extract, claims, validate, write), on a terminal only.

The pipeline reports to a ``Phases`` object; ``terminal_phases`` gives a rich display with counts
and rate when stderr is a terminal and CI is not set, and None otherwise, so logs and pipes get
nothing. rich comes with typer; it is imported only when a display is shown.
"""

from __future__ import annotations

import os
import sys
from typing import Any, Protocol

PHASES = ("read", "extract", "claims", "validate", "write")


class Phases(Protocol):
    """Where the run reports its progress."""

    def start(self, phase: str, total: int, unit: str = "issues") -> None: ...

    def advance(self, phase: str, count: int = 1) -> None: ...

    def close(self) -> None: ...


class RichPhases:
    """One rich progress bar per phase, with done/total, rate and elapsed time."""

    def __init__(self, console: Any = None) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            TextColumn("{task.description:<9}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[unit]}"),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            console=console or Console(stderr=True),
            transient=False,
        )
        self._tasks: dict[str, Any] = {}
        self._progress.start()

    def start(self, phase: str, total: int, unit: str = "issues") -> None:
        """Show a phase; starting it again (a second batch of issues) adds to its total."""
        task_id = self._tasks.get(phase)
        if task_id is not None:
            self._progress.update(task_id, total=(self._task(task_id).total or 0) + total)
            return
        self._tasks[phase] = self._progress.add_task(phase, total=max(total, 0), unit=unit, rate="")

    def advance(self, phase: str, count: int = 1) -> None:
        task_id = self._tasks.get(phase)
        if task_id is None:
            return
        self._progress.advance(task_id, count)
        task = self._task(task_id)
        elapsed = task.elapsed or 0.0
        if elapsed > 0:
            self._progress.update(task_id, rate=f"{task.completed / elapsed:,.0f}/s")

    def _task(self, task_id: Any) -> Any:
        return next(task for task in self._progress.tasks if task.id == task_id)

    def close(self) -> None:
        self._progress.stop()


def terminal_phases(enabled: bool) -> Phases | None:
    """A progress display on a terminal; nothing in CI logs or when stderr is piped."""
    if not enabled or sys.stderr is None or not sys.stderr.isatty() or os.environ.get("CI"):
        return None
    return RichPhases()
