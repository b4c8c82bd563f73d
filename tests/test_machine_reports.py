"""JUnit and SARIF renderings of a report dict."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

from checks.report.junit import render_junit
from checks.report.sarif import github_annotations, render_sarif


def _finding(rule: str, severity: str, path: str, waived: bool = False) -> dict[str, Any]:
    return {
        "id": f"{rule}-{path}",
        "rule": rule,
        "severity": severity,
        "path": path,
        "line": 4,
        "start": 10,
        "end": 20,
        "excerpt": "下降9.04%",
        "message": "stated 9.04%, expected 8.04%: 36 / (412 + 36) = 8.036%",
        "stated": "9.04%",
        "expected": "8.04%",
        "waived": waived,
        "waiver_reason": "ok" if waived else None,
        "highlights": [],
        "related": [],
    }


REPORT: dict[str, Any] = {
    "version": "0.1.0",
    "documents": [{"path": "a.txt"}, {"path": "b.txt"}],
    "rules": [
        {"id": r, "title_en": r, "description_en": r, "severity": s, "enabled": True}
        for r, s in (("pct_change_mismatch", "error"), ("contact_changed", "info"))
    ],
    "findings": [
        _finding("pct_change_mismatch", "error", "a.txt"),
        _finding("contact_changed", "info", "a.txt"),
        _finding("pct_change_mismatch", "error", "b.txt", waived=True),
    ],
    "errors": [],
}


def test_junit_has_one_case_per_rule_per_issue_failing_at_threshold() -> None:
    root = ET.fromstring(render_junit(REPORT, "error"))
    cases = root.findall(".//testcase")
    assert len(cases) == 4
    failed = [(c.get("classname"), c.get("name")) for c in cases if c.find("failure") is not None]
    assert failed == [("a.txt", "pct_change_mismatch")]
    assert root.get("failures") == "1"


def test_junit_fail_on_info_and_never() -> None:
    info = ET.fromstring(render_junit(REPORT, "info"))
    assert len([c for c in info.findall(".//testcase") if c.find("failure") is not None]) == 2
    never = ET.fromstring(render_junit(REPORT, "never"))
    assert never.findall(".//failure") == []


def test_sarif_levels_and_suppressions() -> None:
    run = json.loads(render_sarif(REPORT))["runs"][0]
    assert [r["level"] for r in run["results"]] == ["error", "note", "error"]
    assert "suppressions" in run["results"][2] and "suppressions" not in run["results"][0]


def test_annotations_escape_and_skip_waived() -> None:
    findings = [dict(_finding("pct_change_mismatch", "error", "a,b.txt"), message="50%\nnext")]
    findings.append(_finding("pct_change_mismatch", "error", "c.txt", waived=True))
    assert github_annotations(findings) == [
        "::error file=a%2Cb.txt,line=4,title=checkfacts pct_change_mismatch::50%25%0Anext"
    ]
