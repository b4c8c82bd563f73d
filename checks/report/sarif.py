"""SARIF 2.1.0 for code-scanning views, and GitHub Actions annotations for the CI log."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _rule_descriptor(rule: dict[str, Any]) -> dict[str, Any]:
    from checks.rule_help import help_markdown, help_text

    descriptor: dict[str, Any] = {
        "id": rule["id"],
        "name": rule["id"],
        "shortDescription": {"text": rule["title_en"]},
        "fullDescription": {"text": rule["description_en"]},
        "defaultConfiguration": {"level": SARIF_LEVEL[rule["severity"]]},
        "help": {"text": help_text(rule["id"]), "markdown": help_markdown(rule["id"])},
    }
    uri = help_uri(rule["id"])
    if uri:
        descriptor["helpUri"] = uri
    return descriptor


def help_uri(rule_id: str) -> str | None:
    """The rule's page under the project's documentation URL, when the installed package declares one."""
    base = _documentation_url()
    return f"{base}#{rule_id.replace('_', '-')}" if base else None


@cache
def _documentation_url() -> str | None:
    """The package metadata's Documentation URL, read once per process (not once per rule)."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls = metadata("checkfacts").get_all("Project-URL") or []
    except PackageNotFoundError:
        return None
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() == "documentation" and url.strip():
            return str(url).strip().rstrip("/")
    return None


def render_sarif(report: dict[str, Any]) -> str:
    """One SARIF run; every finding a result at its file and line (waived ones as suppressed).

    A gate's findings carry ``baseline`` ("new" when they touch a new or changed issue, else
    "unchanged"): SARIF's ``baselineState``, so code scanning alerts only on what a change brought.
    """
    rules = [_rule_descriptor(rule) for rule in report["rules"]]
    results = []
    for finding in report["findings"]:
        result: dict[str, Any] = {
            "ruleId": finding["rule"],
            "level": SARIF_LEVEL[finding["severity"]],
            "message": {"text": finding["message"]},
            "partialFingerprints": {"checkfactsId": finding["id"]},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": finding["path"]},
                        "region": {"startLine": finding["line"], "snippet": {"text": finding["excerpt"]}},
                    }
                }
            ],
        }
        if finding["related"]:
            result["relatedLocations"] = [
                {
                    "id": index,
                    "physicalLocation": {
                        "artifactLocation": {"uri": other["path"]},
                        "region": {"startLine": other["line"], "snippet": {"text": other["excerpt"]}},
                    },
                }
                for index, other in enumerate(finding["related"])
            ]
        if finding.get("baseline") in ("new", "unchanged"):
            result["baselineState"] = finding["baseline"]
        if finding["waived"]:
            result["suppressions"] = [{"kind": "external", "justification": finding.get("waiver_reason") or ""}]
        results.append(result)
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "checkfacts", "version": report["version"], "rules": rules}},
                "results": results,
            }
        ],
    }
    return json.dumps(sarif, ensure_ascii=False, indent=1) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotations(findings: list[dict[str, Any]]) -> list[str]:
    """Workflow commands (``::error file=…,line=…::…``) for findings that are not waived."""
    command = {"error": "error", "warning": "warning", "info": "notice"}
    lines = []
    for finding in findings:
        if finding["waived"]:
            continue
        title = _escape_property(f"checkfacts {finding['rule']}")
        lines.append(
            f"::{command[finding['severity']]} file={_escape_property(finding['path'])},"
            f"line={finding['line']},title={title}::{_escape_data(finding['message'])}"
        )
    return lines
