"""``checkfacts init``: an editable copy of the default rules and git-ignore lines for the outputs."""

from __future__ import annotations

from pathlib import Path

from checks.settings import LOCAL_RULES, packaged_rules

IGNORED = (".checkfacts/", "reports/")


class InitError(Exception):
    """The project cannot be initialised as asked (e.g. expectations/ exists); the message says why."""


def init_project(root: Path, *, force: bool = False) -> list[str]:
    """Write ``expectations/`` from the packaged defaults and add the ignore lines; return what was done."""
    target = root / LOCAL_RULES
    sources = sorted(
        (entry for entry in packaged_rules().iterdir() if entry.is_file() and entry.name.endswith(".yml")),
        key=lambda entry: entry.name,
    )
    existing = [s.name for s in sources if (target / s.name).exists()]
    if existing and not force:
        raise InitError(f"{target}: already holds {', '.join(existing)}; edit them, or pass --force to overwrite")
    ignore = root / ".gitignore"
    text = _read_ignore(ignore)  # before anything is written: a .gitignore that cannot be read stops init whole
    notes = []
    try:
        target.mkdir(parents=True, exist_ok=True)
        for source in sources:
            (target / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
            notes.append(f"wrote {LOCAL_RULES / source.name}")
    except FileExistsError as exc:
        raise InitError(f"{target}: is a file, not a folder; move it away") from exc
    except OSError as exc:
        raise InitError(f"{target}: cannot write the rules ({exc.strerror})") from exc
    missing = [line for line in IGNORED if line not in text.splitlines()]
    if missing:
        prefix = "" if not text or text.endswith("\n") else "\n"
        try:
            with ignore.open("a", encoding="utf-8", errors="surrogateescape") as handle:
                handle.write(prefix + "".join(f"{line}\n" for line in missing))
        except OSError as exc:
            raise InitError(f"{ignore}: cannot write ({exc.strerror})") from exc
        notes.append(f"added {', '.join(missing)} to .gitignore")
    return notes


def _read_ignore(ignore: Path) -> str:
    """The .gitignore's text ("" when there is none); bytes that are not UTF-8 are kept as they are."""
    if ignore.is_symlink() and not ignore.exists():
        raise InitError(f"{ignore}: dangling symbolic link; fix or remove it")
    if not ignore.exists():
        return ""
    if not ignore.is_file():
        raise InitError(f"{ignore}: not a regular file; move it away")
    try:
        return ignore.read_text(encoding="utf-8", errors="surrogateescape")
    except OSError as exc:
        raise InitError(f"{ignore}: cannot read ({exc.strerror})") from exc
