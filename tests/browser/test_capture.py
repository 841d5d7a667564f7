"""Capture in Chromium: a journalist imports an article from a link, watches
the worker fetch and extract it, corrects the title, saves, and makes a claim
of a passage; later an editor checks the link for changes and sees the
outlet's edit, word by word, with the quote re-anchored in the new text.

The news site is a local server inside the test, and the task worker is the
real one (django-tasks-db's loop) on a thread beside the live server."""

import re
import threading

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django_tasks_db.management.commands.db_worker import Worker
from playwright.sync_api import expect

from claims.models import Claim
from sources.models import Quote, Source
from tests.browser.test_reader import drag_select
from tests.browser.typing import type_and_settle
from tests.factories import make_user
from tests.sources.capture import pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "capture-test-password-1"
QUOTED = "Russian Foreign Minister Sergei Lavrov"


@pytest.fixture
def worker():
    """django-tasks-db's worker loop, polling every 0.2 s, until the test ends."""
    loop = Worker(
        queue_names=["default"],
        interval=0.2,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="browser-test-worker",
        excluded_queue_names=[],
    )
    thread = threading.Thread(target=loop.run, daemon=True)
    thread.start()
    yield loop
    loop.running = False
    thread.join(timeout=10)


def sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}{reverse('login')}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def make_member(username: str, group: str):
    user = make_user(username=username)
    user.set_password(PASSWORD)
    user.save()
    user.groups.add(Group.objects.get(name=group))
    return user


def test_import_from_a_link_then_check_it_for_changes(live_server, page, news_site, worker):
    make_member("reporter", "Journalist")
    make_member("desk-editor", "Editor")
    article = news_site.url("/news/homs")

    sign_in(page, live_server, "reporter")
    page.get_by_role("link", name="Workspace").first.click()
    page.get_by_role("link", name="Import from a link or PDF").click()
    page.get_by_label("Link to the page").fill(article)
    page.get_by_role("button", name="Capture").click()

    # The progress page follows the worker, then becomes the review form.
    expect(page.get_by_role("heading", name="Check what was captured")).to_be_visible(timeout=20_000)
    title = page.get_by_label("Title")
    expect(title).to_have_value(pages.TITLE)
    expect(page.get_by_label("Outlet")).to_have_value(pages.OUTLET)
    text = page.get_by_label(re.compile(r"^Text"))
    expect(text).to_contain_text(pages.ARTICLE_PARAGRAPHS[0][:60])
    assert pages.ADVERTISEMENT not in text.input_value()
    title.fill("Russian strike in Homs killed 36 civilians, opposition says")
    page.get_by_role("button", name="Save the source").click()

    # The reader opens on the new source: select a passage and make a claim.
    expect(page.locator(".source-text")).to_be_visible()
    expect(page.get_by_role("heading", name="Archived copy")).to_be_visible()
    source = Source.objects.get()
    assert source.title == "Russian strike in Homs killed 36 civilians, opposition says"
    drag_select(page, QUOTED)
    panel = page.locator("#selection-panel")
    expect(panel.get_by_label("Claim, in our wording")).to_have_value(QUOTED)
    panel.get_by_label("Claim, in our wording").fill("Russia’s foreign minister denied the allegations.")
    type_and_settle(panel.get_by_label("Speaker", exact=True), "Middle East Eye", delay=40)
    expect(panel.get_by_text("A new speaker named")).to_be_visible()
    panel.get_by_role("button", name="Create the claim").click()
    expect(page.locator(".source-text mark.is-new")).to_have_text(QUOTED)
    quote = Quote.objects.get()
    assert Claim.objects.get().appearances.get().quote == quote

    # The outlet edits its story; an editor asks for a check.
    news_site.publish("/news/homs", pages.HOMS_ARTICLE_EDITED_BYTES)
    page.context.clear_cookies()
    sign_in(page, live_server, "desk-editor")
    page.get_by_role("link", name="Sources").first.click()
    page.get_by_role("link", name=source.title).click()
    page.get_by_role("button", name="Check for changes").click()
    expect(page.locator(".capture-outcome")).to_contain_text("Changed", timeout=20_000)
    page.get_by_role("link", name=f"Back to “{source.title}”").click()

    diff = page.locator(".word-diff")
    expect(diff).to_be_visible()
    expect(diff.locator("ins").first).to_be_visible()
    expect(page.get_by_text("Changed on")).to_be_visible()
    expect(page.locator(".source-text mark").filter(has_text=QUOTED)).to_have_count(1)
    quote.refresh_from_db()
    assert quote.revision.number == 2
    assert quote.revision.text[quote.start : quote.end] == QUOTED
    page.screenshot(path="test-results/screenshots/capture-changed-reader.png", full_page=True)
