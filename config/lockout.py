"""What someone sees when django-axes has paused sign-in for a username from
their address: the styled sign-in page with a message saying when to try
again, answered with 429 Too Many Requests and a Retry-After header.

Lockouts are per username *and* address (``AXES_LOCKOUT_PARAMETERS``), so an
attacker guessing a journalist's password from elsewhere never locks the
journalist out.
"""

import math
from datetime import timedelta

from axes.helpers import get_client_username, get_cool_off
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

TOO_MANY_REQUESTS = 429


def _safe_next(request: HttpRequest) -> str:
    """The page to go on to after signing in, as LoginView would accept it."""
    target = request.POST.get(REDIRECT_FIELD_NAME, request.GET.get(REDIRECT_FIELD_NAME, ""))
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else ""


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``. Axes calls it after a sign-in that reached
    the failure limit, and for every attempt while locked out; each such
    attempt restarts the cool-off (``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT``),
    so the wait is counted from this request."""
    cool_off = get_cool_off(request) or timedelta(0)
    started = getattr(request, "axes_attempt_time", None) or timezone.now()
    username = get_client_username(request, credentials) or ""
    context = {
        "form": AuthenticationForm(request, initial={"username": username}),
        REDIRECT_FIELD_NAME: _safe_next(request),
        "lockout": {
            "username": username,
            "minutes": max(1, math.ceil(cool_off.total_seconds() / 60)),
            "retry_at": started + cool_off,
        },
    }
    response = render(request, "registration/login.html", context, status=TOO_MANY_REQUESTS)
    response["Retry-After"] = str(math.ceil(cool_off.total_seconds()))
    return response
