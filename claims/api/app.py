"""The one NinjaAPI instance, its routers, and its URLs.

The OpenAPI 3 document is generated from the same typed schemas that
validate input, and served at /api/v1/openapi.json; the human-readable
reference is Counterclaim's own page (no script from elsewhere).
"""

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI

from claims.api import auth, newsroom, public
from claims.api.throttling import THROTTLES

api = NinjaAPI(
    title="Counterclaim API",
    version="1",
    description="Published claims, disputes, speakers and sources, and, with a personal API token, "
    "everything the newsroom's workspace does.",
    urls_namespace="api",
    docs_url=None,
    openapi_url="/openapi.json",
    # Per address without a token, per token with one: 429 with Retry-After.
    throttle=THROTTLES,
)
auth.add_error_handlers(api)
api.add_router("/", public.router)
api.add_router("/newsroom/", newsroom.router)


def _public(patterns: list) -> list:
    """Every API view is reached without a session: the public part is for
    anyone, and the newsroom's part checks its token itself. Django's
    LoginRequiredMiddleware (default deny) is told so view by view."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            _public(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            entry.callback = login_not_required(entry.callback)
    return patterns


def urls() -> tuple:
    patterns, app_name, namespace = api.urls
    return _public(list(patterns)), app_name, namespace
