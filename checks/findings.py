"""Findings: what a rule reports, with a stable id that waivers and reports refer to."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True)
class Related:
    """Another place a finding involves: the other issue, the headline of a body figure."""

    path: str
    line: int
    excerpt: str
    date: str | None = None
    highlights: tuple[str, ...] = ()

    def to_record(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "excerpt": self.excerpt,
            "date": self.date,
            "highlights": list(self.highlights),
        }


@dataclass
class Finding:
    """One discrepancy, located in the original text of an issue."""

    rule: str
    severity: str
    path: str
    line: int
    start: int
    end: int
    excerpt: str
    message: str
    stated: str | None = None
    expected: str | None = None
    related: list[Related] = field(default_factory=list)
    highlights: tuple[str, ...] = ()  # figure texts inside the excerpt, as printed
    waived: bool = False
    waiver_reason: str | None = None
    id: str = ""
    message_zh: str = ""  # the message in Chinese, when the rule gives one

    def __post_init__(self) -> None:
        if not self.id:
            self.id = finding_id(self.rule, self.path, self.excerpt, self.stated)

    def to_record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "rule": self.rule,
            "severity": self.severity,
            "path": self.path,
            "line": self.line,
            "start": self.start,
            "end": self.end,
            "excerpt": self.excerpt,
            "message": self.message,
            "message_zh": self.message_zh,
            "stated": self.stated,
            "expected": self.expected,
            "waived": self.waived,
            "waiver_reason": self.waiver_reason,
            "highlights": list(self.highlights),
            "related": [r.to_record() for r in self.related],
        }


def finding_id(rule: str, path: str, excerpt: str, stated: str | None) -> str:
    """Stable for the same text: the file's name (not its folder), the rule, excerpt and statement."""
    key = "\x1f".join((rule, PurePath(path).name, excerpt, stated or ""))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def sort_key(finding: Finding) -> tuple[int, str, int, int, str]:
    """Most severe first, then by place in the text."""
    return (-SEVERITY_RANK[finding.severity], finding.path, finding.line, finding.start, finding.rule)
