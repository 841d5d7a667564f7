import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.management import call_command

from claims.public.caching import recent_pages

# The local news site the capture tests fetch from (a fixture, news_site).
pytest_plugins = ["tests.sources.capture.server"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    # The production hasher is slow on purpose; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    # Each test starts with no cached pages, login attempts or other state
    # left by another test (the local-memory cache lives as long as the process),
    # nor pages this process kept in its own memory in front of the cache.
    cache.clear()
    recent_pages.clear()


@pytest.fixture(autouse=True)
def archive_in_tmp(settings, tmp_path) -> None:
    # Captured pages and PDFs go to a folder of the test's own, never to the
    # project's media/ (a FileSystemStorage, so that a worker in another
    # process reads the same files).
    settings.STORAGES = {
        **settings.STORAGES,
        "archive": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "archive")},
        },
    }


@pytest.fixture
def journalist(db) -> User:
    user = User.objects.create_user("jo", password="pw-journalist-1")
    user.groups.add(Group.objects.get(name="Journalist"))
    return user


@pytest.fixture
def editor(db) -> User:
    user = User.objects.create_user("ed", password="pw-editor-1")
    user.groups.add(Group.objects.get(name="Editor"))
    return user


@pytest.fixture
def page_cache_off(settings) -> None:
    """For tests that count the queries a public view runs: the page cache
    adds its own (without a shared cache, a read of the generation's row, and
    its making again after a flush), which tests/claims/test_caching.py and
    test_page_generation.py count."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def run_tasks(db, monkeypatch):
    """Run every queued task that is due, with the real worker (django-tasks-db's
    ``db_worker --batch``), as ``make run``'s worker would; returns its output.

    Inside a test's transaction the worker must not close the database
    connection between tasks, as it does to drop stale ones: Django's own
    test cases keep requests from closing it in the same way."""
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)

    def run() -> str:
        out = io.StringIO()
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", stdout=out, stderr=out)
        return out.getvalue()

    return run
