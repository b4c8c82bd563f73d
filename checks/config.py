"""Loading the declared rule suite (expectations/*.yml) and the waivers (expectations/waivers.yml).

The YAML is read node by node (``yaml.compose``) so that every complaint names the file and the
line: a newsroom editor who mistypes a severity should be told where, not shown a traceback.

Suite file shape::

    suite: in_issue                # a name, for the report
    rules:
      pct_change_mismatch:
        enabled: true              # optional; default true
        severity: error            # optional; default: the rule's default_severity
        options:                   # optional; each option the rule declares defaults on the rule
          rounding: [half_up, half_even]     # accepted rounding modes; also: truncate
          whole_units: [起, 名, 人]           # optional; default: checks.rules.DEFAULT_WHOLE_UNITS

A rule a suite does not name is off; a named rule takes its severity and options from the rule
(checks/rules/) unless the file overrides them; an option the rule does not read is an error.

Waiver file shape (``waivers.yml``)::

    waivers:
      - path: 001_a944df977b0400ee.txt   # file name or a path suffix
        rule: contact_mismatch
        contains: 韩志强                   # a text the finding's excerpt contains
        reason: the printer's typo was corrected in the e-paper
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path, PurePath
from typing import Any

import yaml

from checks.findings import SEVERITIES, Finding
from checks.rule_schema import SchemaViolation
from checks.rule_schema import validate as validate_rule_file
from checks.rules import RuleOptions, load_builtin_rules

ROUNDING_MODES = ("half_up", "half_even", "truncate")
WAIVER_FILE = "waivers.yml"


class ConfigError(Exception):
    """A malformed rule or waiver file; the message names the file and line."""


@dataclass(frozen=True)
class RuleSetting:
    rule_id: str
    enabled: bool
    severity: str
    options: RuleOptions
    source: str  # "file:line" where it was declared


@dataclass(frozen=True)
class Waiver:
    path: str
    rule: str
    contains: str
    reason: str
    source: str

    def matches(self, finding: Finding) -> bool:
        """Path is a file name or a path suffix; the rule must be equal; the excerpt must contain the text."""
        if finding.rule != self.rule or self.contains not in finding.excerpt:
            return False
        wanted = PurePath(self.path).parts
        have = PurePath(finding.path).parts
        return len(wanted) <= len(have) and tuple(have[-len(wanted) :]) == wanted


@dataclass
class RuleSuite:
    rules: dict[str, RuleSetting] = field(default_factory=dict)
    waivers: list[Waiver] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    declared: dict[str, str] = field(default_factory=dict)  # suite name -> file:line that declared it


def _where(path: str, node: yaml.Node) -> str:
    return f"{path}:{node.start_mark.line + 1}"


def _compose(path: Traversable) -> yaml.Node | None:
    try:
        if not path.is_file():  # a FIFO named rules.yml would block the read forever
            raise ConfigError(f"{path}: not a regular file")
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from exc
    try:
        _refuse_deep_nesting(path, text)  # first: PyYAML's own parse of such nesting is what took minutes
        _refuse_aliases(path, text)
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError as exc:
        raise ConfigError(f"{path}: malformed YAML: nested too deeply") from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}{line}: malformed YAML: {exc.problem or exc.context}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: malformed YAML: {exc}") from exc


_NESTING_MAX = 64  # a rule file is a few levels deep; "[[[…" thousands deep took PyYAML seconds, then recursed out


def _refuse_deep_nesting(path: Traversable, text: str) -> None:
    """Flow collections nested deeper than ``_NESTING_MAX`` are refused before PyYAML reads them (a bracket
    inside quotes counts too: no rule file needs that many)."""
    depth = 0
    for char in text:
        if char in "[{":
            depth += 1
            if depth > _NESTING_MAX:
                raise ConfigError(f"{path}: malformed YAML: nested deeper than {_NESTING_MAX} levels")
        elif char in "]}":
            depth = max(0, depth - 1)


def _refuse_aliases(path: Traversable, text: str) -> None:
    """Anchors and aliases are refused before anything is built: an alias bomb of a few lines would
    otherwise expand to gigabytes when its options are read."""
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            line = f":{event.start_mark.line + 1}" if event.start_mark else ""
            raise ConfigError(
                f"{path}{line}: YAML anchors and aliases (&name, *name) are not allowed "
                "in rule files; write the values out"
            )


def _mapping(path: str, node: yaml.Node, what: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        raise ConfigError(f"{_where(path, node)}: {what} must be a mapping")
    out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            raise ConfigError(f"{_where(path, key)}: {what}: keys must be plain names")
        if key.value in out:
            raise ConfigError(f"{_where(path, key)}: {what}: {key.value!r} is given twice")
        out[key.value] = (key, value)
    return out


def _scalar(path: str, node: yaml.Node, what: str) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        raise ConfigError(f"{_where(path, node)}: {what} must be a single value")
    return yaml.safe_load(yaml.serialize(node))


def _string_list(path: str, node: yaml.Node, what: str) -> tuple[str, ...]:
    if not isinstance(node, yaml.SequenceNode):
        raise ConfigError(f"{_where(path, node)}: {what} must be a list")
    return tuple(str(_scalar(path, item, what)) for item in node.value)


def _rule_setting(path: str, rule_id: str, node: yaml.Node) -> RuleSetting:
    fields = _mapping(path, node, f"rule {rule_id}")
    allowed = {"enabled", "severity", "options", "description"}
    for name, (key, _) in fields.items():
        if name not in allowed:
            raise ConfigError(f"{_where(path, key)}: rule {rule_id}: unknown key {name!r} (allowed: {sorted(allowed)})")
    enabled = True
    if "enabled" in fields:
        value = _scalar(path, fields["enabled"][1], "enabled")
        if not isinstance(value, bool):
            raise ConfigError(f"{_where(path, fields['enabled'][1])}: rule {rule_id}: enabled must be true or false")
        enabled = value
    rule = load_builtin_rules().get(rule_id)
    severity = rule.default_severity if rule is not None else "error"
    if "severity" in fields:
        severity = _scalar(path, fields["severity"][1], "severity")
        if severity not in SEVERITIES:
            raise ConfigError(
                f"{_where(path, fields['severity'][1])}: rule {rule_id}: severity {severity!r} "
                f"is not one of {SEVERITIES}"
            )
    defaults = rule.options if rule is not None else RuleOptions()
    accepted = rule.option_names if rule is not None else ()
    overrides: dict[str, tuple[str, ...]] = {}
    if "options" in fields:
        for name, (key, value) in _mapping(path, fields["options"][1], f"rule {rule_id} options").items():
            if name not in accepted:
                takes = ", ".join(accepted) if accepted else "none"
                raise ConfigError(f"{_where(path, key)}: rule {rule_id} has no option {name!r} (its options: {takes})")
            overrides[name] = _string_list(path, value, name)
            if name == "rounding":
                bad = [m for m in overrides[name] if m not in ROUNDING_MODES]
                if bad or not overrides[name]:
                    raise ConfigError(
                        f"{_where(path, value)}: rule {rule_id}: "
                        f"rounding modes {bad or '[]'} not among {ROUNDING_MODES}"
                    )
    return RuleSetting(
        rule_id=rule_id,
        enabled=enabled,
        severity=str(severity),
        options=defaults.overridden(overrides),
        source=_where(path, node),
    )


def _load_suite_file(path: Traversable, suite: RuleSuite, known_rules: set[str]) -> None:
    name = str(path)
    root = _compose(path)
    if root is None:
        raise ConfigError(f"{name}: empty rule file (expected a 'rules:' mapping)")
    try:
        validate_rule_file(name, root)
    except SchemaViolation as exc:
        raise ConfigError(str(exc)) from exc
    top = _mapping(name, root, "the file")
    if "suite" in top:
        suite_name, (key, _) = str(top["suite"][1].value), top["suite"]
        if suite_name in suite.declared:
            raise ConfigError(
                f"{_where(name, key)}: suite {suite_name!r} is already declared at {suite.declared[suite_name]}"
            )
        suite.declared[suite_name] = _where(name, key)
    for rule_id, (key, value) in _mapping(name, top["rules"][1], "rules").items():
        if rule_id not in known_rules:
            raise ConfigError(
                f"{_where(name, key)}: unknown rule {rule_id!r} (known: {', '.join(sorted(known_rules))})"
            )
        if rule_id in suite.rules:
            raise ConfigError(
                f"{_where(name, key)}: rule {rule_id!r} is already declared at {suite.rules[rule_id].source}"
            )
        suite.rules[rule_id] = _rule_setting(name, rule_id, value)


def _load_waivers(path: Traversable, known_rules: set[str]) -> list[Waiver]:
    name = str(path)
    root = _compose(path)
    if root is None:
        return []
    top = _mapping(name, root, "the file")
    if "waivers" not in top:
        raise ConfigError(f"{_where(name, root)}: no 'waivers:' list")
    node = top["waivers"][1]
    if isinstance(node, yaml.ScalarNode) and node.value in ("", "null", "~"):
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise ConfigError(f"{_where(name, node)}: 'waivers' must be a list")
    waivers: list[Waiver] = []
    for item in node.value:
        fields = _mapping(name, item, "waiver")
        values: dict[str, str] = {}
        for required in ("path", "rule", "contains", "reason"):
            if required not in fields:
                raise ConfigError(f"{_where(name, item)}: waiver needs {required!r} (path, rule, contains, reason)")
            value = _scalar(name, fields[required][1], required)
            if value is None or str(value).strip() == "":
                raise ConfigError(f"{_where(name, fields[required][1])}: waiver {required!r} is empty")
            values[required] = str(value)
        for extra_key, (key, _) in fields.items():
            if extra_key not in ("path", "rule", "contains", "reason"):
                raise ConfigError(f"{_where(name, key)}: unknown waiver key {extra_key!r}")
        if values["rule"] not in known_rules:
            raise ConfigError(f"{_where(name, fields['rule'][1])}: waiver names unknown rule {values['rule']!r}")
        waivers.append(Waiver(source=_where(name, item), **values))
    return waivers


def _suite_files(folder: Traversable) -> list[Traversable]:
    """The rule files of a folder; an entry named like one that is no regular file is named, not skipped."""
    if folder.is_file():
        if not folder.name.endswith((".yml", ".yaml")):  # an issue given as --rules is no malformed YAML
            raise ConfigError(f"{folder}: not a rule file (--rules names a .yml file or a folder of them)")
        return [folder]
    if not folder.is_dir():
        exists = isinstance(folder, Path) and (folder.exists() or folder.is_symlink())
        raise ConfigError(f"{folder}: {'not a folder or a rule file' if exists else 'rule folder not found'}")
    named = [entry for entry in folder.iterdir() if entry.name.endswith((".yml", ".yaml"))]
    for entry in named:
        if not entry.is_file():
            raise ConfigError(f"{entry}: not a regular file (a rule file must be a plain .yml file)")
    return sorted(named, key=lambda entry: entry.name)


def load_suite(rules_dir: str | Path | Traversable, known_rules: set[str]) -> RuleSuite:
    """Read every ``*.yml``/``*.yaml`` in the folder (waivers.yml apart), in name order.

    The folder may be on disk or the suite packaged with checkfacts (an importlib resource).
    """
    folder = Path(rules_dir) if isinstance(rules_dir, str) else rules_dir
    suite = RuleSuite()
    for path in _suite_files(folder):
        if path.name in (WAIVER_FILE, "waivers.yaml"):
            suite.waivers.extend(_load_waivers(path, known_rules))
        else:
            _load_suite_file(path, suite, known_rules)
        suite.files.append(str(path))
    if not suite.rules:
        raise ConfigError(f"{folder}: no rule suite files (*.yml with a 'rules:' mapping)")
    return suite


def apply_waivers(findings: list[Finding], waivers: list[Waiver]) -> list[Waiver]:
    """Mark matching findings waived (they stay in the report); return the waivers that matched nothing."""
    used: set[int] = set()
    for finding in findings:
        for index, waiver in enumerate(waivers):
            if waiver.matches(finding):
                finding.waived = True
                finding.waiver_reason = waiver.reason
                used.add(index)
                break
    return [w for i, w in enumerate(waivers) if i not in used]
