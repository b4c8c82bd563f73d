"""Developer sessions: tests, lint (ruff) and types (mypy)."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "lint", "types"]
nox.options.reuse_existing_virtualenvs = True


@nox.session(python="3.11")
def tests(session: nox.Session) -> None:
    """The test suite, including the headless-browser test when chromium is installed."""
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session(python="3.11")
def lint(session: nox.Session) -> None:
    """ruff: lint and formatting drift."""
    session.install("ruff")
    session.run("ruff", "check", "checks", "tests", "bench", "noxfile.py")
    session.run("ruff", "format", "--check", "checks", "tests", "bench", "noxfile.py")


@nox.session(python="3.11")
def types(session: nox.Session) -> None:
    """mypy --strict over the package, its tests and the benchmarks."""
    session.install("-e", ".[dev,test]")
    session.run("mypy", "checks", "tests", "bench")
