"""The HTML report: one self-contained page a fact-checker reads every morning.

Everything taken from the report is escaped; the page loads nothing from anywhere (inline CSS and
JS only, and a Content-Security-Policy that forbids any other script or fetch), so it can be mailed
or opened from disk. Filters work on data attributes; with JavaScript off every finding stays visible.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from checks.report.labels import labels_for, normalize_lang

SEVERITY_ORDER = ("error", "warning", "info")
KIND_ORDER = {"person": 0, "mailbox": 1, "address": 2, "identifier": 3}

_CSS = """
:root{--fg:#1d2129;--muted:#5c6470;--line:#dde1e6;--bg:#fff;--soft:#f5f7fa;
--err:#b42318;--err-bg:#fef3f2;--warn:#8a5a00;--warn-bg:#fffaeb;--info:#1d4ed8;--info-bg:#eff6ff;--mark:#ffe58f}
*{box-sizing:border-box}
[hidden]{display:none!important}
html{font-size:16px}
body{margin:0;color:var(--fg);background:var(--bg);line-height:1.6;
font-family:-apple-system,"PingFang SC","Hiragino Sans GB","Noto Sans CJK SC","Source Han Sans SC",
"Microsoft YaHei","WenQuanYi Micro Hei",system-ui,sans-serif}
main{max-width:1180px;margin:0 auto;padding:1.5rem 1.25rem 4rem}
h1{font-size:1.6rem;margin:0 0 .25rem}
h2{font-size:1.25rem;margin:2.25rem 0 .75rem;padding-bottom:.3rem;border-bottom:2px solid var(--line)}
h3{font-size:1.05rem;margin:0}
#summary h3{margin:1.2rem 0 .4rem}
#issues td,#by-rule td{white-space:nowrap}
#issues td.mono{white-space:normal;word-break:break-all;min-width:11rem}
code,.mono{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:.88em}
.meta{color:var(--muted);font-size:.9rem;margin:0}
.meta span+span::before{content:" · "}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{border-bottom:1px solid var(--line);padding:.35rem .55rem;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.table-wrap{overflow-x:auto}
.cards{display:flex;flex-wrap:wrap;gap:.75rem;margin:.5rem 0 1rem}
.card{flex:1 1 9rem;border:1px solid var(--line);border-radius:8px;padding:.6rem .8rem;background:var(--soft)}
.card .big{display:block;font-size:1.7rem;font-weight:700;line-height:1.2;font-variant-numeric:tabular-nums}
.card .small{color:var(--muted);font-size:.85rem}
.card.error{background:var(--err-bg);border-color:#fecdca}.card.error .big{color:var(--err)}
.card.warning{background:var(--warn-bg);border-color:#fedf89}.card.warning .big{color:var(--warn)}
.card.info{background:var(--info-bg);border-color:#bfdbfe}.card.info .big{color:var(--info)}
.zero{color:var(--muted)}
.alert{border-radius:8px;padding:.75rem 1rem;margin:1rem 0;border:2px solid}
.alert h2{margin:0 0 .4rem;border:0;padding:0}
.alert-error{background:var(--err-bg);border-color:var(--err)}
.alert-warn{background:var(--warn-bg);border-color:#f79009}
.badge{display:inline-block;border-radius:999px;padding:0 .6rem;font-size:.8rem;font-weight:700;
border:1px solid;white-space:nowrap}
.badge.error{color:var(--err);background:var(--err-bg)}
.badge.warning{color:var(--warn);background:var(--warn-bg)}
.badge.info{color:var(--info);background:var(--info-bg)}
.badge.waived{color:var(--muted);background:var(--soft)}
.filters{position:sticky;top:0;z-index:2;background:var(--bg);display:flex;flex-wrap:wrap;gap:.5rem 1rem;
align-items:end;padding:.6rem 0;border-bottom:1px solid var(--line);margin-bottom:1rem}
.filters label{display:flex;flex-direction:column;font-size:.8rem;color:var(--muted)}
.filters select,.filters input{font:inherit;font-size:.92rem;padding:.25rem .4rem;border:1px solid #b8bec6;
border-radius:6px;background:var(--bg);color:var(--fg);min-width:9rem;height:2rem}
.filters input{min-width:14rem}
.filters .count{margin-left:auto;font-size:.9rem}
.no-js .filters{display:none}
.finding{border:1px solid var(--line);border-left:6px solid var(--line);border-radius:8px;padding:.8rem 1rem;
margin:0 0 1rem;background:var(--bg)}
.finding[data-severity=error]{border-left-color:var(--err)}
.finding[data-severity=warning]{border-left-color:#f79009}
.finding[data-severity=info]{border-left-color:#60a5fa}
.finding.waived{border-left-color:#98a2b3;background:var(--soft)}
.finding header{display:flex;flex-wrap:wrap;gap:.4rem .7rem;align-items:baseline}
.finding .rule-id{color:var(--muted)}
.finding .loc{margin-left:auto;color:var(--muted)}
.rule-desc{color:var(--muted);font-size:.88rem;margin:.2rem 0 .6rem}
.places{display:grid;grid-template-columns:repeat(auto-fit,minmax(280px,1fr));gap:.75rem}
.place{border:1px solid var(--line);border-radius:6px;padding:.4rem .6rem;background:var(--soft)}
.place-head{font-size:.82rem;color:var(--muted)}
.excerpt{margin:.2rem 0 0;white-space:pre-wrap;word-break:break-word;font-size:1rem}
mark{background:var(--mark);color:inherit;padding:0 .1em;border-radius:2px;font-weight:600}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.15rem .8rem;margin:.7rem 0 0}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0;word-break:break-word}
.contacts th[scope=row]{white-space:nowrap}
ul.runs{list-style:none;margin:0;padding:0}
ul.runs li{padding:.05rem 0}
ul.runs li.mismatch{background:var(--err-bg);color:var(--err);font-weight:600;border-radius:4px;padding:.05rem .3rem}
ul.runs .span{color:var(--muted);font-size:.82rem;font-weight:400}
.contacts .marker{display:inline-block;margin-right:.25rem}
.contacts tr.has-mismatch th[scope=row]{color:var(--err)}
details.waive{margin:.6rem 0 0;font-size:.88rem}
details.waive summary{cursor:pointer;color:var(--muted)}
details.waive pre{background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:.5rem .7rem;
margin:.3rem 0 0;white-space:pre-wrap;word-break:break-all;user-select:all}
.finding header,.place-head,dl.facts dd,.meta,.alert li{overflow-wrap:anywhere}
@media (max-width:640px){main{padding:1rem .75rem 3rem}.filters{position:static}
.filters label,.filters select,.filters input{min-width:0;width:100%}.filters .count{margin-left:0}
.places{grid-template-columns:1fr}.finding .loc{margin-left:0}.contacts th[scope=row]{white-space:normal}}
details.figures{border:1px solid var(--line);border-radius:6px;margin:.5rem 0;padding:.3rem .7rem}
details.figures summary{cursor:pointer;font-weight:600}
details.figures table{margin:.5rem 0}
.top{font-size:.85rem}
@media print{.filters,.top{display:none}.finding{break-inside:avoid}details.figures{display:none}}
"""

# Reads only data attributes and text the browser already parsed; it never touches report data as code.
_JS = """
(function () {
  "use strict";
  document.documentElement.classList.remove("no-js");
  var sev = document.getElementById("filter-severity");
  var rule = document.getElementById("filter-rule");
  var issue = document.getElementById("filter-issue");
  var text = document.getElementById("filter-text");
  var count = document.getElementById("shown-count");
  var none = document.getElementById("no-match");
  if (!sev || !rule || !issue || !text || !count) { return; }
  var rows = Array.prototype.slice.call(document.querySelectorAll("#findings .finding"));
  var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
  function apply() {
    var s = sev.value, r = rule.value, i = issue.value, q = text.value.trim().toLowerCase(), shown = 0;
    rows.forEach(function (row, k) {
      var paths = (row.getAttribute("data-paths") || "").split("\\n");
      var ok = (s === "all" || row.getAttribute("data-severity") === s) &&
        (r === "" || row.getAttribute("data-rule") === r) &&
        (i === "" || row.getAttribute("data-path") === i || paths.indexOf(i) >= 0) &&
        (q === "" || texts[k].indexOf(q) >= 0);
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = String(shown);
    if (none) { none.hidden = shown !== 0 || rows.length === 0; }
  }
  // The view lives in the URL hash (#sev=error&rule=…&issue=…&q=…), so it can be shared.
  function has(select, value) {
    return Array.prototype.some.call(select.options, function (o) { return o.value === value; });
  }
  function fromHash() {
    var params = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
      var at = pair.indexOf("=");
      if (at > 0) {
        try { params[pair.slice(0, at)] = decodeURIComponent(pair.slice(at + 1)); } catch (e) { /* ignore */ }
      }
    });
    if (!("sev" in params || "rule" in params || "issue" in params || "q" in params)) { return false; }
    sev.value = has(sev, params.sev || "all") ? (params.sev || "all") : "all";
    rule.value = has(rule, params.rule || "") ? (params.rule || "") : "";
    issue.value = has(issue, params.issue || "") ? (params.issue || "") : "";
    text.value = params.q || "";
    return true;
  }
  function toHash() {
    var parts = [];
    if (sev.value !== "all") { parts.push("sev=" + encodeURIComponent(sev.value)); }
    if (rule.value !== "") { parts.push("rule=" + encodeURIComponent(rule.value)); }
    if (issue.value !== "") { parts.push("issue=" + encodeURIComponent(issue.value)); }
    if (text.value.trim() !== "") { parts.push("q=" + encodeURIComponent(text.value.trim())); }
    var hash = parts.length ? "#" + parts.join("&") : "";
    if (hash !== location.hash && !(hash === "" && location.hash === "")) {
      history.replaceState(null, "", hash || location.pathname + location.search);
    }
  }
  function changed() { apply(); toHash(); }
  sev.addEventListener("change", changed);
  rule.addEventListener("change", changed);
  issue.addEventListener("change", changed);
  text.addEventListener("input", changed);
  window.addEventListener("hashchange", function () {
    if (fromHash()) {
      apply();
      var section = document.getElementById("findings-section");
      if (section) { section.scrollIntoView(); }
    }
  });
  window.addEventListener("pageshow", apply);
  fromHash();
  apply();
})();
"""

_SCRIPT_HASH = base64.b64encode(hashlib.sha256(_JS.encode("utf-8")).digest()).decode("ascii")
_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    f"script-src 'sha256-{_SCRIPT_HASH}'; base-uri 'none'; form-action 'none'"
)


_NEEDS_ESCAPE = re.compile("[&<>\"']")


def esc(value: object) -> str:
    """Escape anything from the report for text and quoted attributes alike; None renders as nothing.

    Most cells (figures, line numbers) hold nothing to escape: one search then spares html.escape's
    five passes (the appendix of a 1 000-issue run escapes ~560 000 cells)."""
    if value is None:
        return ""
    text = str(value)
    return html.escape(text, quote=True) if _NEEDS_ESCAPE.search(text) else text


def highlight(excerpt: str, highlights: Iterable[str]) -> str:
    """The excerpt, escaped, with each highlight wrapped in <mark>.

    The raw text is split on highlight occurrences first and each piece escaped on its own, so a
    highlight can never match inside an entity or markup. Longer highlights win where they overlap.
    """
    wanted = sorted({h for h in highlights if h}, key=lambda h: (-len(h), h))
    if not wanted or not excerpt:
        return esc(excerpt)
    pattern = re.compile("(" + "|".join(re.escape(h) for h in wanted) + ")")
    out: list[str] = []
    for index, piece in enumerate(pattern.split(excerpt)):
        if not piece:
            continue
        out.append(f"<mark>{esc(piece)}</mark>" if index % 2 else esc(piece))
    return "".join(out)


def render_html(report: Mapping[str, Any], lang: str = "zh") -> str:
    """The whole page as one string; the same report always renders to the same bytes."""
    code = normalize_lang(lang)
    page = _Page(report, code)
    return page.render()


class _Page:
    """Holds the report, the labels and the lookups every section needs."""

    def __init__(self, report: Mapping[str, Any], lang: str) -> None:
        self.report = report
        self.lang = lang
        self.t = labels_for(lang)
        self.documents: list[Mapping[str, Any]] = [d for d in report.get("documents") or [] if isinstance(d, Mapping)]
        self.findings: list[Mapping[str, Any]] = [f for f in report.get("findings") or [] if isinstance(f, Mapping)]
        self.rules: dict[str, Mapping[str, Any]] = {
            str(r.get("id")): r for r in report.get("rules") or [] if isinstance(r, Mapping) and r.get("id")
        }
        self.dates: dict[str, str | None] = {str(d.get("path")): d.get("date") for d in self.documents}

    # -- helpers ---------------------------------------------------------------

    def sev(self, severity: str) -> str:
        return self.t.get(f"sev_{severity}", severity)

    def rule_title(self, rule_id: str) -> str:
        rule = self.rules.get(rule_id)
        if rule is None:
            return rule_id
        return str(rule.get(f"title_{self.lang}") or rule.get("title_en") or rule.get("title_zh") or rule_id)

    def rule_description(self, rule_id: str) -> str:
        rule = self.rules.get(rule_id)
        if rule is None:
            return ""
        return str(rule.get(f"description_{self.lang}") or rule.get("description_en") or "")

    def seconds(self, value: object) -> str:
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return "—"
        return self.t["seconds"].format(value=f"{number:.2f}")

    def date_source(self, source: object) -> str:
        return self.t.get(f"ds_{source}", str(source or "—"))

    # -- page ------------------------------------------------------------------

    def render(self) -> str:
        html_lang = "zh-CN" if self.lang == "zh" else "en"
        title = self.t["title"]
        parts = [
            "<!DOCTYPE html>",
            f'<html lang="{html_lang}" class="no-js">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{esc(_CSP)}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="referrer" content="no-referrer">',
            f"<title>{esc(title)}</title>",
            f"<style>{_CSS}</style>",
            "</head>",
            '<body id="top">',
            "<main>",
            self.header(),
            self.run_errors(),
            self.stale_waivers(),
            self.summary(),
            self.active_findings(),
            self.waived_findings(),
            self.contacts(),
            self.appendix(),
            "</main>",
            f"<script>{_JS}</script>",
            "</body>",
            "</html>",
            "",
        ]
        return "\n".join(p for p in parts if p is not None)

    def header(self) -> str:
        t, r = self.t, self.report
        return (
            f"<header><h1>{esc(t['title'])}</h1>"
            f'<p class="meta"><span>{esc(t["generated_at"])}: {esc(r.get("generated_at") or "—")}</span>'
            f"<span>{esc(r.get('tool') or 'checkfacts')} {esc(r.get('version') or '')}</span></p></header>"
        )

    def run_errors(self) -> str:
        errors = [e for e in self.report.get("errors") or [] if e]
        if not errors:
            return ""
        items = "".join(f"<li>{esc(e)}</li>" for e in errors)
        return (
            f'<section class="alert alert-error" id="run-errors" role="alert"><h2>{esc(self.t["run_errors"])} '
            f"({len(errors)})</h2><p>{esc(self.t['run_errors_note'])}</p><ul>{items}</ul></section>"
        )

    def stale_waivers(self) -> str:
        stale = [w for w in self.report.get("stale_waivers") or [] if isinstance(w, Mapping)]
        if not stale:
            return ""
        t = self.t
        rows = "".join(
            f"<tr><td>{esc(w.get('source'))}</td><td>{esc(w.get('path'))}</td><td><code>{esc(w.get('rule'))}</code>"
            f"</td><td>{esc(w.get('contains'))}</td></tr>"
            for w in stale
        )
        return (
            f'<section class="alert alert-warn" id="stale-waivers"><h2>{esc(t["stale_waivers"])} ({len(stale)})</h2>'
            f'<p>{esc(t["stale_waivers_note"])}</p><div class="table-wrap"><table><thead><tr>'
            f"<th>{esc(t['source'])}</th><th>{esc(t['path'])}</th><th>{esc(t['rule'])}</th>"
            f"<th>{esc(t['contains'])}</th></tr></thead><tbody>{rows}</tbody></table></div></section>"
        )

    # -- summary ---------------------------------------------------------------

    def summary(self) -> str:
        t, r = self.t, self.report
        summary: Mapping[str, Any] = r.get("summary") or {}
        active = [f for f in self.findings if not f.get("waived")]
        counts = {s: int(summary.get(s, sum(1 for f in active if f.get("severity") == s))) for s in SEVERITY_ORDER}
        waived = int(summary.get("waived", len(self.findings) - len(active)))
        n_docs = int(summary.get("documents", len(self.documents)))
        n_figures = int(summary.get("figures", sum(int(d.get("figures") or 0) for d in self.documents)))
        n_claims = int(summary.get("claims", sum(int(d.get("claims") or 0) for d in self.documents)))
        cards = [
            f'<div class="card {s}"><span class="big">{counts[s]}</span>{esc(self.sev(s))}</div>'
            for s in SEVERITY_ORDER
        ]
        cards.append(f'<div class="card"><span class="big">{waived}</span>{esc(t["waived_count"])}</div>')
        cards.append(f'<div class="card"><span class="big">{n_docs}</span>{esc(t["issues_read"])}</div>')
        cards.append(f'<div class="card"><span class="big">{n_figures}</span>{esc(t["figures_checked"])}</div>')
        cards.append(f'<div class="card"><span class="big">{n_claims}</span>{esc(t["claims_checked"])}</div>')
        suite = [str(s) for s in r.get("rule_suite") or []]
        suite_html = ", ".join(f"<code>{esc(s)}</code>" for s in suite) if suite else esc(t["none"])
        run = (
            f'<p class="meta"><span>{esc(t["run_time"])}: {esc(self.seconds(r.get("run_seconds")))}'
            f" ({esc(t['gx_time'])} {esc(self.seconds(r.get('gx_seconds')))})</span>"
            f"<span>{esc(t['tool_version'])}: {esc(r.get('version') or '—')}</span>"
            f"<span>{esc(t['rule_suite'])}: {suite_html}</span>"
            f"<span>{esc(t['generated_at'])}: {esc(r.get('generated_at') or '—')}</span></p>"
        )
        return (
            f'<section id="summary"><h2>{esc(t["summary"])}</h2><div class="cards">{"".join(cards)}</div>{run}'
            f"{self.issues_table()}{self.rules_table(summary, active)}"
            "</section>"
        )

    def issues_table(self) -> str:
        t = self.t
        counts: dict[str, int] = {}
        for f in self.findings:
            if not f.get("waived"):
                counts[str(f.get("path"))] = counts.get(str(f.get("path")), 0) + 1
        rows = []
        for d in self.documents:
            path = str(d.get("path"))
            n = counts.get(path, 0)
            found = f'<a href="#issue={quote(path, safe="")}">{n}</a>' if n else '<span class="zero">0</span>'
            rows.append(
                f'<tr><td class="mono">{esc(path)}</td><td>{esc(d.get("date") or t["unknown_date"])}</td>'
                f"<td>{esc(self.date_source(d.get('date_source')))}</td><td>{esc(d.get('issue_number') or '—')}</td>"
                f'<td class="num">{found}</td>'
                f'<td class="num">{esc(d.get("figures", 0))}</td><td class="num">{esc(d.get("claims", 0))}</td>'
                f"<td>{esc(d.get('encoding') or '—')}</td></tr>"
            )
        return (
            f'<h3>{esc(t["issues_read"])}</h3><div class="table-wrap"><table id="issues"><thead><tr>'
            f"<th>{esc(t['issue'])}</th><th>{esc(t['date'])}</th><th>{esc(t['date_source'])}</th>"
            f'<th>{esc(t["issue_number"])}</th><th class="num">{esc(t["findings_col"])}</th>'
            f'<th class="num">{esc(t["figures"])}</th>'
            f'<th class="num">{esc(t["claims"])}</th><th>{esc(t["encoding"])}</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>"
        )

    def rules_table(self, summary: Mapping[str, Any], active: Sequence[Mapping[str, Any]]) -> str:
        t = self.t
        by_rule_raw = summary.get("by_rule")
        if isinstance(by_rule_raw, Mapping):
            by_rule = {str(k): int(v) for k, v in by_rule_raw.items()}
        else:
            by_rule = {}
            for f in active:
                by_rule[str(f.get("rule"))] = by_rule.get(str(f.get("rule")), 0) + 1
        checked = {rid for rid, rule in self.rules.items() if rule.get("enabled", True)}
        ids = sorted(set(by_rule) | checked, key=lambda rid: (-by_rule.get(rid, 0), rid))
        rows = []
        for rid in ids:
            n = by_rule.get(rid, 0)
            cls = "" if n else ' class="zero"'
            rows.append(
                f'<tr{cls}><td>{esc(self.rule_title(rid))} <code>{esc(rid)}</code></td><td class="num">{n}</td></tr>'
            )
        return (
            f'<h3>{esc(t["by_rule"])}</h3><div class="table-wrap"><table id="by-rule"><thead><tr>'
            f'<th>{esc(t["rule"])}</th><th class="num">{esc(t["count"])}</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div><p class="meta">{esc(t["checked_rules_note"])}</p>'
        )

    # -- findings --------------------------------------------------------------

    def active_findings(self) -> str:
        t = self.t
        active = [f for f in self.findings if not f.get("waived")]
        body = "".join(self.finding(f, waived=False) for f in active)
        if not active:
            body = f'<p class="empty">{esc(t["no_findings"])}</p>'
        return (
            f'<section id="findings-section"><h2>{esc(t["findings"])} ({len(active)})</h2>'
            f"{self.filters(active)}"
            f'<p id="no-match" hidden>{esc(t["no_match"])}</p>'
            f'<div id="findings">{body}</div></section>'
        )

    def filters(self, active: Sequence[Mapping[str, Any]]) -> str:
        t = self.t
        sev_options = [f'<option value="all">{esc(t["all"])}</option>'] + [
            f'<option value="{s}">{esc(self.sev(s))}</option>' for s in SEVERITY_ORDER
        ]
        rule_ids = sorted({str(f.get("rule")) for f in active})
        rule_options = [f'<option value="">{esc(t["all"])}</option>'] + [
            f'<option value="{esc(rid)}">{esc(self.rule_title(rid))} ({esc(rid)})</option>' for rid in rule_ids
        ]
        paths: list[str] = [str(d.get("path")) for d in self.documents]
        for f in active:
            for p in [f.get("path"), *(r.get("path") for r in f.get("related") or [] if isinstance(r, Mapping))]:
                if p is not None and str(p) not in paths:
                    paths.append(str(p))
        issue_options = [f'<option value="">{esc(t["all"])}</option>']
        for p in paths:
            date = self.dates.get(p)
            shown = f"{date} · {p}" if date else p
            issue_options.append(f'<option value="{esc(p)}">{esc(shown)}</option>')
        items = "" if t["items"] == "" else f" {esc(t['items'])}"
        return (
            f'<div class="filters" role="search" aria-label="{esc(t["filters"])}">'
            f'<label for="filter-severity">{esc(t["filter_severity"])}'
            f'<select id="filter-severity">{"".join(sev_options)}</select></label>'
            f'<label for="filter-rule">{esc(t["filter_rule"])}<select id="filter-rule">{"".join(rule_options)}'
            "</select></label>"
            f'<label for="filter-issue">{esc(t["filter_issue"])}<select id="filter-issue">{"".join(issue_options)}'
            "</select></label>"
            f'<label for="filter-text">{esc(t["filter_text"])}<input type="search" id="filter-text" '
            f'placeholder="{esc(t["filter_text_placeholder"])}" autocomplete="off"></label>'
            f'<span class="count">{esc(t["shown"])} <strong id="shown-count">{len(active)}</strong> '
            f"{esc(t['of'])} {len(active)}{items}</span></div>"
        )

    def place(self, path: object, line: object, date: object, excerpt: object, highlights: object, here: bool) -> str:
        marks = [str(h) for h in highlights] if isinstance(highlights, list | tuple) else []
        head = f"{esc(path)}:{esc(line)}"
        date_text = esc(date) if date else esc(self.t["unknown_date"])
        label = f"{esc(self.t['this_place'])} · " if here else ""
        return (
            f'<div class="place"><div class="place-head">{label}<span class="mono">{head}</span> · {date_text}</div>'
            f'<blockquote class="excerpt">{highlight(str(excerpt or ""), marks)}</blockquote></div>'
        )

    def finding(self, f: Mapping[str, Any], waived: bool) -> str:
        t = self.t
        severity = str(f.get("severity") or "info")
        rule_id = str(f.get("rule") or "")
        path = str(f.get("path") or "")
        related = [r for r in f.get("related") or [] if isinstance(r, Mapping)]
        paths = "\n".join(str(r.get("path") or "") for r in related)
        cls = "finding waived" if waived else "finding"
        badge = (
            f'<span class="badge waived">{esc(t["waived_count"])}</span> ' if waived else ""
        ) + f'<span class="badge {esc(severity)}">{esc(self.sev(severity))}</span>'
        description = self.rule_description(rule_id)
        date = f.get("date") or self.dates.get(path)
        places = [self.place(path, f.get("line"), date, f.get("excerpt"), f.get("highlights"), bool(related))]
        for r in related:
            places.append(
                self.place(r.get("path"), r.get("line"), r.get("date"), r.get("excerpt"), r.get("highlights"), False)
            )
        facts = []
        if f.get("stated") not in (None, ""):
            facts.append(f"<dt>{esc(t['stated'])}</dt><dd>{esc(f.get('stated'))}</dd>")
        if f.get("expected") not in (None, ""):
            facts.append(f"<dt>{esc(t['expected'])}</dt><dd>{esc(f.get('expected'))}</dd>")
        message = (self.lang == "zh" and f.get("message_zh")) or f.get("message")
        if message:
            facts.append(f'<dt>{esc(t["message"])}</dt><dd class="message">{esc(message)}</dd>')
        if waived:
            reason = f.get("waiver_reason") or t["no_reason"]
            facts.append(f'<dt>{esc(t["waiver_reason"])}</dt><dd class="waiver-reason">{esc(reason)}</dd>')
        waive = "" if waived else self.waiver_entry(f)
        anchor = f' id="f-{esc(f.get("id"))}"' if f.get("id") else ""
        return (
            f'<article class="{cls}"{anchor} data-severity="{esc(severity)}" data-rule="{esc(rule_id)}" '
            f'data-path="{esc(path)}" data-paths="{esc(paths)}">'
            f'<header>{badge}<h3 class="rule-title">{esc(self.rule_title(rule_id))}</h3>'
            f'<code class="rule-id">{esc(rule_id)}</code>'
            f'<span class="loc mono">{esc(path)}:{esc(f.get("line"))}</span></header>'
            + (f'<p class="rule-desc">{esc(description)}</p>' if description else "")
            + f'<div class="places">{"".join(places)}</div>'
            + (f'<dl class="facts">{"".join(facts)}</dl>' if facts else "")
            + waive
            + "</article>"
        )

    def waiver_entry(self, f: Mapping[str, Any]) -> str:
        """A ready-to-copy waivers.yml entry: its ``contains`` is a text the excerpt really holds."""
        excerpt = str(f.get("excerpt") or "")
        candidates = [str(f.get("stated") or ""), *(str(h) for h in f.get("highlights") or [])]
        contains = next((c for c in candidates if c and c in excerpt), excerpt.strip()[:30])
        entry = (
            f"- path: {json.dumps(PurePath(str(f.get('path') or '')).name, ensure_ascii=False)}\n"
            f"  rule: {f.get('rule')}\n"
            f"  contains: {json.dumps(contains, ensure_ascii=False)}\n"
            '  reason: ""\n'
        )
        return (
            f'<details class="waive"><summary>{esc(self.t["waive_this"])}</summary>'
            f'<p class="meta">{esc(self.t["waive_note"])}</p><pre>{esc(entry)}</pre></details>'
        )

    def waived_findings(self) -> str:
        waived = [f for f in self.findings if f.get("waived")]
        if not waived:
            return ""
        t = self.t
        body = "".join(self.finding(f, waived=True) for f in waived)
        return (
            f'<section id="waived"><h2>{esc(t["waived"])} ({len(waived)})</h2>'
            f'<p class="meta">{esc(t["waived_note"])}</p>{body}</section>'
        )

    # -- contacts --------------------------------------------------------------

    def contacts(self) -> str:
        t = self.t
        entries = [c for c in self.report.get("contacts") or [] if isinstance(c, Mapping)]
        if not entries:
            return ""
        current = {str(d.get("path")) for d in self.documents}
        flagged = {str(c.get("path")) for c in entries if c.get("mismatch")}
        wanted = current | flagged
        issue_dates: dict[str, str] = {}
        for c in entries:
            p = str(c.get("path"))
            if c.get("issue_date") and p not in issue_dates:
                issue_dates[p] = str(c.get("issue_date"))
        for p, d in self.dates.items():
            if d and p not in issue_dates:
                issue_dates[p] = str(d)
        all_issues = {str(c.get("path")) for c in entries}
        omitted = len(all_issues - wanted)
        order = sorted(all_issues & wanted, key=lambda p: (issue_dates.get(p) or "\uffff", p))
        position = {p: i for i, p in enumerate(order)}
        groups: dict[tuple[int, str, str, str], dict[str, list[Mapping[str, Any]]]] = {}
        for c in entries:
            p = str(c.get("path"))
            if p not in position:
                continue
            kind = str(c.get("kind") or "")
            if kind == "person":
                key = (KIND_ORDER[kind], kind, str(c.get("role") or ""), str(c.get("person") or ""))
            elif kind in ("mailbox", "address"):
                key = (KIND_ORDER[kind], kind, str(c.get("label") or ""), "")
            else:
                key = (KIND_ORDER.get(kind, 9), kind, str(c.get("role") or c.get("label") or ""), "")
            groups.setdefault(key, {}).setdefault(p, []).append(c)
        rows = []
        for key in sorted(groups):
            _, kind, first, second = key
            runs = self.value_runs(sorted(groups[key].items(), key=lambda item: position[item[0]]), issue_dates)
            item = f"{first} {second}".strip()
            row_cls = ' class="has-mismatch"' if any("mismatch" in r for r in runs) else ""
            rows.append(
                f"<tr{row_cls}><td>{esc(t.get(f'kind_{kind}', kind))}</td>"
                f'<th scope="row">{esc(item)}</th><td><ul class="runs">{"".join(runs)}</ul></td></tr>'
            )
        note = f'<p class="meta">{esc(t["contacts_omitted"].format(count=omitted))}</p>' if omitted else ""
        return (
            f'<section id="contacts"><h2>{esc(t["contacts"])}</h2><p class="meta">{esc(t["contacts_note"])}</p>'
            f'<div class="table-wrap"><table class="contacts"><thead><tr><th>{esc(t["kind"])}</th>'
            f"<th>{esc(t['item'])}</th><th>{esc(t['contacts_values'])}</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>{note}</section>"
        )

    def value_runs(self, issues: Sequence[tuple[str, list[Mapping[str, Any]]]], dates: Mapping[str, str]) -> list[str]:
        """Consecutive issues that printed the same value, as one list item each (first … last, count)."""
        t = self.t
        runs: list[tuple[str, bool, list[str], list[str]]] = []  # value, mismatch, paths, places
        for path, items in issues:
            value = " / ".join(dict.fromkeys(str(c.get("printed") or c.get("value") or t["no_number"]) for c in items))
            mismatch = any(bool(c.get("mismatch")) for c in items)
            lines = ", ".join(str(c.get("line")) for c in items if c.get("line") is not None)
            place = f"{path}:{lines}" if lines else path
            if runs and runs[-1][0] == value and runs[-1][1] == mismatch:
                runs[-1][2].append(path)
                runs[-1][3].append(place)
            else:
                runs.append((value, mismatch, [path], [place]))

        def issue(p: str) -> str:
            return f"{dates.get(p) or t['unknown_date']} {PurePath(p).name}"

        out = []
        for value, mismatch, paths, places in runs:
            span = issue(paths[0]) if len(paths) == 1 else f"{issue(paths[0])} … {issue(paths[-1])}"
            count = t["issues_span_one"] if len(paths) == 1 else t["issues_span"].format(count=len(paths))
            marker = (
                f'<span class="marker" title="{esc(t["mismatch"])}" aria-label="{esc(t["mismatch"])}">≠</span>'
                if mismatch
                else ""
            )
            cls = ' class="mismatch"' if mismatch else ""
            title = esc("\n".join(places[:20]) + ("\n…" if len(places) > 20 else ""))
            out.append(
                f'<li{cls} title="{title}">{marker}<span class="value">{esc(value)}</span> '
                f'<span class="span">{esc(span)} · {esc(count)}</span></li>'
            )
        return out

    # -- appendix --------------------------------------------------------------

    def appendix(self) -> str:
        t = self.t
        if not self.documents:
            return ""
        blocks = []
        for d in self.documents:
            figures = [g for g in d.get("figure_list") or [] if isinstance(g, Mapping)]
            count = int(d.get("figures", len(figures)) or len(figures))
            name = PurePath(str(d.get("path") or "")).name
            date = d.get("date") or t["unknown_date"]
            summary = (
                f'<summary>{esc(date)} · <span class="mono">{esc(d.get("path"))}</span> · '
                f"{esc(t['figures_in'].format(count=count))}</summary>"
            )
            if figures:
                rows = "".join(self.figure_row(g) for g in figures)
                table = (
                    f'<div class="table-wrap"><table><thead><tr><th>{esc(t["text"])}</th><th>{esc(t["value"])}</th>'
                    f"<th>{esc(t['interval'])}</th><th>{esc(t['unit'])}</th><th>{esc(t['figure_kind'])}</th>"
                    f'<th>{esc(t["label"])}</th><th class="num">{esc(t["line"])}</th></tr></thead>'
                    f"<tbody>{rows}</tbody></table></div>"
                )
            else:
                table = f"<p>{esc(t['no_figures'])}</p>"
            blocks.append(f'<details class="figures" data-issue="{esc(name)}">{summary}{table}</details>')
        return (
            f'<section id="appendix"><h2>{esc(t["appendix"])}</h2><p class="meta">{esc(t["appendix_note"])}</p>'
            f'{"".join(blocks)}<p class="top"><a href="#top">{esc(t["back_to_top"])}</a></p></section>'
        )

    def figure_row(self, g: Mapping[str, Any]) -> str:
        low, high = g.get("low"), g.get("high")
        if low is None and high is None:
            interval = "—"
        else:
            interval = f"[{'−∞' if low is None else low}, {'∞' if high is None else high})"
        approx = f' <span class="zero">({esc(self.t["approximate"])})</span>' if g.get("approximate") else ""
        qualifier = f' <span class="zero">{esc(g.get("qualifier"))}</span>' if g.get("qualifier") else ""
        return (
            f'<tr><td>{esc(g.get("text"))}</td><td class="mono">{esc(g.get("value"))}{approx}{qualifier}</td>'
            f'<td class="mono">{esc(interval)}</td><td>{esc(g.get("unit") or "")}</td><td>{esc(g.get("kind"))}</td>'
            f'<td>{esc(g.get("label") or "")}</td><td class="num">{esc(g.get("line"))}</td></tr>'
        )
