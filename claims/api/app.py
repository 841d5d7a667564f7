"""The one NinjaAPI instance, its routers, and its URLs.

The OpenAPI 3 document is generated from the same typed schemas that
validate input, and served at /api/v1/openapi.json; the human-readable
reference is Counterclaim's own page (no script from elsewhere).
"""

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver, path, re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI

from claims.api import auth, errors, newsroom, public, reference
from claims.api.etag import conditional
from claims.api.throttling import THROTTLES


class CounterclaimAPI(NinjaAPI):
    """The NinjaAPI whose document declares what every operation may answer
    besides its own statuses: 429 when a client goes over its rate."""

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        schema["components"]["schemas"].setdefault("Error", errors.Error.model_json_schema())
        too_many = {
            "description": "Too many requests from this token or address: wait the seconds "
            "`Retry-After` gives.",
            "headers": {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}},
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
        for item in schema["paths"].values():
            for operation in item.values():
                if isinstance(operation, dict) and "responses" in operation:
                    operation["responses"].setdefault(429, too_many)
        return schema


api = CounterclaimAPI(
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
            # No CSRF check either: the API never reads the session cookie (the
            # newsroom's part takes only a bearer token), so a cross-site form
            # cannot act as anyone through it.
            view = conditional(errors.json_method_errors(entry.callback))
            entry.callback = csrf_exempt(login_not_required(view))
    return patterns


def urls() -> tuple:
    patterns, app_name, namespace = api.urls
    # The reference page answers at the API's root, before ninja's own root
    # (kept, shadowed: ninja finds the API's prefix by its name); any other
    # address under the API is a JSON 404, never the site's HTML page.
    page = path("", reference.reference_page(api), name="api-reference")
    unmatched = re_path(r"^", errors.not_found)
    return _public([page, *patterns, unmatched]), app_name, namespace
