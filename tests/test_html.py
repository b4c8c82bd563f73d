"""The HTML report without a browser: escaping, highlighting, sections and labels, read off the markup."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from checks.report.html import esc, highlight, render_html
from checks.report.labels import EN, ZH
from tests.conftest import SCHEMA

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "report_sample.json"


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def page(report: dict[str, Any]) -> str:
    return render_html(report)


def test_fixture_matches_the_report_schema(report: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(report)


def test_planted_markup_is_escaped(page: str) -> None:
    assert "<script>alert(1)</script>" not in page
    assert "<script>window.__xss=1</script>" not in page
    assert '"><img src=x onerror=alert(1)>' not in page
    assert "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;b&gt;请核实&lt;/b&gt;" in page
    assert page.count("<script>") == 1  # only the page's own filter script


def test_highlights_are_marked(page: str) -> None:
    assert "<mark>10.23%</mark>" in page
    assert "<mark>0311-87654312</mark>" in page  # this issue
    assert "<mark>0311-87654321</mark>" in page  # the related issue, shown beside it
    assert "<mark>2506万元</mark>" in page  # in the excerpt that also carries the planted markup


def test_highlight_escapes_pieces_before_marking() -> None:
    assert highlight('a<b>"x"&1', ["<b>", "&1"]) == "a<mark>&lt;b&gt;</mark>&quot;x&quot;<mark>&amp;1</mark>"
    assert highlight("amp & lt", ["amp", "lt"]) == "<mark>amp</mark> &amp; <mark>lt</mark>"
    assert highlight("共2506万元", ["2506万元", "2506"]) == "共<mark>2506万元</mark>"
    assert highlight("", ["x"]) == ""
    assert highlight("plain", []) == "plain"
    assert esc(None) == ""


def test_one_row_per_active_finding(report: dict[str, Any], page: str) -> None:
    active = [f for f in report["findings"] if not f["waived"]]
    assert page.count('class="finding"') == len(active)
    for finding in active:
        assert f'data-rule="{finding["rule"]}"' in page
        assert f'data-severity="{finding["severity"]}"' in page
    assert f'<strong id="shown-count">{len(active)}</strong>' in page


def test_waived_findings_are_listed_apart_with_their_reason(report: dict[str, Any], page: str) -> None:
    waived = [f for f in report["findings"] if f["waived"]]
    assert page.count('class="finding waived"') == len(waived)
    section = page[page.index('<section id="waived">') :]
    section = section[: section.index("</section>")]
    for finding in waived:
        assert esc(finding["waiver_reason"]) in section
    assert 'class="finding"' not in section


def test_cross_issue_finding_shows_both_places(page: str) -> None:
    article = re.search(r'<article class="finding"[^>]*data-rule="contact_mismatch".*?</article>', page, re.S)
    assert article is not None
    text = article.group(0)
    assert text.count('class="place"') == 2
    assert "issues/hbfzb-2024-03-06.txt:4" in text
    assert "issues/hbfzb-2024-03-05.txt:4" in text
    assert "2024-03-05" in text and "2024-03-06" in text


def test_summary_errors_and_stale_waivers_are_shown(report: dict[str, Any], page: str) -> None:
    assert 'id="run-errors"' in page
    assert esc(report["errors"][0]) in page
    assert 'id="stale-waivers"' in page and "核载7人" in page
    for document in report["documents"]:
        assert document["path"] in page
        assert document["date"] in page
    assert ZH["ds_masthead"] in page and ZH["ds_metadata"] in page
    assert "3.21" in page and "1.87" in page
    for name in report["rule_suite"]:
        assert name in page
    assert report["generated_at"] in page


def test_filters_are_present(page: str) -> None:
    sev = re.search(r'<select id="filter-severity">(.*?)</select>', page, re.S)
    assert sev is not None
    assert re.findall(r'value="([^"]*)"', sev.group(1)) == ["all", "error", "warning", "info"]
    assert 'id="filter-rule"' in page and 'id="filter-issue"' in page and 'id="filter-text"' in page
    assert '<html lang="zh-CN" class="no-js">' in page


def test_english_labels_differ(report: dict[str, Any], page: str) -> None:
    english = render_html(report, lang="en")
    assert '<html lang="en"' in english
    assert EN["title"] in english and ZH["title"] not in english
    assert ZH["title"] in page and EN["title"] not in page
    assert "Percent change disagrees with its figures" in english
    assert "增减幅度与数值不符" in page
    assert set(EN) == set(ZH)


def test_message_in_the_reader_language(report: dict[str, Any]) -> None:
    report = copy.deepcopy(report)
    finding = report["findings"][0]
    finding["message"], finding["message_zh"] = "in English <b>", "中文说明 <b>"
    assert "中文说明 &lt;b&gt;" in render_html(report, lang="zh") and "in English" not in render_html(report, lang="zh")
    assert "in English &lt;b&gt;" in render_html(report, lang="en") and "中文说明" not in render_html(report, lang="en")
    finding["message_zh"] = ""
    assert "in English &lt;b&gt;" in render_html(report, lang="zh")  # no Chinese message: the English one


def test_nothing_is_loaded_from_the_network(report: dict[str, Any], page: str) -> None:
    for output in (page, render_html(report, lang="en")):
        assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", output, re.I)
        assert "http://" not in output and "https://" not in output
        assert "@import" not in output and "url(" not in output


def test_contact_mismatch_values_are_marked_and_runs_are_in_date_order(page: str) -> None:
    marked = re.findall(r'<li class="mismatch"[^>]*>(.*?)</li>', page)
    assert len(marked) == 2
    assert all("≠" in item for item in marked)
    assert any("0311-87654312" in item for item in marked)
    table = re.search(r'<table class="contacts">.*?</table>', page, re.S)
    assert table is not None
    assert '<th scope="col">' not in table.group(0)  # no column per issue: the table stays narrow
    for row in re.findall(r"<tr[^>]*>.*?</tr>", table.group(0), re.S):
        dates = re.findall(r'<span class="span">(\d{4}-\d{2}-\d{2})', row)
        assert dates == sorted(dates)


def test_five_hundred_issues_make_one_row_per_person_and_role() -> None:
    contacts = [
        {
            "kind": "person",
            "role": "编辑部主任",
            "person": "安世乔",
            "value": "13932149635" if n != 250 else "13932149653",
            "printed": "13932149635" if n != 250 else "13932149653",
            "path": f"issues/{n:03d}.txt",
            "line": 70,
            "issue_date": f"{2000 + n // 365}-{n % 12 + 1:02d}-01",
            "mismatch": n == 250,
        }
        for n in range(500)
    ]
    documents = [{"path": f"issues/{n:03d}.txt", "date": contacts[n]["issue_date"]} for n in range(500)]
    out = render_html({"documents": documents, "findings": [], "summary": {}, "contacts": contacts})
    table = re.search(r'<table class="contacts">.*?</table>', out, re.S)
    assert table is not None
    assert table.group(0).count('<th scope="row">') == 1
    runs = re.findall(r"<li[^>]*>", table.group(0))
    assert 3 <= len(runs) <= 501 and len(re.findall(r'<li class="mismatch"', table.group(0))) == 1


def test_each_card_offers_a_waiver_that_matches_it(report: dict[str, Any], page: str) -> None:
    import html as html_module

    import yaml

    from checks.config import Waiver
    from checks.findings import Finding

    entries = [html_module.unescape(e) for e in re.findall(r'<details class="waive">.*?<pre>(.*?)</pre>', page, re.S)]
    active = [f for f in report["findings"] if not f["waived"]]
    assert len(entries) == len(active)
    for entry, record in zip(entries, active, strict=True):
        (fields,) = yaml.safe_load(entry)
        assert fields["reason"] == ""  # the fact-checker writes the reason
        waiver = Waiver(source="x", **{**fields, "reason": "checked"})
        finding = Finding(
            **{k: record[k] for k in ("rule", "severity", "path", "line", "start", "end", "excerpt")},
            message=record["message"],
        )
        assert waiver.matches(finding), entry


def test_issue_table_links_finding_counts_to_the_filtered_cards(report: dict[str, Any], page: str) -> None:
    links = re.findall(r'<a href="#issue=([^"]+)">(\d+)</a>', page)
    assert links
    from urllib.parse import unquote

    for target, count in links:
        path = unquote(target)
        assert int(count) == sum(1 for f in report["findings"] if f["path"] == path and not f["waived"])


def test_appendix_lists_figures_collapsed(report: dict[str, Any], page: str) -> None:
    assert page.count('<details class="figures"') == len(report["documents"])
    assert "<details open" not in page
    assert "[10.225, 10.235)" in page


def test_output_is_deterministic(report: dict[str, Any], page: str) -> None:
    assert render_html(copy.deepcopy(report)) == page


def test_minimal_report_renders() -> None:
    minimal: dict[str, Any] = {"tool": "checkfacts", "version": "0", "documents": [], "findings": [], "summary": {}}
    out = render_html(minimal, lang="en")
    assert EN["no_findings"] in out
    assert 'class="finding"' not in out
    bare = render_html(
        {"findings": [{"rule": "x", "severity": "error", "path": "p", "line": 1, "excerpt": "e", "message": "m"}]}
    )
    assert bare.count('class="finding"') == 1
