"""Where a run's settings come from: command line, project configuration, packaged defaults.

Resolved the way linters resolve theirs, so that ``checkfacts run`` works in any folder:

- rules: ``--rules DIR``; else ``./expectations/`` when present; else ``rules`` in the project
  configuration; else the suite packaged with checkfacts (``checks/default_rules``);
- issue paths, store, out, fail-on, lang: the command line; else the project configuration; else
  the built-in default (no default for the issue paths: the user must name them).

The project configuration is a ``[tool.checkfacts]`` table in ``pyproject.toml`` or the top level of
``checkfacts.toml``, in the working directory or the nearest parent that has one. Relative paths in
it are relative to the file's folder.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

CONFIG_KEYS = ("rules", "paths", "store", "out", "fail-on", "lang")
FAIL_ON = ("error", "warning", "info", "never")
LANGS = ("zh", "en")
LOCAL_RULES = Path("expectations")


class SettingsError(Exception):
    """A malformed project configuration; the message names the file and the key."""


@dataclass(frozen=True)
class RuleSource:
    """Which rule suite a run uses and why: shown by ``checkfacts rules`` and in the report."""

    kind: str  # "option" | "folder" | "config" | "packaged"
    location: Traversable  # a folder on disk, or the packaged resource folder

    def describe(self, lang: str = "en") -> str:
        why = {
            "en": {
                "option": "from --rules",
                "folder": "./expectations/ in the working directory",
                "config": "named by the project configuration",
                "packaged": "the defaults packaged with checkfacts",
            },
            "zh": {
                "option": "由 --rules 指定",
                "folder": "工作目录下的 ./expectations/",
                "config": "项目配置指定",
                "packaged": "checkfacts 自带的默认规则",
            },
        }["zh" if lang == "zh" else "en"][self.kind]
        return f"{self.location} ({why})"


@dataclass(frozen=True)
class ProjectConfig:
    """The ``[tool.checkfacts]`` values, paths already made relative to the working directory."""

    file: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str) -> Any:
        return self.values.get(key)


def packaged_rules() -> Traversable:
    """The default suite and waivers shipped inside the package."""
    return resources.files("checks").joinpath("default_rules")


def _relative(base: Path, value: str, cwd: Path) -> str:
    from checks.urls import is_url

    if is_url(value):  # an fsspec URL (s3://…, file:///…) is not relative to anything
        return value
    path = Path(value)
    if not path.is_absolute():
        path = base / path
    try:
        return str(path.resolve().relative_to(cwd.resolve()))
    except ValueError:
        return str(path)


def _table(path: Path) -> dict[str, Any] | None:
    """The checkfacts table of one file, or None when the file has none."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: cannot read the configuration ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: malformed TOML: {exc}") from exc
    except RecursionError as exc:
        raise SettingsError(f"{path}: malformed TOML: nested too deeply") from exc
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("checkfacts")
        if table is None:
            return None
        if not isinstance(table, dict):
            raise SettingsError(f"{path}: [tool.checkfacts] must be a table")
        return table
    return data


def _validate(path: Path, table: dict[str, Any], cwd: Path) -> dict[str, Any]:
    unknown = sorted(set(table) - set(CONFIG_KEYS))
    if unknown:
        raise SettingsError(f"{path}: unknown key(s) {', '.join(unknown)} (allowed: {', '.join(CONFIG_KEYS)})")
    values: dict[str, Any] = {}
    base = path.parent
    for key in ("rules", "store", "out"):
        if key in table:
            if not isinstance(table[key], str) or not table[key]:
                raise SettingsError(f"{path}: {key} must be a path (a string)")
            values[key] = _relative(base, table[key], cwd)
    if "paths" in table:
        raw = table["paths"]
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list) or not raw or not all(isinstance(p, str) and p for p in raw):
            raise SettingsError(f"{path}: paths must be a list of issue files or folders")
        values["paths"] = [_relative(base, p, cwd) for p in raw]
    for key, allowed in (("fail-on", FAIL_ON), ("lang", LANGS)):
        if key in table:
            if table[key] not in allowed:
                raise SettingsError(f"{path}: {key} must be one of {', '.join(allowed)}, not {table[key]!r}")
            values[key] = table[key]
    return values


def find_project_config(cwd: Path) -> ProjectConfig:
    """The nearest ``checkfacts.toml`` or ``pyproject.toml`` with a checkfacts table, upward from cwd."""
    for folder in (cwd, *cwd.resolve().parents):
        for name in ("checkfacts.toml", "pyproject.toml"):
            candidate = folder / name
            if candidate.is_file():
                table = _table(candidate)
                if table is not None:
                    return ProjectConfig(file=candidate, values=_validate(candidate, table, cwd))
    return ProjectConfig()


def resolve_rules(option: Path | None, config: ProjectConfig, cwd: Path) -> RuleSource:
    """The rule suite a run uses (see the module docstring for the order)."""
    if option is not None:
        return RuleSource("option", option)
    if (cwd / LOCAL_RULES).is_dir():
        return RuleSource("folder", LOCAL_RULES)
    if config.get("rules"):
        return RuleSource("config", Path(config.get("rules")))
    return RuleSource("packaged", packaged_rules())


def no_paths_message(command: str) -> str:
    return (
        f"no issues to check: name them (checkfacts {command} issues/) or set paths in [tool.checkfacts] "
        'of pyproject.toml or in checkfacts.toml (paths = ["issues"])'
    )
