"""The one NinjaAPI instance, its routers, and its URLs.

The OpenAPI 3 document is generated from the same typed schemas that
validate input, and served at /api/v1/openapi.json; the human-readable
reference is Counterclaim's own page (no script from elsewhere).
"""

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver, path, re_path
from ninja import NinjaAPI

from claims.api import auth, errors, newsroom, public, reference
from claims.api.etag import conditional
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
errors.register(api)


def _public(patterns: list) -> list:
    """Every API view is reached without a session: the public part is for
    anyone, and the newsroom's part checks its token itself. Django's
    LoginRequiredMiddleware (default deny) is told so view by view."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            _public(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            # JSON for a method not taken, and an ETag on every answer to a GET.
            entry.callback = login_not_required(conditional(errors.json_method_errors(entry.callback)))
    return patterns


def urls() -> tuple:
    patterns, app_name, namespace = api.urls
    # The reference page answers at the API's root, before ninja's own root
    # (kept, shadowed: ninja finds the API's prefix by its name); any other
    # address under the API is a JSON 404, never the site's HTML page.
    page = path("", reference.reference_page(api), name="api-reference")
    unmatched = re_path(r"^", errors.not_found)
    return _public([page, *patterns, unmatched]), app_name, namespace
