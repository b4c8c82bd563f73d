"""Writing a run's reports so that a reader never finds a half-written file or a mix of runs.

Every report of a run is first written in full to a hidden temporary file beside its target
(``.report.json.<run>.tmp``, flushed and fsynced). Only then, under an exclusive lock on the output
folder (so two concurrent runs switch one after the other, never interleaved), a small journal
naming the run is written and the temporaries are renamed over the targets one after the other.
A run killed during the switch leaves its journal: the next writer finishes that switch (every
temporary it names is complete) before anything else, so the set is whole again. Temporaries of
runs that are no longer alive (a ``kill -9`` while rendering) are removed.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import secrets
from collections.abc import Iterator
from pathlib import Path

__all__ = ["JOURNAL", "ReportSet", "write_atomic"]

JOURNAL = ".checkfacts-switch.json"
_LOCK = ".checkfacts.lock"
# ".report.json.1234-0a1b2c3d.tmp" (this module) and ".report.json.1234.tmp" (earlier versions).
_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)(?:-[0-9a-f]{8})?\.tmp$")


class OutputError(Exception):
    """The output folder cannot take the reports; the message names it and says why."""


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system lets a folder be fsynced
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write one file beside the target and rename it, so a reader never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        _write_file(tmp, data)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """The folder's writer lock; where the file system has no locks (some network mounts) the switch
    still happens, only not serialized against another concurrent run."""
    fd = os.open(folder / _LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _finish_interrupted_switch(folder: Path) -> None:
    """Complete the switch a killed run left half done (its temporaries are all complete)."""
    journal = folder / JOURNAL
    try:
        record = json.loads(journal.read_text(encoding="utf-8"))
        run, names = str(record["run"]), [str(n) for n in record["names"]]
    except FileNotFoundError:
        return
    except (OSError, ValueError, KeyError, TypeError):
        journal.unlink(missing_ok=True)  # a torn journal: its switch never began
        return
    for name in names:
        tmp = folder / f".{name}.{run}.tmp"
        if tmp.exists():
            os.replace(tmp, folder / name)
    _fsync_dir(folder)
    journal.unlink(missing_ok=True)


def _remove_stale_temporaries(folder: Path) -> list[str]:
    removed: list[str] = []
    for entry in folder.iterdir():
        match = _TEMP.match(entry.name)
        if match and not _alive(int(match.group("pid"))):
            with contextlib.suppress(FileNotFoundError):
                entry.unlink()
                removed.append(entry.name)
    return removed


class ReportSet:
    """Collect one run's reports (``add``), then switch them all into the folder (``commit``)."""

    def __init__(self, folder: Path, family: tuple[str, ...] = ()) -> None:
        """``family``: every report name a run may write; those this run does not write are removed when it
        switches, so the folder never pairs a clean report.json with an earlier run's failing junit.xml."""
        self.folder = folder
        self.family = family
        self.run = f"{os.getpid()}-{secrets.token_hex(4)}"
        self._temps: dict[str, Path] = {}
        self.removed_stale: list[str] = []

    def __call__(self, path: Path, content: str | bytes) -> None:
        self.add(path, content)

    def _prepare(self) -> None:
        if self.folder.exists() and not self.folder.is_dir():
            raise OutputError(f"{self.folder}: is a file, not a folder; --out must name a folder")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError) as exc:
            raise OutputError(f"{self.folder}: a part of this path is a file, not a folder (--out)") from exc
        with _locked(self.folder):
            _finish_interrupted_switch(self.folder)
            self.removed_stale = _remove_stale_temporaries(self.folder)

    def add(self, path: Path, content: str | bytes) -> None:
        """Write one report in full to its temporary (the target is untouched until ``commit``)."""
        if path.parent != self.folder:
            raise ValueError(f"{path} is not in {self.folder}")
        if not self._temps:
            self._prepare()
        tmp = self.folder / f".{path.name}.{self.run}.tmp"
        data = content.encode("utf-8") if isinstance(content, str) else content
        self._temps[path.name] = tmp
        _write_file(tmp, data)

    def commit(self) -> None:
        """Rename every temporary over its target, under the folder's lock, journalled."""
        if not self._temps:
            return
        try:
            with _locked(self.folder):
                journal = self.folder / JOURNAL
                _write_file(journal, json.dumps({"run": self.run, "names": list(self._temps)}).encode("utf-8"))
                _fsync_dir(self.folder)
                for name, tmp in self._temps.items():
                    os.replace(tmp, self.folder / name)
                for name in self.family:
                    if name not in self._temps:
                        with contextlib.suppress(FileNotFoundError):
                            (self.folder / name).unlink()
                _fsync_dir(self.folder)
                journal.unlink()
        finally:
            self.discard()

    def discard(self) -> None:
        """Remove whatever temporaries are left (after a failure, nothing is switched)."""
        for tmp in self._temps.values():
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        self._temps.clear()
