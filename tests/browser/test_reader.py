"""The source reader in Chromium: selecting passages of the demo article (and
of an Arabic text) and turning them into claims and appearances."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from claims.devdata.story import JOURNALIST_PASSWORD, JOURNALIST_USERNAME, LAVROV, SOURCE_TITLE
from claims.models import Claim, Speaker
from sources.models import Quote, Source
from tests.browser.typing import type_and_settle
from tests.factories import make_source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARABIC_TEXT = (
    "🇸🇾 تقرير من حمص\n\n"
    "😀 قال المتحدث إن الغارات قتلت ستة وثلاثين مدنياً في ريف حمص الشمالي.\n\n"
    "An English closing line."
)
ARABIC_WORDS = "قتلت ستة وثلاثين مدنياً"


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # the demo refuses to create its accounts otherwise
    call_command("demo", stdout=StringIO())
    return Source.objects.get(title=SOURCE_TITLE)


def sign_in_and_open(page, live_server, source):
    reader = reverse("workspace:reader", args=[source.pk])
    page.goto(f"{live_server.url}{reverse('login')}?next={reader}")
    page.get_by_label("Username").fill(JOURNALIST_USERNAME)
    page.get_by_label("Password").fill(JOURNALIST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".source-text")).to_be_visible()
    # Set on this page; a reload would lose it.
    page.evaluate("window.__noReload = true")


FIND_WORDS = """(words) => {
  const walker = document.createTreeWalker(document.querySelector(".source-text"), NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const i = node.data.indexOf(words);
    if (i < 0) continue;
    const first = document.createRange(), last = document.createRange();
    first.setStart(node, i); first.setEnd(node, i + 1);
    last.setStart(node, i + words.length - 1); last.setEnd(node, i + words.length);
    const a = first.getBoundingClientRect(), z = last.getBoundingClientRect();
    return {x1: a.left + 1, y1: a.top + a.height / 2, x2: z.right - 1, y2: z.top + z.height / 2};
  }
  return null;
}"""

SELECT_WORDS = """(words) => {
  const walker = document.createTreeWalker(document.querySelector(".source-text"), NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const i = node.data.indexOf(words);
    if (i < 0) continue;
    const range = document.createRange();
    range.setStart(node, i);
    range.setEnd(node, i + words.length);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    return true;
  }
  return false;
}"""


# htmx wires up swapped-in content when it settles, a few milliseconds after
# the swap; the searches below type with a delay between keys, as people do,
# so that the keys after that moment trigger the search.
def drag_select(page, words):
    """Select ``words`` (within one text node) by dragging the mouse over them."""
    page.locator(".source-text").get_by_text(words).first.scroll_into_view_if_needed()
    box = page.evaluate(FIND_WORDS, words)
    assert box, f"{words!r} is not in the text"
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move(box["x2"], box["y2"], steps=10)
    page.mouse.up()


def test_a_passage_selected_with_the_mouse_becomes_a_claim_without_a_reload(live_server, page, demo):
    sign_in_and_open(page, live_server, demo)
    drag_select(page, "killed 36 civilians")

    panel = page.locator("#selection-panel")
    expect(panel.get_by_role("heading", name="Selected passage")).to_be_visible()
    expect(panel.locator(".panel-passage mark")).to_have_text("killed 36 civilians")
    wording = panel.get_by_label("Claim, in our wording")
    expect(wording).to_have_value("killed 36 civilians")
    wording.fill("A Russian airstrike in Homs killed 36 civilians.")
    speaker = panel.get_by_label("Speaker", exact=True)
    type_and_settle(speaker, "Syrian Observatory for Human Rights", delay=40)
    expect(panel.get_by_text("A new speaker named")).to_be_visible()
    panel.get_by_label("Kind of speaker, if new").select_option("ngo")
    panel.get_by_label("Speaker's role when speaking").fill("monitoring group")
    panel.get_by_label("Date of the claim").fill("2015-09-30")
    panel.get_by_label("Venue").fill("statement")
    panel.get_by_role("button", name="Create the claim").click()

    new_mark = page.locator(".source-text mark.is-new")
    expect(new_mark).to_have_text("killed 36 civilians")
    expect(page.locator("#reader-messages")).to_contain_text(
        "New claim by Syrian Observatory for Human Rights"
    )
    expect(panel.get_by_role("heading", name="Make a claim from the text")).to_be_visible()
    assert page.evaluate("window.__noReload") is True

    claim = Claim.objects.get(speaker__name="Syrian Observatory for Human Rights")
    assert claim.speaker.kind == Speaker.Kind.NGO
    assert claim.text == "A Russian airstrike in Homs killed 36 civilians."
    quote = claim.appearances.get().quote
    text = quote.revision.text
    assert quote.exact == "killed 36 civilians"
    start = text.index("killed 36 civilians")
    assert (quote.start, quote.end) == (start, start + len("killed 36 civilians"))
    # The new quote sits inside Khoja's lead quote: both stay visible.
    assert re.fullmatch(r"\d+ \d+", new_mark.get_attribute("data-quotes"))


def test_a_second_passage_is_attached_to_a_claim_found_by_search(live_server, page, demo):
    lavrov_claim = Claim.objects.get(speaker__name=LAVROV)
    assert lavrov_claim.appearances.count() == 1
    sign_in_and_open(page, live_server, demo)
    drag_select(page, "Russia denies hitting civilians")

    panel = page.locator("#selection-panel")
    expect(panel.get_by_role("heading", name="Another appearance of an existing claim")).to_be_visible()
    type_and_settle(panel.get_by_label("Find the claim"), "lavrov untrue", delay=40)
    choice = panel.get_by_role("radio", name=re.compile("completely untrue"))
    expect(panel.locator("#add-claim-results legend")).to_contain_text("lavrov untrue")
    expect(choice).to_have_count(1)
    choice.check()
    panel.get_by_role("button", name="Add to the chosen claim").click()

    expect(page.locator(".source-text mark.is-new")).to_have_text("Russia denies hitting civilians")
    expect(page.locator("#reader-messages")).to_contain_text("another appearance of Sergei Lavrov's claim")
    assert page.evaluate("window.__noReload") is True
    assert sorted(a.quote.exact for a in lavrov_claim.appearances.all()) == [
        "Russia denies hitting civilians",
        'the allegations were "completely untrue"',
    ]


def test_a_passage_already_quoted_for_the_claim_is_refused_in_the_panel(live_server, page, demo):
    sign_in_and_open(page, live_server, demo)
    drag_select(page, "All of the casualties were civilians")
    panel = page.locator("#selection-panel")
    type_and_settle(panel.get_by_label("Find the claim"), "Khoja", delay=40)
    panel.get_by_role("radio", name=re.compile("all of the casualties were civilians")).check()
    panel.get_by_role("button", name="Add to the chosen claim").click()
    expect(panel.get_by_role("alert")).to_have_text("This passage is already a quote of this claim.")
    assert page.evaluate("window.__noReload") is True


def test_the_keyboard_opens_the_panel_with_enter(live_server, page, demo):
    sign_in_and_open(page, live_server, demo)
    assert page.evaluate(SELECT_WORDS, "20 strikes")
    expect(page.get_by_role("button", name="Use this selection")).to_be_enabled()
    page.keyboard.press("Enter")
    expect(page.locator("#panel-heading")).to_be_focused()
    expect(page.locator(".panel-passage mark")).to_have_text("20 strikes")


def test_a_selection_in_arabic_after_emoji_is_stored_at_the_same_characters(live_server, page, demo):
    source = make_source(text=ARABIC_TEXT, title="تقرير من حمص", language="ar")
    sign_in_and_open(page, live_server, source)
    expect(page.locator(".source-text")).to_have_attribute("lang", "ar")

    assert page.evaluate(SELECT_WORDS, ARABIC_WORDS)
    page.locator(".source-text").dispatch_event("mouseup")
    panel = page.locator("#selection-panel")
    expect(panel.locator(".panel-passage mark")).to_have_text(ARABIC_WORDS)
    type_and_settle(panel.get_by_label("Speaker", exact=True), "المرصد السوري لحقوق الإنسان", delay=40)
    panel.get_by_label("Kind of speaker, if new").select_option("ngo")
    panel.get_by_role("button", name="Create the claim").click()

    expect(page.locator(".source-text mark.is-new")).to_have_text(ARABIC_WORDS)
    quote = Quote.objects.get(revision__source=source)
    assert quote.exact == ARABIC_WORDS
    # Python counts code points: the flag (two) and the other emoji (one)
    # each count once per code point, not as UTF-16 pairs.
    assert quote.start == ARABIC_TEXT.index(ARABIC_WORDS)
    assert page.evaluate("window.__noReload") is True


def test_without_javascript_a_quote_is_added_by_typing_its_words(live_server, browser, demo):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        reader = reverse("workspace:reader", args=[demo.pk])
        page.goto(f"{live_server.url}{reverse('login')}?next={reader}")
        page.get_by_label("Username").fill(JOURNALIST_USERNAME)
        page.get_by_label("Password").fill(JOURNALIST_PASSWORD)
        page.get_by_role("button", name="Sign in").click()

        form = page.locator("#words-form")
        form.get_by_label("Exact words").fill("36 civilians")
        form.get_by_label("Claim, in our wording").fill("36 civilians were killed.")
        form.get_by_label("Speaker", exact=True).fill("khaled khoja")
        form.get_by_role("button", name="Create the claim").click()
        expect(form.get_by_role("alert")).to_contain_text("occur 2 times in the text")

        form.get_by_label("Words just before them (optional)").fill("airstrike killed")
        form.get_by_role("button", name="Create the claim").click()
        expect(page.locator(".messages")).to_contain_text("New claim by Khaled Khoja saved")
        claim = Claim.objects.get(text="36 civilians were killed.")
        assert claim.speaker.name == "Khaled Khoja"  # the known speaker, not a duplicate
        quote = claim.appearances.get().quote
        expect(page.locator(f'.source-text mark[data-quotes~="{quote.pk}"]').first).to_be_visible()
    finally:
        context.close()


PUTIN_WORDS = "This will be air support without any participation in the ground operations"


def test_a_revision_keeps_moved_quotes_and_lists_the_lost_one_for_re_selecting(live_server, page, demo):
    putin_quote = Claim.objects.get(speaker__name="Vladimir Putin").appearances.get().quote
    lavrov_quote = Claim.objects.get(speaker__name=LAVROV).appearances.get().quote
    sign_in_and_open(page, live_server, demo)

    page.get_by_role("link", name="Revise the text").click()
    text_box = page.get_by_role("textbox", name=re.compile(r"^Text"))
    old_text = text_box.input_value()
    # A correction at the top moves every quote; Lavrov's sentence is rewritten
    # beyond recognition, so his quote cannot be found again.
    lavrov_sentence = (
        "Russian Foreign Minister Sergei Lavrov said on Thursday morning "
        'that the allegations were "completely untrue".'
    )
    assert lavrov_sentence in old_text
    new_text = "Correction: an earlier version misdated the talks.\n\n" + old_text.replace(
        lavrov_sentence, "Moscow's foreign ministry later issued a denial of its own."
    )
    text_box.fill(new_text)
    page.get_by_role("textbox", name=re.compile(r"^What changed")).fill("Correction appended by the outlet")
    page.get_by_role("button", name="Save as revision 2").click()

    expect(page.locator(".messages")).to_contain_text("Saved revision 2.")
    expect(page.locator(".messages")).to_contain_text("1 quote could not be found and needs re-selecting")
    moved = page.locator(f'.source-text mark[data-quotes~="{putin_quote.pk}"]')
    expect(moved).to_have_text(PUTIN_WORDS)
    orphans = page.locator("section.orphans")
    expect(orphans).to_contain_text('the allegations were "completely untrue"')
    expect(orphans).to_contain_text("completely untrue")

    putin_quote.refresh_from_db()
    lavrov_quote.refresh_from_db()
    assert putin_quote.revision.number == 2
    assert putin_quote.revision.text[putin_quote.start : putin_quote.end] == PUTIN_WORDS
    assert lavrov_quote.orphaned and lavrov_quote.revision.number == 1

    # The journalist re-selects Lavrov's quote on the new sentence.
    page.evaluate("window.__noReload = true")
    drag_select(page, "issued a denial of its own")
    panel = page.locator("#selection-panel")
    panel.get_by_role("group", name="The quote to re-select").get_by_role(
        "radio", name=re.compile("completely untrue")
    ).check()
    panel.get_by_role("button", name="Re-select it here").click()
    expect(page.locator("#reader-messages")).to_contain_text("Quote re-selected in the current text.")
    expect(page.locator(f'.source-text mark[data-quotes~="{lavrov_quote.pk}"]')).to_have_text(
        "issued a denial of its own"
    )
    assert page.evaluate("window.__noReload") is True
    lavrov_quote.refresh_from_db()
    assert not lavrov_quote.orphaned and lavrov_quote.revision.number == 2
