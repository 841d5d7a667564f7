"""The public pages on a phone, on paper and without JavaScript, and
screenshots of the claim and dispute pages kept as test artefacts
(``test-results/``, which git ignores) for a person to look at."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from playwright.sync_api import expect

from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
ARTEFACTS = Path(django_settings.BASE_DIR) / "test-results"
SCREENSHOTS = ARTEFACTS / "screenshots"


@pytest.fixture
def phone(browser):
    """A phone-sized page with JavaScript off: whatever fits the screen here
    does so by CSS alone."""
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def sign_in(page, live_server, user) -> None:
    """Give the browser the session of a signed-in ``user``."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


# --- A phone ----------------------------------------------------------------------------


def test_no_public_page_scrolls_sideways_on_a_phone(live_server, phone, public_site):
    too_wide = []
    for name, path in public_site.pages.items():
        phone.goto(live_server.url + path)
        expect(phone.get_by_role("heading", level=1)).to_be_visible()
        if page_width(phone) > PHONE["width"]:
            too_wide.append(f"{name} ({path}) is {page_width(phone)} px wide")
    assert not too_wide, "\n".join(too_wide)


def test_the_navigation_wraps_on_a_phone_without_javascript_even_with_every_workspace_link(
    live_server, phone, public_site
):
    sign_in(phone, live_server, make_user(is_staff=True, is_superuser=True))
    phone.goto(live_server.url + public_site.pages["claim"])
    nav = phone.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Review")).to_be_visible()
    assert page_width(phone) <= PHONE["width"]
    for item in nav.get_by_role("link").all() + nav.get_by_role("button").all():
        expect(item).to_be_visible()
        box = item.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (
            f"{item.inner_text()} is off screen"
        )


def test_the_figures_table_scrolls_in_its_own_box_and_the_claims_stack_on_a_phone(
    live_server, phone, public_site
):
    phone.goto(live_server.url + public_site.pages["dispute"])
    assert page_width(phone) <= PHONE["width"]

    table = phone.locator('[data-counted="civilians killed"]')
    box = phone.locator(".scroll-box").filter(has=table)
    expect(box).to_have_attribute("tabindex", "0")  # so a keyboard can scroll it
    expect(box).to_have_accessible_name("Civilians killed")
    sizes = box.evaluate("el => ({scroll: el.scrollWidth, client: el.clientWidth})")
    assert sizes["scroll"] > sizes["client"], "the table should scroll inside its box"
    assert box.bounding_box()["x"] + sizes["client"] <= PHONE["width"]

    # The three answers, side by side on a desktop, come one under another.
    columns = [column.bounding_box() for column in phone.locator(".stance-column").all()]
    assert len(columns) == 3
    for above, below in zip(columns, columns[1:], strict=False):
        assert below["x"] == above["x"]
        assert below["y"] >= above["y"] + above["height"]


# --- Paper ------------------------------------------------------------------------------


def test_a_printed_claim_page_keeps_the_quote_verdict_and_sources_and_drops_the_controls(
    live_server, page, public_site
):
    sign_in(page, live_server, make_user(groups=["Editor"]))  # so the page has a form: sign out
    page.emulate_media(media="print")
    page.goto(live_server.url + public_site.pages["claim"])

    expect(page.get_by_role("heading", level=1)).to_contain_text("36 civilians")
    expect(page.locator(".quote mark").first).to_be_visible()
    expect(page.locator(".verdict-box .badge")).to_have_text("Unproven")
    expect(page.locator(".quote figcaption a").first).to_be_visible()
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("button", name="Sign out")).to_be_hidden()
    expect(page.locator("form")).to_have_count(1)
    expect(page.locator("form")).to_be_hidden()
    expect(page.locator(".skip-link")).to_be_hidden()
    # Black on white.
    colours = page.evaluate(
        "() => [getComputedStyle(document.body).color,"
        " getComputedStyle(document.querySelector('main')).backgroundColor]"
    )
    assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]

    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTEFACTS / "claim-print.pdf"
    page.pdf(path=pdf, format="A4")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_printed_page_gives_the_address_of_each_outside_link(live_server, page, public_site):
    page.emulate_media(media="print")
    page.goto(live_server.url + public_site.pages["arabic claim"])
    original = page.get_by_role("link", name="original")
    after = original.evaluate("el => getComputedStyle(el, '::after').content")
    assert after == '" (https://news.example.org/ar/homs-strikes)"'
    # A link inside the site needs no address on paper.
    source_link = page.locator(".quote figcaption a").first
    assert source_link.evaluate("el => getComputedStyle(el, '::after').content") == "none"


# --- Without JavaScript -----------------------------------------------------------------


def test_every_public_page_is_readable_without_javascript(live_server, browser, public_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    pages = public_site.pages
    try:
        for name, path in pages.items():
            page.goto(live_server.url + path)
            expect(page.get_by_role("heading", level=1), name).to_be_visible()
            expect(page.get_by_role("main"), name).not_to_be_empty()

        page.goto(live_server.url + pages["home"])
        expect(page.get_by_role("link", name="36 civilians", exact=False).first).to_be_visible()
        expect(page.get_by_role("link", name="Did the Russian strikes", exact=False)).to_be_visible()

        page.goto(live_server.url + pages["claim"])
        expect(page.get_by_role("heading", level=1)).to_contain_text("36 civilians")
        expect(page.locator(".verdict-box")).to_contain_text("Unproven")
        expect(page.locator(".quote mark").first).to_contain_text("killed 36 civilians")

        page.goto(live_server.url + pages["dispute"])
        table = page.get_by_role("table", name="Civilians killed")
        expect(table.get_by_role("row", name="Khaled Khoja")).to_contain_text("36")
        expect(page.get_by_role("img", name="Civilians killed, by who claims it")).to_be_visible()

        page.goto(live_server.url + pages["speaker"])
        expect(page.get_by_role("table", name="How 1 published claim of theirs were rated")).to_contain_text(
            "Unproven"
        )

        page.goto(live_server.url + pages["source"])
        expect(page.locator(".public-source-text")).to_contain_text("Russia denies")
        expect(page.locator(".public-source-text mark").first).to_be_visible()

        page.goto(live_server.url + pages["arabic source"])
        expect(page.locator(".public-source-text")).to_contain_text("ريف حمص الشمالي")

        page.goto(live_server.url + pages["login"])
        expect(page.get_by_label("Username")).to_be_visible()

        page.goto(live_server.url + pages["browse, searched"])
        expect(page.get_by_role("link", name="36 civilians", exact=False).first).to_be_visible()
        expect(page.get_by_role("search")).to_be_visible()
    finally:
        context.close()


# --- Screenshots ------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_screenshots_of_the_claim_and_dispute_pages(live_server, browser, public_site, viewport, request):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    width = request.node.callspec.id
    try:
        for name in ("claim", "dispute"):
            page.goto(live_server.url + public_site.pages[name])
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            path = SCREENSHOTS / f"{name}-{width}.png"
            page.screenshot(path=path, full_page=True)
            assert path.stat().st_size > 10_000
    finally:
        context.close()
