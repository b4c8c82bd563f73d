"""JUnit XML: one test case per rule per issue, so CI systems list discrepancies natively."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from checks.findings import SEVERITY_RANK


def render_junit(report: dict[str, Any], fail_on: str) -> str:
    """A test suite per issue; a case per enabled rule; failures for findings at or above ``fail_on``."""
    floor = None if fail_on == "never" else SEVERITY_RANK[fail_on]
    rules = [r["id"] for r in report["rules"] if r.get("enabled", True)]
    suites = ET.Element("testsuites", name="checkfacts")
    total_tests = total_failures = 0
    by_place: dict[tuple[str, str], list[dict[str, Any]]] = {}  # one pass: documents × rules × findings was quadratic
    for finding in report["findings"]:
        by_place.setdefault((finding["path"], finding["rule"]), []).append(finding)
    for document in report["documents"]:
        path = document["path"]
        suite = ET.SubElement(suites, "testsuite", name=path)
        tests = failures = 0
        for rule in rules:
            mine = by_place.get((path, rule), [])
            case = ET.SubElement(suite, "testcase", classname=path, name=rule)
            tests += 1
            failing = [
                f for f in mine if not f["waived"] and floor is not None and SEVERITY_RANK[f["severity"]] >= floor
            ]
            if failing:
                failures += 1
                failure = ET.SubElement(
                    case,
                    "failure",
                    message=f"{len(failing)} {rule} finding(s)",
                    type=max((f["severity"] for f in failing), key=SEVERITY_RANK.__getitem__),
                )
                failure.text = "\n".join(f"{f['path']}:{f['line']}: [{f['severity']}] {f['message']}" for f in failing)
            failing_ids = {id(f) for f in failing}  # by identity: "not in failing" compared dicts, quadratic
            others = [f for f in mine if id(f) not in failing_ids]
            if others:
                out = ET.SubElement(case, "system-out")
                out.text = "\n".join(
                    f"{f['path']}:{f['line']}: [{'waived' if f['waived'] else f['severity']}] {f['message']}"
                    for f in others
                )
        suite.set("tests", str(tests))
        suite.set("failures", str(failures))
        total_tests += tests
        total_failures += failures
    if report.get("errors"):
        suite = ET.SubElement(suites, "testsuite", name="input", tests=str(len(report["errors"])))
        suite.set("errors", str(len(report["errors"])))
        for message in report["errors"]:
            case = ET.SubElement(suite, "testcase", classname="input", name=message.split(":", 1)[0])
            ET.SubElement(case, "error", message=message)
    suites.set("tests", str(total_tests))
    suites.set("failures", str(total_failures))
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
