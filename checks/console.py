"""The console's own sentences in both report languages (``--lang``); findings bring their own messages."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "summary": (
            "{documents} issues, {figures} figures, {claims} claims: {error} errors, {warning} warnings, "
            "{info} info, {waived} waived ({seconds:.1f}s); rules: {rules}"
        ),
        "reports": "reports: {paths}",
        "gate_new": "gate: {count} new or changed issue(s): {paths}",
        "gate_nothing": "gate: no new or changed issues; nothing to check",
        "gate_compared": (
            "gate: compared against {issues} archive issue(s) ({analyzed} read from their files, the rest from "
            "the fact store), {rows} contact rows"
        ),
        "gate_stale": "gate: {count} stale waiver(s) (see above)",
        "gate_failed": "gate: FAILED: {count} finding(s) in new issues at or above {level}",
        "gate_passed": "gate: passed",
    },
    "zh": {
        "summary": (
            "{documents} 期,{figures} 个数据,{claims} 条陈述:错误 {error},警告 {warning},提示 {info},"
            "已豁免 {waived}({seconds:.1f} 秒);规则:{rules}"
        ),
        "reports": "报告:{paths}",
        "gate_new": "gate:新增或改动 {count} 期:{paths}",
        "gate_nothing": "gate:没有新增或改动的报纸,无需核查",
        "gate_compared": "gate:对照存档 {issues} 期(其中 {analyzed} 期读自文件,其余来自事实库),{rows} 行联系方式",
        "gate_stale": "gate:{count} 条豁免已失效(见上)",
        "gate_failed": "gate:未通过:新期中有 {count} 个问题达到或高于 {level}",
        "gate_passed": "gate:通过",
    },
}


def say(lang: str, key: str, **values: object) -> str:
    """One console sentence in ``lang`` (zh or en)."""
    return MESSAGES["en" if lang == "en" else "zh"][key].format(**values)
