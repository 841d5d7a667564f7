import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_finds_lavrovs_counter_claim_on_khojas_claim_page(live_server, page, settings):
    settings.DEBUG = True  # the demo refuses to create its accounts otherwise
    call_command("demo", stdout=StringIO())

    # A reader starts at the home page and follows links, as a stranger would.
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=re.compile("36 civilians")).first.click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("36 civilians")
    related = page.locator(".related-claim", has_text="Sergei Lavrov")
    expect(related).to_contain_text("Contradicted by")
    expect(related).to_contain_text("completely untrue")
    expect(page.locator("mark").first).to_be_visible()

    related.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("completely untrue")
    expect(page.locator(".related-claim", has_text="Khaled Khoja")).to_contain_text("Contradicts")
