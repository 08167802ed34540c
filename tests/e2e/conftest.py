"""Headless Chromium for the browser tests: Debian's `chromium` package driven by Playwright (no
browser download is possible here; the Makefile's `system-packages` installs it). Missing
Chromium skips a test, except with CI=true, where it fails."""

import os
import threading
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}


def needs(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: a test that cannot reach what it needs fails)")
    pytest.skip(reason)


@pytest.fixture
def browser():
    needs(CHROMIUM.exists(), f"{CHROMIUM} is missing: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        yield browser
        browser.close()


def serious_violations(page) -> list:
    """axe-core's serious and critical violations on the page."""
    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def log_in(page, base_url: str, username: str, password: str = "demo-password") -> None:
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")


class Steps:
    """Counts what a person does: each click, tap or field filled is one interaction."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, selector):
        self.count += 1
        self.page.click(selector)

    def fill(self, selector, value):
        self.count += 1
        self.page.fill(selector, value)

    def select(self, selector, value):
        self.count += 1
        self.page.select_option(selector, value)


# Runs in every page before its own scripts (through the browser's debugging protocol, which
# the policy does not govern): every violation the page raises is kept for the test to read.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile}:${event.lineNumber}:${event.columnNumber} ${event.sample}`
  );
});
"""
POLICY_WORDS = ("Content Security Policy", "Content-Security-Policy", "Permissions-Policy")


class Complaints:
    """The console's messages about either policy, and uncaught errors (a script the policy
    stopped half-way), per page."""

    def __init__(self, page):
        self.messages: list[str] = []
        page.on("console", self.console)
        page.on("pageerror", lambda error: self.messages.append(f"error: {error}"))

    def console(self, message):
        if any(word in message.text for word in POLICY_WORDS):
            self.messages.append(f"{message.type}: {message.text}")

    def take(self, page) -> list[str]:
        found = self.messages + page.evaluate("window.__violations || []")
        self.messages = []
        return found


def in_thread(function):
    """Run `function` (ORM calls) outside Playwright's event loop; returns its result."""
    result = {}

    def run():
        from django.db import connection

        try:
            result["value"] = function()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result["value"]
