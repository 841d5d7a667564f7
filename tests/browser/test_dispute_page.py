"""A journalist adds a claim to the demo dispute with htmx and sees it in its
stance column without the page reloading."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from claims.devdata.story import JOURNALIST_PASSWORD, JOURNALIST_USERNAME
from claims.models import Dispute
from tests.browser.typing import type_and_settle
from tests.factories import make_claim, make_speaker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_claim_is_attached_in_place_and_shown_in_its_stance_column(live_server, page, settings):
    settings.DEBUG = True  # the demo refuses to create its accounts otherwise
    call_command("demo", stdout=StringIO())
    dispute = Dispute.objects.get()
    make_claim(
        speaker=make_speaker(name="Syrian Observatory for Human Rights", kind="ngo"),
        text="Seventeen civilians were among those killed in the Russian strikes in Homs.",
    )

    url = reverse("workspace:dispute", args=[dispute.pk])
    page.goto(f"{live_server.url}{reverse('login')}?next={url}")
    page.get_by_label("Username").fill(JOURNALIST_USERNAME)
    page.get_by_label("Password").fill(JOURNALIST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    says_yes = page.locator('[data-stance="affirms"]')
    expect(says_yes).to_contain_text("Khaled Khoja")
    expect(page.locator('[data-counted="civilians killed"]')).to_contain_text("36")
    page.evaluate("window.__noReload = true")  # a reload would lose it

    type_and_settle(page.get_by_label("Find the claim"), "observatory", delay=40)
    choice = page.get_by_label("Seventeen civilians", exact=False)
    expect(choice).to_be_visible()
    choice.check()
    page.locator(".stance-choice").get_by_label("Says yes").check()
    page.get_by_role("button", name="Add the chosen claim").click()

    expect(says_yes).to_contain_text("Syrian Observatory for Human Rights")
    expect(says_yes).to_contain_text("Seventeen civilians")
    expect(page.get_by_role("status")).to_contain_text("added under “Says yes”")
    expect(page.locator('[data-stance="denies"]')).not_to_contain_text("Seventeen civilians")
    assert page.evaluate("window.__noReload") is True
