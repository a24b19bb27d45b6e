"""Issue 14, item 5, in a real browser: the Content-Security-Policy lets the page's own nonced script run, blocks
code injected without the nonce, and the browser tests' watcher (PageProblems) reports each violation, so that
any browser test fails on one. The API docs (Swagger UI), which no other browser test opens, run under it."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import TIMEOUT_MS, PageProblems

pytestmark = [pytest.mark.e2e, pytest.mark.system]

INJECT_SCRIPT = """() => {
  const script = document.createElement("script");
  script.textContent = "document.title = 'Script injecté';";
  document.body.append(script);
}"""
INJECT_STYLE = """() => document.body.insertAdjacentHTML("beforeend", '<p style="color: red">Texte injecté</p>')"""


def is_csp_violation(directive):
    return lambda message: message.text.startswith("CSP violation: ") and directive in message.text


@pytest.mark.urls("tests.security.csp_urls")
def test_inline_code_without_the_nonce_is_blocked_and_reported(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    problems = PageProblems(page)
    try:
        page.goto("/test-csp/script/")
        expect(page).to_have_title("Script autorisé")  # the page's own script, with this request's nonce, ran
        assert problems.errors == []

        with page.expect_console_message(is_csp_violation("script-src")):
            page.evaluate(INJECT_SCRIPT)
        with page.expect_console_message(is_csp_violation("style-src")):
            page.evaluate(INJECT_STYLE)
        expect(page).to_have_title("Script autorisé")  # the injected script did not run
        expect(page.get_by_text("Texte injecté")).not_to_have_css("color", "rgb(255, 0, 0)")
    finally:
        context.close()
    reported = "\n".join(problems.errors)
    assert "CSP violation: script-src-elem blocked inline" in reported
    assert "CSP violation: style-src-attr blocked inline" in reported


def test_the_api_docs_run_under_the_policy(page, db):
    page.goto("/api/v1/docs")
    expect(page.get_by_role("heading", name="API Conum")).to_be_visible()
    expect(page.locator(".opblock").first).to_be_visible()  # the operations, read from the OpenAPI schema
    # Any violation on the way fails the test at teardown (PageProblems).
