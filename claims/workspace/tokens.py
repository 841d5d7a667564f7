"""A journalist's or an editor's personal API tokens: the list, making one
(its secret shown once, on the answer to the form, never again), and
revoking one after a confirmation. The rules are ``claims.domain.tokens``'."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from claims.access import workspace_required
from claims.domain.tokens import MAX_NAME_LENGTH, create_token, revoke_token
from claims.models import APIToken
from claims.workspace.responses import INVALID, add_errors

TEMPLATE = "workspace/tokens.html"


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=MAX_NAME_LENGTH,
        help_text="What the token is for, such as “CMS embed” or “data desk notebook”.",
        error_messages={"required": "Give the token a name, such as what it is for."},
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
    )
    scope = forms.ChoiceField(
        label="Access",
        choices=APIToken.Scope.choices,
        initial=APIToken.Scope.READ,
        widget=forms.RadioSelect,
        help_text="Read only can read everything in the workspace; read and write can also do "
        "everything you can do in it.",
        error_messages={"required": "Choose read only, or read and write."},
    )
    expires_on = forms.DateField(
        label="Expires on (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The token stops working at the end of this day. Leave empty for no expiry.",
        error_messages={"invalid": "Enter the date as year-month-day, such as 2026-12-31."},
    )

    def expires_at(self) -> dt.datetime | None:
        """The end of the day chosen, in the newsroom's time zone."""
        day = self.cleaned_data["expires_on"]
        if day is None:
            return None
        return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))


def _page(request: HttpRequest, form: TokenForm, *, status: int = 200, new_secret: str = "") -> HttpResponse:
    tokens = APIToken.objects.filter(owner=request.user)
    context = {"form": form, "tokens": tokens, "new_secret": new_secret}
    response = render(request, TEMPLATE, context, status=status)
    # The page may hold a secret: no cache, no back-button copy keeps it.
    response["Cache-Control"] = "private, no-store"
    return response


@workspace_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=INVALID)
    try:
        made = create_token(
            owner=request.user,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            expires_at=form.expires_at(),
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") and "expires_at" in error.error_dict:
            error = ValidationError({"expires_on": error.error_dict.pop("expires_at"), **error.error_dict})
        add_errors(form, error)
        return _page(request, form, status=INVALID)
    # Shown on this answer only: it is not stored, flashed or redirected to.
    return _page(request, TokenForm(), status=201, new_secret=made.secret)


@workspace_required
@require_http_methods(["GET", "POST"])
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation page, then the revocation. Another person's token is 404."""
    token = get_object_or_404(APIToken, pk=pk, owner=request.user)
    if request.method == "POST" and token.revoked_at is None:
        revoke_token(token=token, by=request.user)
        messages.success(request, f"Token “{token.name}” revoked: it no longer works.")
        return redirect("workspace:tokens")
    return render(request, "workspace/token_revoke.html", {"token": token})
