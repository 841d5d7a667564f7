"""The verification loop in Chromium, on the demo: a journalist proposes a
verdict on Khoja's claim and submits it, an editor approves it from the review
queue, and the public page shows the new verdict with the old one in its
history, superseded."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from claims.devdata.story import EDITOR_PASSWORD, EDITOR_USERNAME, JOURNALIST_PASSWORD, JOURNALIST_USERNAME
from claims.models import Claim, Verdict

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def khoja(settings) -> Claim:
    settings.DEBUG = True  # the demo refuses to create its accounts otherwise
    call_command("demo", stdout=StringIO())
    return Claim.objects.get(speaker__name="Khaled Khoja")


@pytest.fixture
def second_page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def sign_in(page, base_url: str, username: str, password: str, next_url: str) -> None:
    page.goto(f"{base_url}{reverse('login')}?next={next_url}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_a_proposed_verdict_is_approved_and_published_with_its_history(live_server, page, second_page, khoja):
    # The journalist proposes "False" on Khoja's claim and submits it.
    claim_url = reverse("workspace:claim", args=[khoja.pk])
    sign_in(page, live_server.url, JOURNALIST_USERNAME, JOURNALIST_PASSWORD, claim_url)
    expect(page).to_have_url(re.compile(rf"/workspace/claims/{khoja.pk}/$"))
    page.evaluate("window.__noReload = true")
    verdicts = page.locator("#verdicts")
    verdicts.locator("summary", has_text="Propose a verdict").click()
    form = page.get_by_role("form", name="Propose a verdict")
    form.get_by_label("Rating").select_option(label="False")
    form.get_by_label("Rationale").fill("<p>Hospital records list <strong>12</strong> dead, not 36.</p>")
    form.locator(".evidence-choices input[type=checkbox]").first.check()
    form.get_by_role("button", name="Save as draft").click()
    expect(verdicts.locator(".message-success")).to_contain_text("Verdict saved as a draft.")
    draft = verdicts.locator(".verdict-item.verdict-draft")
    expect(draft).to_contain_text("False")
    expect(draft).to_contain_text("Hospital records list 12 dead")
    draft.get_by_role("button", name="Submit for review").click()
    expect(verdicts.locator(".message-success")).to_contain_text("Verdict submitted")
    expect(verdicts.locator(".verdict-item.verdict-submitted")).to_contain_text("0 of 1 approval")
    assert page.evaluate("window.__noReload") is True
    proposed = Verdict.objects.get(claim=khoja, state=Verdict.State.SUBMITTED)
    assert proposed.rating.label == "False"

    # The editor opens Review from the nav and approves it.
    sign_in(second_page, live_server.url, EDITOR_USERNAME, EDITOR_PASSWORD, reverse("workspace:dashboard"))
    second_page.get_by_role("navigation", name="Main").get_by_role("link", name="Review").click()
    expect(second_page.get_by_role("heading", level=1)).to_have_text("Review queue")
    item = second_page.locator(f"#verdict-{proposed.pk}")
    expect(item).to_contain_text("36 civilians")
    expect(item.locator(".verdict-change")).to_contain_text("Public verdict now:")
    expect(item.locator(".verdict-change")).to_contain_text("Unproven")
    expect(item.locator(".verdict-change")).to_contain_text("would become: False")
    expect(item.get_by_label("Reason for rejecting")).to_be_visible()
    item.get_by_role("button", name="Approve").click()
    expect(second_page.locator("#queue .message-success")).to_contain_text("approved")
    expect(second_page.locator("#queue")).to_contain_text("No verdicts are waiting for review.")

    # The public page shows the new verdict, and the old one as superseded.
    second_page.goto(f"{live_server.url}{reverse('claims:detail', args=[khoja.pk])}")
    box = second_page.locator(".verdict-box")
    expect(box.locator(".badge").first).to_have_text("False")
    expect(box).to_contain_text("Hospital records list 12 dead, not 36.")
    earlier = box.locator("li", has_text="Unproven")
    expect(earlier).to_contain_text("superseded")
