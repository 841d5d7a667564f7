"""The environment tests run in, loaded as a pytest plugin (see pyproject.toml)
so that it runs before pytest-django sets Django up."""

import os

# Debug mode gives a development secret key and plain static storage (no
# collectstatic needed). Django's test runner still runs views with DEBUG off.
os.environ.setdefault("DJANGO_DEBUG", "true")
# Playwright's sync API runs an event loop in the test thread; Django would
# otherwise refuse database access from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
