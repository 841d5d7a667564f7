"""Who may import and list sources: journalists and editors.

The claims app has its own workspace rule (``claims.access``); this app may
not import it, so it checks the permission that matters here. Both groups
hold ``sources.add_source`` (claims/migrations/0003_groups.py).
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

SOURCES_PERMISSION = "sources.add_source"


def can_work_on_sources(user) -> bool:
    return user.is_authenticated and user.has_perm(SOURCES_PERMISSION)


def sources_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous users are sent to sign in; signed-in users who may not add
    sources get a 403."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not can_work_on_sources(request.user):
            raise PermissionDenied("Only journalists and editors can import and list sources.")
        return view(request, *args, **kwargs)

    return wrapped
