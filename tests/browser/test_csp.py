"""The Content-Security-Policy in Chromium: the ask page, the document view, Swagger UI (/docs) and ReDoc work with
nothing blocked (FAKE-encoder index: the pages' own behaviour, not answers)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_pages import ask, find_all, wait

pytestmark = pytest.mark.browser

REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


@pytest.fixture
def watched(driver: Any) -> Any:
    """The browser, recording every CSP violation of the pages it opens in window.__cspViolations."""
    script = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_VIOLATIONS})
    yield driver
    driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]})


def violations(driver: Any) -> list[str]:
    return list(driver.execute_script("return window.__cspViolations || []"))


def test_the_ask_page_and_document_view_work_under_the_policy(watched: Any, fake_server: str) -> None:
    ask(watched, fake_server, "标识")
    wait(watched, ".passages .passage")
    assert violations(watched) == []
    find_all(watched, ".passage .citation-chip")[0].click()
    wait(watched, ".para.is-target")
    assert violations(watched) == []


@pytest.mark.parametrize(("path", "ready"), [("/docs", ".opblock-tag"), ("/redoc", ".menu-content")])
def test_the_api_docs_work_under_the_policy(watched: Any, fake_server: str, path: str, ready: str) -> None:
    watched.get(fake_server + path)
    wait(watched, ready)
    # ReDoc's footer logo comes from its CDN: keeping pages off other servers is what the policy is for
    assert [v for v in violations(watched) if v != f"img-src {REDOC_LOGO}"] == []
