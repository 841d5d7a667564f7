"""Every page in Chromium under the Content Security Policy, as a reader, a
journalist, an editor and an administrator: no page may trigger a CSP
violation or log a console error, including after htmx has swapped content
in (the reader's selection panel, the claim editor's searches).

Violations are caught twice: an init script (run by Playwright outside the
page's policy) records every ``securitypolicyviolation`` event into
``window.__cspViolations``, and Chromium also logs each refusal to the console
as an error. A failure names the page and the message.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from claims.devdata.story import (
    ADMIN_PASSWORD,
    ADMIN_USERNAME,
    EDITOR_PASSWORD,
    EDITOR_USERNAME,
    JOURNALIST_PASSWORD,
    JOURNALIST_USERNAME,
    LAVROV,
)
from claims.models import ClaimRelation, Figure, Verdict
from tests.browser.test_reader import drag_select
from tests.browser.typing import type_and_settle
from tests.factories import make_appearance, make_quote, make_source, make_verdict
from tests.test_access import EXPECTED, HTMX_ONLY, ROLES, uploaded_pdf, url_for, walked_routes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} refused ${event.blockedURI || "an inline script or style"}` +
    ` (${event.sourceFile || "the page"}:${event.lineNumber})`
  );
});
"""

ACCOUNTS = {
    "journalist": (JOURNALIST_USERNAME, JOURNALIST_PASSWORD),
    "editor": (EDITOR_USERNAME, EDITOR_PASSWORD),
    "administrator": (ADMIN_USERNAME, ADMIN_PASSWORD),
}


class Watcher:
    """Collects CSP violations, console errors and uncaught exceptions on one
    page, each with the page it happened on."""

    def __init__(self, page) -> None:
        self.page = page
        self.problems: list[str] = []
        # Error statuses expected on purpose (a 404 page, a form refused with
        # 422): Chromium logs every such answer as a console error, which is
        # no fault of the page.
        self.expected_statuses: set[int] = set()
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"{page.url}: uncaught error: {error}"))

    def _console(self, message) -> None:
        if message.type != "error":
            return
        # Chromium asks for /favicon.ico on documents that name no icon (an
        # htmx fragment opened on its own); every page of the site names one.
        if message.location.get("url", "").endswith("/favicon.ico"):
            return
        for status in self.expected_statuses:
            if f"the server responded with a status of {status} " in message.text:
                return
        self.problems.append(f"{self.page.url}: console error: {message.text}")

    def check(self) -> None:
        """Read the violations the current document recorded (before leaving it)."""
        for violation in self.page.evaluate("window.__cspViolations || []"):
            self.problems.append(f"{self.page.url}: CSP violation: {violation}")
        self.page.evaluate("window.__cspViolations = []")

    def visit(self, url: str, status: int = 200) -> None:
        self.expected_statuses = {status} if status >= 400 else set()
        response = self.page.goto(url)
        assert response.status == status, f"{url} answered {response.status}, not {status}"
        self.page.wait_for_load_state("load")
        self.check()

    def is_html(self, url: str) -> bool:
        """Whether ``url`` answers with a page. Feeds, the sitemap, robots.txt
        and stylesheets are shown by the browser's own viewers, which style XML
        inline and ask for /favicon.ico: none of that is ours to police."""
        response = self.page.request.get(url, max_redirects=0)
        return response.headers.get("content-type", "").startswith("text/html")

    def assert_clean(self) -> None:
        assert not self.problems, "CSP violations or console errors:\n" + "\n".join(self.problems)


@pytest.fixture
def watched(browser):
    """A fresh browser context with the violation recorder, and its watcher."""
    contexts = []

    def open_page() -> Watcher:
        context = browser.new_context()
        contexts.append(context)
        context.add_init_script(RECORD_VIOLATIONS)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return Watcher(page)

    yield open_page
    for context in contexts:
        context.close()


def sign_in(watcher: Watcher, live_server, role: str) -> None:
    username, password = ACCOUNTS[role]
    watcher.visit(f"{live_server.url}{reverse('login')}")
    page = watcher.page
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as {username}")).to_be_visible()
    watcher.check()


