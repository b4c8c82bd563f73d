"""Each rule's help: what it checks, a sentence that fires it and one that does not, its options.

The examples are data (``checks/data/rule_examples.yml``) and are run through the real checker by
the tests, so the help never shows a sentence that does not behave as it says. The options and
their defaults are read from the rule itself (``Rule.option_names``, ``Rule.options``), so the help
cannot drift from what runs. The same help feeds ``checkfacts explain`` and the SARIF rules' ``help``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import yaml


class UnknownRule(Exception):
    """``checkfacts explain`` was given an id that is no rule."""


@dataclass(frozen=True)
class RuleHelp:
    rule_id: str
    title: str
    description: str
    fires: tuple[str, ...]
    quiet: tuple[str, ...]
    why: str
    options: dict[str, str] = field(default_factory=dict)
    default_severity: str = "error"


@cache
def _examples() -> dict[str, dict[str, object]]:
    text = resources.files("checks").joinpath("data", "rule_examples.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise RuntimeError("checks/data/rule_examples.yml: expected a mapping of rule ids")
    return data


def _issues(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return ()
    return tuple(value)


def rule_help(rule_id: str, lang: str = "en") -> RuleHelp:
    """The help of one registered rule; an id that is no rule raises UnknownRule."""
    from checks.rules import OPTION_HELP, load_builtin_rules, shown_default

    rules = load_builtin_rules()
    if rule_id not in rules:
        raise UnknownRule(f"{rule_id!r} is not a rule (known: {', '.join(sorted(rules))})")
    rule = rules[rule_id]
    example = _examples().get(rule_id, {})
    return RuleHelp(
        rule_id=rule_id,
        title=rule.title_zh if lang == "zh" else rule.title_en,
        description=rule.description_zh if lang == "zh" else rule.description_en,
        fires=_issues(example.get("fires")),
        quiet=_issues(example.get("quiet")),
        why=str(example.get(f"why_{lang}", example.get("why_en", ""))),
        options={name: f"{OPTION_HELP[name]} (default: {shown_default(rule, name)})" for name in rule.option_names},
        default_severity=rule.default_severity,
    )


def _shown(issues: tuple[str, ...], zh: bool) -> str:
    if not issues:
        return "  (no example yet)" if not zh else "  (暂无示例)"
    if len(issues) == 1:
        return "  " + issues[0].strip().replace("\n", "\n  ")
    label = "期" if zh else "issue "
    return "\n".join(f"  [{label}{n}] " + text.strip().replace("\n", " / ") for n, text in enumerate(issues, start=1))


def explain_rule(rule_id: str, lang: str = "zh") -> str:
    """The text ``checkfacts explain RULE`` prints."""
    info = rule_help(rule_id, lang)
    zh = lang == "zh"
    lines = [f"{info.rule_id}: {info.title}", "", info.description, ""]
    lines += ["触发示例:" if zh else "Fires on:", _shown(info.fires, zh)]
    if info.why:
        lines += ["  → " + info.why]
    lines += ["", "不触发示例:" if zh else "Quiet on:", _shown(info.quiet, zh), ""]
    lines += ["选项:" if zh else "Options:"]
    common = {
        "enabled": "true | false" if not zh else "true | false(关闭规则)",
        "severity": f"error | warning | info ({'默认' if zh else 'default'}: {info.default_severity})",
    }
    for name, meaning in {**common, **info.options}.items():
        lines.append(f"  {name}: {meaning}")
    return "\n".join(lines)


def help_markdown(rule_id: str) -> str:
    """The SARIF ``help.markdown`` of a rule (English, with its examples)."""
    info = rule_help(rule_id, "en")
    parts = [f"**{info.title}**", "", info.description, ""]
    if info.fires:
        parts += ["Fires on:", "", *(f"    {t.strip()}" for t in info.fires), ""]
        if info.why:
            parts += [info.why, ""]
    if info.quiet:
        parts += ["Quiet on:", "", *(f"    {t.strip()}" for t in info.quiet), ""]
    parts += [f"Default severity: {info.default_severity}.", ""]
    if info.options:
        parts += ["Options:", "", *(f"- `{name}`: {meaning}" for name, meaning in info.options.items()), ""]
    parts += ["Switch it off or change its severity in `expectations/*.yml`; waive one finding in `waivers.yml`."]
    return "\n".join(parts)


def help_text(rule_id: str) -> str:
    """The SARIF ``help.text`` of a rule: the description and the firing example."""
    info = rule_help(rule_id, "en")
    example = f" Example: {info.fires[0].strip()} ({info.why})" if info.fires else ""
    return f"{info.description}{example}"
