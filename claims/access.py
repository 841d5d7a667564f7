"""Who may reach which pages. Checked in every view, never only in templates."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

# Journalists and editors hold it (claims/migrations/0003_groups.py); readers
# have no account, and an account in neither group has no workspace.
WORKSPACE_PERMISSION = "claims.change_claim"
# Editors only: deciding verdicts in the review queue, and publishing.
REVIEW_PERMISSION = "claims.approve_verdict"
PUBLISH_CLAIM_PERMISSION = "claims.publish_claim"
PUBLISH_DISPUTE_PERMISSION = "claims.publish_dispute"
# Importing other fact-checkers' reviews and confirming which claim each is
# about puts their verdict on our claim pages: an editor's sign-off, as
# approving a verdict is, so the same permission.
IMPORT_FACT_CHECKS_PERMISSION = REVIEW_PERMISSION


def can_use_workspace(user) -> bool:
    return user.is_authenticated and user.has_perm(WORKSPACE_PERMISSION)


def workspace_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous users are sent to sign in; signed-in users outside the
    Journalist and Editor groups get a 403."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not can_use_workspace(request.user):
            raise PermissionDenied("Only journalists and editors can use the workspace.")
        return view(request, *args, **kwargs)

    return wrapped


def require_permission(request: HttpRequest, permission: str, message: str) -> None:
    """Raise PermissionDenied with ``message`` unless the user holds
    ``permission``. Views check before calling the domain, which checks
    again, so that a hidden form posted by hand is refused before anything
    runs."""
    if not request.user.has_perm(permission):
        raise PermissionDenied(message)
