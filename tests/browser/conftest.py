"""Playwright driving Debian's Chromium against pytest-django's live server.

Playwright's own browser download cannot work here (nothing is fetched from
the internet), so tests launch the system Chromium. Where none is installed
the browser tests skip with one line, except under CI, where a missing
browser fails the run.
"""

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

if TYPE_CHECKING:
    from claims.devdata.demo import DemoResult
    from claims.models import Claim
    from sources.models import Source

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def find_chromium() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        reason = "no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Browser tests must run under CI: {reason}", pytrace=False)
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser) -> Iterator:
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def migrated_data(transactional_db) -> None:
    """Put back what the data migrations made. Browser tests need committed
    data (the live server reads it from another thread or connection), so they
    are transactional, and each ends by emptying every table; the flush makes
    content types and permissions again, but not the rating scale or groups."""
    import_module("claims.migrations.0002_default_rating_scale").create_default_scale(apps, None)
    import_module("claims.migrations.0003_groups").assign_group_permissions(Group, Permission)


@dataclass(frozen=True)
class PublicSite:
    """The demo newsroom as a reader sees it, plus a claim quoted from an
    Arabic source, for the checks that go over every public page."""

    demo: "DemoResult"
    arabic_claim: "Claim"
    arabic_source: "Source"

    @property
    def pages(self) -> dict[str, str]:
        """Every public page, by name, as a path on the live server."""
        demo = self.demo
        pages = {
            "home": reverse("home"),
            "claim": demo.khoja_claim.get_absolute_url(),
            "arabic claim": self.arabic_claim.get_absolute_url(),
            "dispute": reverse("claims:dispute", args=[demo.dispute.slug]),
            "speaker": reverse("claims:speaker", args=[demo.khoja_claim.speaker.slug]),
            "source": reverse("claims:source", args=[demo.source.pk]),
            "arabic source": reverse("claims:source", args=[self.arabic_source.pk]),
            "login": reverse("login"),
            "browse": reverse("claims:browse"),
            "browse, searched": reverse("claims:browse") + "?q=civilians&language=en",
        }
        return pages


# An Arabic report of a denial, in the demo's dispute. The outlet and its
# address are invented; the words are the test's own.
ARABIC_TEXT = (
    "قال مصدر عسكري سوري إن الطائرات الروسية نفذت ضربات جوية على مقرات للتنظيمات "
    "الإرهابية في ريف حمص الشمالي، ولم تستهدف أي مناطق سكنية."
)
ARABIC_QUOTE = "ولم تستهدف أي مناطق سكنية"


@pytest.fixture
def public_site(settings) -> PublicSite:
    from claims.devdata.demo import load_demo
    from claims.models import Appearance, Claim
    from tests.factories import make_quote, make_source, make_speaker

    settings.DEBUG = True  # the demo refuses to create its accounts otherwise
    demo = load_demo()
    source = make_source(
        text=ARABIC_TEXT,
        title="الطيران الروسي يستهدف مقرات في ريف حمص الشمالي",
        outlet="Example Arabic Wire",
        url="https://news.example.org/ar/homs-strikes",
        language="ar",
        kind="article",
    )
    claim = Claim.objects.create(
        speaker=make_speaker(name="Syrian military source", kind="anonymous"),
        text="The Russian strikes in northern Homs did not hit any residential area.",
        speaker_role="unnamed officer",
        claimed_on=demo.khoja_claim.claimed_on,
        dispute=demo.dispute,
        dispute_stance=Claim.DisputeStance.DENIES,
        published_at=demo.dispute.published_at,
    )
    Appearance.objects.create(
        claim=claim, quote=make_quote(revision=source.current_revision(), exact=ARABIC_QUOTE)
    )
    return PublicSite(demo=demo, arabic_claim=claim, arabic_source=source)
