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
    target.mkdir(parents=True, exist_ok=True)
    notes = []
    for source in sources:
        (target / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
        notes.append(f"wrote {LOCAL_RULES / source.name}")
    ignore = root / ".gitignore"
    text = ignore.read_text(encoding="utf-8") if ignore.exists() else ""
    missing = [line for line in IGNORED if line not in text.splitlines()]
    if missing:
        prefix = "" if not text or text.endswith("\n") else "\n"
        with ignore.open("a", encoding="utf-8") as handle:
            handle.write(prefix + "".join(f"{line}\n" for line in missing))
        notes.append(f"added {', '.join(missing)} to .gitignore")
    return notes
