"""WCAG 2.2 AA on the public pages: axe-core finds nothing serious or
critical on any of them at desktop or phone width, a keyboard reaches
everything with the focus always visible, and Arabic reads right to left
inside English pages.

axe-core comes inside the axe-playwright-python wheel (``axe.min.js``) and is
injected into the page by Playwright, so nothing is fetched at test time.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
FAILING_IMPACTS = {"serious", "critical"}

axe = Axe()


def serious_violations(page) -> list[str]:
    """axe's serious and critical findings on the page, one readable line
    per element: rule, impact, where, and what the rule asks for."""
    results = axe.run(page)
    lines = []
    for violation in results.response["violations"]:
        if violation["impact"] not in FAILING_IMPACTS:
            continue
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(
                f"{violation['id']} ({violation['impact']}) at {target}: {violation['help']}. {summary}"
            )
    return lines


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_public_page_has_a_serious_or_critical_axe_violation(live_server, browser, public_site, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    found = []
    try:
        for name, path in public_site.pages.items():
            response = page.goto(live_server.url + path)
            assert response.ok, f"{name} ({path}) answered {response.status}"
            found += [f"{name} ({path}): {line}" for line in serious_violations(page)]
    finally:
        context.close()
    assert not found, "axe found serious or critical violations:\n" + "\n".join(found)


def test_axe_reports_a_serious_violation_when_there_is_one(page):
    # The check above passes only because the pages are clean, not because
    # axe is silent: an image without a text alternative is reported.
    page.set_content('<html lang="en"><title>t</title><main><img src="data:,"></main></html>')
    assert any(line.startswith("image-alt (critical)") for line in serious_violations(page))


# --- The keyboard -----------------------------------------------------------------------

# Numbers every element a keyboard should reach (visible, focusable, not
# taken out of the tab order), so the stops can be checked against them.
MARK_FOCUSABLE = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]';
  let n = 0;
  for (const el of document.querySelectorAll(selector)) {
    if (el.closest('[inert]') || el.disabled || el.getAttribute('tabindex') === '-1') continue;
    // Rendered, not necessarily on screen: the skip link is off screen until focused.
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    el.dataset.kbStop = n++;
  }
  return n;
}"""

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    stop: el.dataset.kbStop ?? null,
    tag: el.tagName.toLowerCase(),
    text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 60),
    href: el.getAttribute('href'),
    name: el.getAttribute('name'),
    inMain: el.closest('main') !== null,
    inNav: el.closest('nav') !== null,
    ring: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none',
    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
      && box.top < innerHeight && box.left < innerWidth,
  };
}"""


def tab_through(page) -> list[dict]:
    """Press Tab from the top of the page until focus leaves it or comes
    back round, recording each element focused (numbered by
    ``MARK_FOCUSABLE``, so a date field's parts are one element)."""
    page.evaluate(MARK_FOCUSABLE)
    # Start before the first element even where a field has autofocus (the
    # sign-in page): from an unfocusable-by-Tab marker at the top of the body.
    page.evaluate(
        "() => { const start = document.createElement('span'); start.tabIndex = -1;"
        " document.body.prepend(start); start.focus(); }"
    )
    stops: list[dict] = []
    for _ in range(500):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None or (stops and focused["stop"] == stops[0]["stop"]):
            break
        stops.append(focused)
    return stops


def describe(stop: dict) -> str:
    return f"<{stop['tag']}> {stop['text']!r} {stop['href'] or ''}"


def test_every_public_page_can_be_walked_by_keyboard_with_the_focus_always_visible(
    live_server, page, public_site
):
    problems = []
    for name, path in public_site.pages.items():
        page.goto(live_server.url + path)
        stops = tab_through(page)
        reached = {stop["stop"] for stop in stops}
        missed = page.evaluate(
            "(reached) => [...document.querySelectorAll('[data-kb-stop]')]"
            ".filter(el => !reached.includes(el.dataset.kbStop)).map(el => el.outerHTML.slice(0, 100))",
            sorted(r for r in reached if r is not None),
        )
        problems += [f"{name}: never reached by Tab: {html}" for html in missed]
        problems += [f"{name}: focus without a visible ring on {describe(s)}" for s in stops if not s["ring"]]
        problems += [f"{name}: focus off screen on {describe(s)}" for s in stops if not s["onScreen"]]
        problems += [
            f"{name}: Tab stopped on an unexpected {describe(s)}" for s in stops if s["stop"] is None
        ]
        assert len(reached) > 3, f"{name}: Tab reached only {[describe(s) for s in stops]}"
    assert not problems, "\n".join(problems)


def test_the_skip_link_comes_first_is_visible_on_focus_and_skips_to_the_content(
    live_server, page, public_site
):
    page.goto(live_server.url + public_site.pages["home"])
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, "the focused skip link is off screen"
    expect(skip).to_be_in_viewport()

    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert focused["inMain"], f"after skipping, Tab went to {describe(focused)}, outside the main content"


def test_the_home_page_reaches_the_navigation_and_every_claim_and_dispute_by_keyboard(
    live_server, page, public_site
):
    page.goto(live_server.url + public_site.pages["home"])
    stops = tab_through(page)
    texts = [stop["text"] for stop in stops]
    assert texts[0] == "Skip to content"
    assert any(stop["inNav"] and stop["text"] == "Home" for stop in stops)
    assert any(stop["inNav"] and stop["text"] == "Sign in" for stop in stops)
    in_main = [stop for stop in stops if stop["inMain"]]
    hrefs = {stop["href"] for stop in in_main}
    for key in ("khoja", "lavrov", "putin"):
        assert public_site.demo.claims[key].get_absolute_url() in hrefs, key
    assert public_site.pages["dispute"] in hrefs
    assert any(stop["inNav"] and stop["href"] == public_site.pages["browse"] for stop in stops)
    assert any(stop["tag"] == "input" and stop["name"] == "q" for stop in in_main), "the search box"


def test_a_claim_page_reaches_its_speaker_dispute_sources_and_counter_claims_by_keyboard(
    live_server, page, public_site
):
    page.goto(live_server.url + public_site.pages["claim"])
    in_main = {stop["href"] for stop in tab_through(page) if stop["inMain"]}
    assert public_site.pages["speaker"] in in_main
    assert public_site.pages["dispute"] in in_main
    assert public_site.pages["source"] in in_main
    lavrov = public_site.demo.claims["lavrov"].get_absolute_url()
    assert lavrov in in_main


# --- Right to left ----------------------------------------------------------------------


def direction(locator) -> str:
    return locator.evaluate("el => getComputedStyle(el).direction")


def test_an_arabic_quote_reads_right_to_left_inside_an_english_claim_page(live_server, page, public_site):
    page.goto(live_server.url + public_site.pages["arabic claim"])
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "ltr"
    assert direction(page.get_by_role("heading", level=1)) == "ltr"  # the newsroom's English wording
    quote = page.locator(".quote blockquote")
    expect(quote).to_contain_text("ولم تستهدف أي مناطق سكنية")
    expect(quote).to_have_attribute("lang", "ar")
    assert direction(quote) == "rtl"

    page.goto(live_server.url + public_site.pages["claim"])
    english = page.locator(".quote blockquote").first
    expect(english).to_contain_text("36 civilians")
    assert direction(english) == "ltr"


def test_an_arabic_source_reads_right_to_left_and_an_english_one_left_to_right(
    live_server, page, public_site
):
    page.goto(live_server.url + public_site.pages["arabic source"])
    assert direction(page.get_by_role("heading", level=1)) == "rtl"
    paragraph = page.locator(".public-source-text p").first
    expect(paragraph).to_contain_text("مصدر عسكري")
    assert direction(paragraph) == "rtl"
    assert direction(page.locator(".quoted-claims blockquote")) == "rtl"
    # The page around it stays English and left to right.
    assert direction(page.get_by_role("heading", name="The text")) == "ltr"

    page.goto(live_server.url + public_site.pages["source"])
    paragraph = page.locator(".public-source-text p", has_text="Russian").first
    assert direction(paragraph) == "ltr"