@pytest.fixture
def world(public_site) -> dict:
    """The demo's objects under the names tests/test_access.py builds its URLs
    with, plus a submitted verdict so that the review queue has an item. The
    source is the factory's, whose words the access table's selection query
    names; the demo's article is read in the reader test."""
    demo = public_site.demo
    claim = demo.khoja_claim
    submitted = make_verdict(
        claim=demo.claims["kremlin"],
        state=Verdict.State.SUBMITTED,
        submitted_at=datetime(2015, 10, 2, tzinfo=UTC),
        author=demo.journalist,
    )
    # Quoted in a published claim, so that the source's public page exists.
    source = make_source()
    quote = make_quote(revision=source.current_revision())
    make_appearance(claim=claim, quote=quote)
    job = uploaded_pdf(source)
    return {
        "job": job,
        "quote": quote,
        "capture": job.capture,
        "demo": demo,
        "source": source,
        "speaker": claim.speaker,
        "dispute": demo.dispute,
        "claim": claim,
        "relation": ClaimRelation.objects.filter(from_claim__in=demo.claims.values()).first(),
        "evidence": demo.names_evidence,
        "figure": Figure.objects.first(),
        "verdict": submitted,
    }


@pytest.mark.parametrize("role", ROLES)
def test_no_page_breaks_the_policy(live_server, watched, world, role):
    watcher = watched()
    if role != "anonymous":
        sign_in(watcher, live_server, role)
    visited = 0
    for name, pattern in walked_routes():
        if EXPECTED[name][ROLES.index(role)] != "200" or name in HTMX_ONLY:
            continue
        url = live_server.url + url_for(name, pattern, world)
        if watcher.is_html(url):
            watcher.visit(url)
            visited += 1
    if role == "administrator":  # one object's change form, with the admin's scripts
        watcher.visit(live_server.url + reverse("admin:claims_claim_change", args=[world["claim"].pk]))
    watcher.visit(f"{live_server.url}/no-such-page/", status=404)

    assert visited >= (6 if role == "anonymous" else 25)
    watcher.assert_clean()


def test_the_readers_selection_panel_keeps_to_the_policy(live_server, watched, world):
    watcher = watched()
    sign_in(watcher, live_server, "journalist")
    page = watcher.page
    watcher.visit(live_server.url + reverse("workspace:reader", args=[world["demo"].source.pk]))
    # htmx read base.html's configuration: no eval, no scripts from swapped
    # content, and no <style> of its own in the page.
    assert page.evaluate(
        "[htmx.config.allowEval, htmx.config.allowScriptTags, htmx.config.includeIndicatorStyles]"
    ) == [False, False, False]
    assert page.locator("style").count() == 0

    # Selecting a passage opens the panel with htmx; searching swaps in results.
    drag_select(page, "killed 36 civilians")
    panel = page.locator("#selection-panel")
    expect(panel.get_by_role("heading", name="Selected passage")).to_be_visible()
    type_and_settle(panel.get_by_label("Speaker", exact=True), "Syrian Observatory", delay=40)
    expect(panel.get_by_text("A new speaker named")).to_be_visible()
    watcher.check()

    # A refusal (422) is swapped into the panel too.
    watcher.visit(live_server.url + reverse("workspace:reader", args=[world["demo"].source.pk]))
    drag_select(page, "All of the casualties were civilians")
    type_and_settle(panel.get_by_label("Find the claim"), "Khoja", delay=40)
    panel.get_by_role("radio", name=re.compile("all of the casualties were civilians")).check()
    watcher.expected_statuses = {422}
    panel.get_by_role("button", name="Add to the chosen claim").click()
    expect(panel.get_by_role("alert")).to_have_text("This passage is already a quote of this claim.")
    watcher.check()

    watcher.assert_clean()


def test_the_claim_editor_and_review_queue_keep_to_the_policy(live_server, watched, world):
    watcher = watched()
    sign_in(watcher, live_server, "editor")
    page = watcher.page

    watcher.visit(live_server.url + reverse("workspace:claim", args=[world["claim"].pk]))
    form = page.locator("form.add-form")
    type_and_settle(form.get_by_label("Find the other claim"), "untrue", delay=20)
    expect(form.get_by_role("radio", name=re.compile(LAVROV))).to_be_visible()
    page.locator("#evidence summary", has_text="Add evidence").click()
    watcher.check()

    watcher.visit(live_server.url + reverse("workspace:review"))
    expect(page.locator(".review-item")).to_have_count(1)
    watcher.check()

    watcher.assert_clean()


def test_the_watcher_reports_a_violation(live_server, watched, world):
    # The tests above pass because the pages are clean, not because nothing
    # is listening: an inline style on a page under the policy is reported.
    watcher = watched()
    watcher.visit(f"{live_server.url}{reverse('login')}")
    watcher.page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    watcher.page.wait_for_timeout(200)
    watcher.check()

    assert any("CSP violation: style-src" in problem for problem in watcher.problems), watcher.problems
