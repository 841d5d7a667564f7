import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    # The production hasher is slow on purpose; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    # Each test starts with no cached pages, login attempts or other state
    # left by another test (the local-memory cache lives as long as the process).
    cache.clear()


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
