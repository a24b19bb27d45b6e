"""Browser tests: Playwright's sync API driving Debian's chromium against pytest-django's live server.

One browser for the whole session; each test gets fresh contexts (cookies, storage) and pages.
Screenshots and axe reports land in test-results/e2e/<test name>/ at the repository root.
"""

import json
import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from conum.accounts.models import User
from tests.factories import PASSWORD
from tests.helpers import totp_code, totp_device

REPO_ROOT = Path(__file__).resolve().parents[2]
RESULTS_DIR = REPO_ROOT / "test-results" / "e2e"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # The browser's own language: time inputs then show 24-hour times, as a French browser does.
    "--lang=fr-FR",
]
# Wide enough for the DSFR's desktop header: the main navigation is shown, not folded in the mobile menu.
VIEWPORT = {"width": 1280, "height": 900}
# Everything is local; generous for a loaded CI machine.
TIMEOUT_MS = 15_000
BLOCKING_IMPACTS = ("serious", "critical")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so fixtures know at teardown whether the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


def pytest_collection_modifyitems(config, items):
    """Without Debian's chromium the browser tests are skipped on a developer's machine; CI installs it."""
    if Path(CHROMIUM).exists() or os.environ.get("CI"):
        return
    skip = pytest.mark.skipif(True, reason=f"{CHROMIUM} is missing: apt-get install chromium")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="package")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def output_dir(request):
    """test-results/e2e/<test name>/, created empty of stale files from a previous run."""
    name = re.sub(r"[^\w.-]+", "-", request.node.name).strip("-")
    path = RESULTS_DIR / name
    path.mkdir(parents=True, exist_ok=True)
    for stale in path.glob("*"):
        if stale.is_file():
            stale.unlink()
    return path


# Each Content-Security-Policy violation, as the page's `securitypolicyviolation` event describes it, written to
# the console where PageProblems reads it. Playwright runs init scripts whatever the page's policy.
CSP_VIOLATION_REPORTER = """
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile || "the page"}:${event.lineNumber}`;
  console.error(`CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI || "?"} at ${where}`
    + ` on ${event.documentURI}` + (event.sample ? ` (${event.sample})` : ""));
}, true);
"""


class PageProblems:
    """What went wrong in the browser while the test ran: JavaScript errors, missing static files and
    Content-Security-Policy violations (reported by the page's event, and by chromium's "Refused to …" message,
    which also comes without JavaScript)."""

    def __init__(self, page):
        self.errors = []
        page.add_init_script(CSP_VIOLATION_REPORTER)
        page.on("pageerror", lambda error: self.errors.append(f"JavaScript error: {error}"))
        page.on("console", self._console)
        page.on("response", self._response)

    def _console(self, message):
        text = message.text
        if text.startswith("CSP violation: "):
            self.errors.append(text)
        elif "Content Security Policy" in text:
            self.errors.append(f"CSP violation (chromium): {text}")
        elif message.type == "error" and "Failed to load resource" not in text:
            self.errors.append(f"console.error: {text}")

    def _response(self, response):
        if "/static/" in response.url and response.status >= 400:
            self.errors.append(f"{response.status} on {response.url}")


@pytest.fixture
def new_page(browser, live_server, request, output_dir):
    """Factory: a page in a fresh context on the live server; `new_page(java_script_enabled=False)` for no JS.

    Relative URLs resolve against the live server. At teardown, a failed test leaves a screenshot of each
    page (failure-<n>.png), and a passed test fails if the browser saw JavaScript errors, missing files or
    Content-Security-Policy violations.
    """
    opened = []

    def make(**context_options):
        options = {"base_url": live_server.url, "locale": "fr-FR", "viewport": VIEWPORT, **context_options}
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        opened.append((context, page, PageProblems(page)))
        return page

    yield make

    reports = [getattr(request.node, f"report_{when}", None) for when in ("setup", "call")]
    failed = any(report is not None and report.failed for report in reports)
    problems = []
    for number, (context, page, watcher) in enumerate(opened, start=1):
        if failed and not page.is_closed():
            page.screenshot(path=output_dir / f"failure-{number}.png", full_page=True, caret="initial")
        context.close()  # after the browser's last messages, which closing lets through
        problems.extend(watcher.errors)
    if not failed and problems:
        pytest.fail("The browser reported problems:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def page(new_page):
    """A JavaScript-enabled page on the live server."""
    return new_page()


@pytest.fixture
def screenshot(output_dir):
    """screenshot(page, "home") saves a full-page test-results/e2e/<test name>/home.png."""

    def take(page, name):
        path = output_dir / f"{name}.png"
        # caret="initial": to hide the caret Playwright sets an inline style on every input, which the DSFR's
        # script may copy into the header's mobile menu as markup, a violation of the page's CSP.
        page.screenshot(path=path, full_page=True, caret="initial")
        return path

    return take


@pytest.fixture(scope="session")
def axe():
    return Axe()


def format_violations(violations, max_nodes=3):
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"][:max_nodes]:
            lines.append(f"    target: {', '.join(str(t) for t in node['target'])}")
            lines.append(f"      html: {node['html'][:200]}")
            if node.get("failureSummary"):
                summary = "; ".join(line.strip() for line in node["failureSummary"].splitlines()[1:])
                lines.append(f"      fix: {summary[:300]}")
        if len(violation["nodes"]) > max_nodes:
            lines.append(f"    … and {len(violation['nodes']) - max_nodes} more")
    return "\n".join(lines)


@pytest.fixture
def check_accessibility(axe, output_dir):
    """check_accessibility(page, "home"): runs axe, saves its violations to home.axe.json, and fails on any
    serious or critical one, listing each violation's id, impact, help and first targets."""

    def check(page, name):
        violations = axe.run(page).response["violations"]
        (output_dir / f"{name}.axe.json").write_text(json.dumps(violations, indent=2, ensure_ascii=False))
        blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
        if blocking:
            pytest.fail(
                f"{len(blocking)} serious or critical accessibility violation(s) on {name} ({page.url}):\n"
                + format_violations(blocking),
                pytrace=False,
            )
        return violations

    return check


@pytest.fixture
def log_in():
    """log_in(page, email) goes through the real login form with the test password; an account whose role
    requires a second factor gets the test TOTP device (tests.helpers.totp_device) and passes the code step
    with the code its authenticator app would show."""

    def submit(page, email, password=PASSWORD):
        user = User.objects.filter(email=email).first()
        device = totp_device(user) if user is not None and user.requires_second_factor else None
        page.goto("/compte/connexion/")
        page.locator("#id_username").fill(email)
        page.locator("#id_password").fill(password)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_load_state()
        if device is not None and "/compte/double-authentification/" in page.url:
            page.locator("#id_code").fill(totp_code(device))
            page.get_by_role("button", name="Valider").click()
            page.wait_for_load_state()

    return submit
