"""The HTML report in a real browser (Debian's chromium): filters, planted scripts, JS off, a screenshot.

Never downloads a browser: without a system chromium these tests skip, unless
CHECKFACTS_REQUIRE_BROWSER=1 says the browser must be there (then they fail).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Dialog, Page, sync_playwright

from checks.report.html import render_html

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "report_sample.json"
SCREENSHOT = ROOT / "reports" / "report-screenshot.png"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CHECKFACTS_REQUIRE_BROWSER") == "1":
        pytest.fail("no chromium on PATH and CHECKFACTS_REQUIRE_BROWSER=1")
    pytest.skip("no chromium on PATH (install Debian's chromium; never a downloaded one)")


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def page_url(report: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(render_html(report), encoding="utf-8")
    return path.as_uri()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = _chromium()
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=executable, headless=True, args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


def _open(browser: Browser, url: str) -> tuple[BrowserContext, Page, list[str]]:
    """A page at ``url`` and the messages of every dialog it opens (a planted script would)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    opened.on("dialog", on_dialog)
    opened.goto(url)
    return context, opened, dialogs


@pytest.fixture()
def page(browser: Browser, page_url: str) -> Iterator[Page]:
    context, opened, dialogs = _open(browser, page_url)
    opened.wait_for_load_state("load")
    yield opened
    assert dialogs == [], f"a planted script opened a dialog: {dialogs}"
    context.close()


def _active(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in report["findings"] if not f["waived"]]


def _visible(page: Page, selector: str) -> int:
    return sum(1 for handle in page.locator(selector).all() if handle.is_visible())


def test_all_active_findings_visible(page: Page, report: dict[str, Any]) -> None:
    assert _visible(page, ".finding:not(.waived)") == len(_active(report))
    assert page.locator("#shown-count").inner_text() == str(len(_active(report)))
    assert page.locator("#filter-severity").is_visible()


def test_severity_filter_hides_and_restores(page: Page, report: dict[str, Any]) -> None:
    active = _active(report)
    errors = sum(1 for f in active if f["severity"] == "error")
    page.select_option("#filter-severity", "error")
    for row in page.locator("#findings .finding").all():
        if row.get_attribute("data-severity") == "error":
            assert row.is_visible()
        else:
            assert row.is_hidden()
    assert page.locator("#shown-count").inner_text() == str(errors)
    page.select_option("#filter-severity", "all")
    assert _visible(page, "#findings .finding") == len(active)
    assert page.locator("#shown-count").inner_text() == str(len(active))


def test_rule_and_issue_filters(page: Page, report: dict[str, Any]) -> None:
    page.select_option("#filter-rule", "contact_mismatch")
    assert _visible(page, "#findings .finding") == 1
    page.select_option("#filter-rule", "")
    path = "issues/hbfzb-2024-03-05.txt"
    involved = [f for f in _active(report) if f["path"] == path or any(r["path"] == path for r in f["related"])]
    page.select_option("#filter-issue", path)
    assert _visible(page, "#findings .finding") == len(involved)


def test_text_search_filters(page: Page) -> None:
    page.fill("#filter-text", "李华")
    visible = [row for row in page.locator("#findings .finding").all() if row.is_visible()]
    assert [row.get_attribute("data-rule") for row in visible] == ["contact_mismatch"]
    page.fill("#filter-text", "no such text anywhere")
    assert _visible(page, "#findings .finding") == 0
    assert page.locator("#no-match").is_visible()
    page.fill("#filter-text", "")
    assert _visible(page, "#findings .finding") == page.locator("#findings .finding").count()


def test_planted_scripts_do_not_run(page: Page) -> None:
    assert page.evaluate("() => window.__xss === undefined")
    assert page.locator("img").count() == 0
    body = page.locator("body").inner_text()
    assert "<script>alert(1)</script>" in body
    assert "<script>window.__xss=1</script>" in body
    assert '"><img src=x onerror=alert(1)>' in body


def test_full_page_screenshot(page: Page) -> None:
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 10_000


def test_without_javascript_every_finding_is_visible(browser: Browser, page_url: str, report: dict[str, Any]) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(page_url)
        assert _visible(page, ".finding:not(.waived)") == len(_active(report))
        assert _visible(page, ".finding.waived") == len(report["findings"]) - len(_active(report))
        assert page.locator("#filter-severity").is_hidden()
    finally:
        context.close()


