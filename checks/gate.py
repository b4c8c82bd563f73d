"""The CI gate: which issues a change adds or edits, and which findings are theirs.

A newsroom keeps its issues in git. A pull request must fail when a *new or changed* issue brings
a discrepancy, never because of old ones already in the archive (those are the baseline). A rename
or a whitespace-only edit of an old issue is not new content.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from checks.documents import SUFFIXES, DocumentError, decode_bytes
from checks.findings import Finding


class GateError(Exception):
    """Git could not answer (not a repository, unknown base ref); the message says what to do."""


@dataclass(frozen=True)
class ChangeSet:
    """The issues that count as new content, and the base they were compared with."""

    base: str | None
    new: list[str]  # paths relative to the current directory, as given to the run
    skipped: list[str]  # renames and whitespace-only edits, with the reason


def _git(args: list[str], cwd: Path) -> str:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, errors="surrogateescape", check=False
        )
    except FileNotFoundError as exc:
        raise GateError("git is not installed; pass the new issues as PATHS") from exc
    if done.returncode != 0:
        raise GateError(f"git {' '.join(args)}: {done.stderr.strip() or 'failed'}")
    return done.stdout


def repo_root(cwd: Path) -> Path:
    return Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())


def default_base(cwd: Path) -> str:
    """The merge base with origin/main, else HEAD~1."""
    repo_root(cwd)  # outside a repository, say so (git's own words), not that no base was found
    try:
        return _git(["merge-base", "HEAD", "origin/main"], cwd).strip()
    except GateError:
        pass
    try:
        return _git(["rev-parse", "--verify", "HEAD~1"], cwd).strip()
    except GateError as exc:
        raise GateError(
            "no base to compare with: no origin/main and no parent commit; pass --base REF or PATHS"
        ) from exc


def _squash_space(data: bytes, name: str) -> str | None:
    try:
        text, _ = decode_bytes(data, name)
    except DocumentError:
        return None
    return "".join(text.split())


def _is_issue(path: str) -> bool:
    return Path(path).suffix.lower() in SUFFIXES


def changed_issues(base: str, cwd: Path) -> ChangeSet:
    """Issue files added or changed since ``base`` (committed or not), renames and blank edits aside."""
    root = repo_root(cwd)
    _git(["rev-parse", "--verify", f"{base}^{{commit}}"], cwd)
    output = _git(["diff", "--name-status", "-z", "-M", base, "--"], root)
    fields = output.split("\0")
    new: list[str] = []
    skipped: list[str] = []
    index = 0
    entries: list[tuple[str, str | None, str]] = []
    while index < len(fields) and fields[index]:
        status = fields[index]
        if status.startswith(("R", "C")):
            entries.append((status, fields[index + 1], fields[index + 2]))
            index += 3
        else:
            entries.append((status, None, fields[index + 1]))
            index += 2
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], root).split("\0")
    entries.extend(("A", None, path) for path in untracked if path)
    for status, old, path in entries:
        if status.startswith("D") or not _is_issue(path):
            continue
        target = root / path
        shown = str(target.relative_to(cwd.resolve())) if target.is_relative_to(cwd.resolve()) else str(target)
        if status.startswith(("R", "M", "C")):
            before_path = old or path
            try:
                before = subprocess.run(
                    ["git", "show", f"{base}:{before_path}"], cwd=root, capture_output=True, check=True
                ).stdout
            except subprocess.CalledProcessError:
                before = None
            if before is not None and target.is_file():  # never read a FIFO put in its place
                same = _squash_space(before, before_path) == _squash_space(target.read_bytes(), path)
                if same:
                    why = "renamed" if status.startswith("R") else "whitespace-only change"
                    skipped.append(f"{shown}: {why}, not new content")
                    continue
        new.append(shown)
    return ChangeSet(base=base, new=sorted(set(new)), skipped=skipped)


def involves(finding: Finding, new_paths: set[str]) -> bool:
    """A finding counts toward the gate when it or one of its related places is a new issue."""
    resolved = {str(Path(p).resolve()) for p in new_paths}

    def is_new(path: str) -> bool:
        return path in new_paths or str(Path(path).resolve()) in resolved

    return is_new(finding.path) or any(is_new(r.path) for r in finding.related)
