"""A deactivated account's session ends at its next request.

Django already stops such a session from authenticating: the model backend
refuses inactive users, so the request is anonymous. But the session itself
stays, and would sign the person in again if the account were reactivated.
Flushing it makes deactivation final for every browser the account had
signed in from.
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest, HttpResponse


class EndInactiveSessionsMiddleware:
    """After AuthenticationMiddleware: a session that names a user who no
    longer authenticates (deactivated or deleted) is flushed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Readers carry no session cookie: their session is not even looked
        # at, which would mark the response as varying by cookie.
        if (
            settings.SESSION_COOKIE_NAME in request.COOKIES
            and SESSION_KEY in request.session
            and not request.user.is_authenticated
        ):
            request.session.flush()
        return self.get_response(request)
