"""The claim editor in Chromium, on the demo: a counter-claim and a piece of
evidence added inline, seen without a reload, and the relation seen from the
other claim's page."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from claims.devdata.story import JOURNALIST_PASSWORD, JOURNALIST_USERNAME, SOURCE_TITLE
from claims.models import Claim, ClaimRelation, Evidence
from sources.models import Source
from tests.browser.typing import type_and_settle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # the demo refuses to create its accounts otherwise
    call_command("demo", stdout=StringIO())
    return Source.objects.get(title=SOURCE_TITLE)


def test_a_counter_claim_and_evidence_are_added_inline(live_server, page, demo):
    reader = reverse("workspace:reader", args=[demo.pk])
    page.goto(f"{live_server.url}{reverse('login')}?next={reader}")
    page.get_by_label("Username").fill(JOURNALIST_USERNAME)
    page.get_by_label("Password").fill(JOURNALIST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # From the reader's list of quotes to Khoja's claim in the workspace.
    khoja = Claim.objects.get(speaker__name="Khaled Khoja")
    kremlin = Claim.objects.get(speaker__name="Kremlin")
    entry = page.locator(".quote-entry", has_text="Khaled Khoja").first
    entry.get_by_role("link", name=re.compile("36 civilians")).click()
    expect(page).to_have_url(re.compile(rf"/workspace/claims/{khoja.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("36 civilians")
    page.evaluate("window.__noReload = true")

    # A counter-claim, found by searching as one types.
    form = page.locator("form.add-form")
    form.get_by_label("This claim…").select_option("contradicts")
    type_and_settle(form.get_by_label("Find the other claim"), "terrorist", delay=20)
    form.get_by_role("radio", name=re.compile("Kremlin")).check()
    form.get_by_label("Note").fill(
        "Khoja says civilians died; the Kremlin says only terrorists were targeted."
    )
    form.get_by_role("button", name="Add the relation").click()

    added = page.locator(".relation-item", has_text="Kremlin")
    expect(added).to_contain_text("Contradicts")
    expect(added).to_contain_text("only terrorists were targeted")
    expect(page.locator("#relations .message-success")).to_contain_text("Relation added.")
    assert ClaimRelation.objects.filter(from_claim=khoja, to_claim=kremlin, kind="contradicts").exists()

    # A piece of evidence, the same way.
    page.locator("#evidence summary", has_text="Add evidence").click()
    evidence = page.locator("#evidence form", has=page.get_by_role("button", name="Add the evidence"))
    evidence.get_by_label("Stance").select_option("supports")
    evidence.get_by_label("Kind").select_option("testimony")
    evidence.get_by_label("Title").fill("Hospital staff in Talbiseh")
    evidence.get_by_label("URL").fill("https://example.org/talbiseh")
    evidence.get_by_label("Description").fill("<p>Doctors <em>counted</em> the dead.</p>")
    evidence.get_by_role("button", name="Add the evidence").click()
    shown = page.locator(".evidence-item", has_text="Hospital staff in Talbiseh")
    expect(shown).to_contain_text("Doctors counted the dead.")
    expect(shown).to_contain_text("by journalist")
    assert Evidence.objects.filter(claim=khoja, title="Hospital staff in Talbiseh").exists()

    # Neither needed a reload.
    assert page.evaluate("window.__noReload") is True

    # The Kremlin's page shows the relation from its end.
    added.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("terrorist")
    incoming = page.locator(".relation-item", has_text="Khaled Khoja")
    expect(incoming).to_contain_text("Contradicted by")
