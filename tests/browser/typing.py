"""Typing into search-as-you-type boxes as a person does."""

from playwright.sync_api import Locator

# Longer than the boxes' debounce (hx-trigger "input changed delay:250ms").
DEBOUNCE_MS = 300
IDLE = "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"


def type_and_settle(box: Locator, text: str, *, delay: int = 40) -> None:
    """Type ``text`` key by key, then wait until the search the last key
    started has answered and its results are in place. On a loaded machine
    the keys can come further apart than the debounce, so a search for the
    first letters may answer while later ones are on their way; a result
    chosen from the early list would then be swept away by the later one."""
    box.press_sequentially(text, delay=delay)
    page = box.page
    page.wait_for_timeout(DEBOUNCE_MS)
    page.wait_for_function(IDLE)