PLANTED_ISSUE = (
    '# 测试标题"><img src=x onerror=alert(2)>\n\n'
    "河北法制报讯 全市<script>window.__xss=2</script>共破获案件500起,同比上升13.3%。\n"
)


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    """The real CLI over the seeds plus one issue with planted markup: index.html and report.json."""
    from typer.testing import CliRunner

    from checks.cli import app

    issues = tmp_path_factory.mktemp("seeds") / "issues"
    issues.mkdir()
    for seed in (ROOT / "seeds").glob("*.txt"):
        (issues / seed.name).write_bytes(seed.read_bytes())
    (issues / "999_planted.txt").write_text(PLANTED_ISSUE, encoding="utf-8")
    out = issues.parent / "reports"
    result = CliRunner().invoke(
        app, ["run", str(issues), "--out", str(out), "--no-store", "--quiet", "--rules", str(ROOT / "expectations")]
    )
    assert result.exit_code == 1, result.output  # the seeds have findings
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return (out / "index.html").as_uri(), report


def test_seeds_report_lists_every_finding_of_report_json(
    browser: Browser, seeds_run: tuple[str, dict[str, Any]]
) -> None:
    url, report = seeds_run
    context, page, dialogs = _open(browser, url)
    try:
        active = _active(report)
        assert len(active) >= 5
        assert _visible(page, ".finding:not(.waived)") == len(active)
        assert any(f["rule"] == "pct_change_impossible" and f["path"].endswith("999_planted.txt") for f in active)
        page.select_option("#filter-severity", "warning")
        warnings = sum(1 for f in active if f["severity"] == "warning")
        assert _visible(page, "#findings .finding") == warnings
        page.select_option("#filter-severity", "all")
        assert page.evaluate("() => window.__xss === undefined") and dialogs == []
        assert "<script>window.__xss=2</script>" in page.locator("body").inner_text()
        page.screenshot(path=str(SCREENSHOT.with_name("seeds-report.png")), full_page=True)
    finally:
        context.close()


def test_filters_live_in_the_url_hash(browser: Browser, page_url: str, report: dict[str, Any]) -> None:
    errors = sum(1 for f in _active(report) if f["severity"] == "error")
    context, page, _ = _open(browser, page_url + "#sev=error")
    try:
        assert page.locator("#filter-severity").input_value() == "error"
        assert _visible(page, "#findings .finding") == errors
        page.select_option("#filter-rule", "contact_mismatch")
        assert page.evaluate("() => location.hash") == "#sev=error&rule=contact_mismatch"
        page.select_option("#filter-rule", "")
        page.select_option("#filter-severity", "all")
        assert page.evaluate("() => location.hash") == ""
    finally:
        context.close()


def test_issue_table_count_links_to_that_issue_cards(page: Page, report: dict[str, Any]) -> None:
    link = page.locator("#issues a").first
    target = link.get_attribute("href") or ""
    count = int(link.inner_text())
    link.click()
    page.wait_for_function(f"() => location.hash === {json.dumps(target)}")
    assert page.locator("#filter-issue").input_value() != ""
    mine = page.locator("#filter-issue").input_value()
    assert count == sum(1 for f in _active(report) if f["path"] == mine)
    assert _visible(page, "#findings .finding") >= count


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_phone_width_page_neither_scrolls_sideways_nor_hides_under_the_filters(
    browser: Browser, report: dict[str, Any], tmp_path: Path, lang: str
) -> None:
    path = tmp_path / f"report-{lang}.html"
    path.write_text(render_html(report, lang=lang), encoding="utf-8")
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    try:
        page = context.new_page()
        page.goto(path.as_uri())
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{lang}: the page is {overflow}px wider than a 390px screen"
        page.locator("#contacts").scroll_into_view_if_needed()
        bar = page.locator(".filters").bounding_box()
        assert bar is not None
        covering = max(0.0, min(bar["y"] + bar["height"], 844) - max(bar["y"], 0))
        assert covering / 844 < 0.1, f"{lang}: the filter bar covers {covering / 844:.0%} of the screen"
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT.with_name(f"report-390px-{lang}.png")), full_page=True)
    finally:
        context.close()
