"""Playwright driving Debian's Chromium against pytest-django's live server.

Playwright's own browser download cannot work here (nothing is fetched from
the internet), so tests launch the system Chromium. Where none is installed
the browser tests skip with one line, except under CI, where a missing
browser fails the run.
"""

import os
import shutil
from collections.abc import Iterator
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission

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
