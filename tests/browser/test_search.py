import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reader_searches_from_the_home_page_and_reaches_khojas_claim(live_server, page, settings):
    settings.DEBUG = True  # the demo refuses to create its accounts otherwise
    call_command("demo", stdout=StringIO())

    page.goto(live_server.url + "/")
    box = page.get_by_label("Search claims, quotes, speakers and disputes")
    box.press_sequentially("36 civilians", delay=40)
    box.press("Enter")

    expect(page).to_have_url(re.compile(r"/claims/\?q=36\+civilians$"))
    expect(page.get_by_role("status")).to_contain_text("1 claim found")
    result = page.locator(".claim-card")
    expect(result).to_have_count(1)
    snippet = result.locator(".snippet")
    expect(snippet.locator("mark", has_text="36")).to_be_visible()
    expect(snippet.locator("mark", has_text="civilians").first).to_be_visible()
    expect(snippet).to_contain_text("Found in a quote from")

    result.get_by_role("link", name=re.compile("36 civilians")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("36 civilians")
    expect(page.get_by_text("Khaled Khoja").first).to_be_visible()
