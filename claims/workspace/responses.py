"""One way to answer a workspace request.

A workspace page is one template. For htmx a view answers with one named
partial of it (``page.html#part``), otherwise with the whole page; after a
plain POST that succeeded, with a redirect and a message, so that every form
works without JavaScript (style.md, habits 6 and 7). An ``Answer`` names, for
one request, the template, the partial and how to build their context; its
methods are the responses:

* ``done(message)``: it worked. For htmx the partial with the message, else
  the message flashed and a redirect to ``success_url``.
* ``page(shown, status=...)``: the partial for htmx, else the whole page.
* ``invalid(form)``: 422, the form shown again with its errors.
* ``refused(error, form=...)``: what the domain refused, by its kind:

  - ``PermissionDenied``: 403, a page that says why. For htmx too: a
    refusal is not a state of the section, so there is nothing to swap.
  - ``EditConflict``: 409, the form again at the version now stored, with
    what the other person changed, so that saving again is a decision.
  - ``workflow.TransitionRefused``: 409, with the workflow's message.
  - ``ValidationError``: 422, its messages on the form when there is one,
    else as the page's error.

A view catches ``REFUSALS`` around its one call into the domain and hands
the error over; whatever else goes wrong is not a refusal and is left alone::

    try:
        workflow.submit_verdict(verdict=verdict, by=request.user)
    except REFUSALS as error:
        return answer.refused(error)
    return answer.done("Verdict submitted.")

``templates/base.html`` tells htmx to swap 409 and 422 answers like a 200, so
the fragment with the errors replaces the one the form was sent from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django_htmx.http import reswap, retarget

from claims.domain.editing import EditConflict
from claims.domain.refusals import CONFLICT, FORBIDDEN, INVALID
from claims.domain.refusals import REFUSALS as REFUSALS
from claims.domain.workflow import TransitionRefused
from claims.workspace.conflicts import at_version

# What the domain raises to refuse a request (REFUSALS), and each one's
# status, are claims.domain.refusals', which the API answers by too;
# ``Answer.refused`` answers each here. Views import them from this module.
REFUSED_TEMPLATE = "workspace/_verdict_refused.html"


@dataclass(frozen=True)
class Shown:
    """What an answer shows besides what is stored: whether it is the
    fragment or the whole page, a form sent back (with its errors, or at the
    version now stored), the conflict that form met, and an error message."""

    fragment: bool = False
    form: forms.BaseForm | None = None
    conflict: EditConflict | None = None
    error: str = ""


@dataclass(frozen=True)
class Answer:
    """How one request to a workspace page is answered.

    ``context`` builds the template's context for what is ``Shown``: for the
    fragment it needs only what the partial shows. The answer then adds the
    success message under ``message_key`` and an error under ``error_key``,
    the names the template reads them by (with no ``error_key``, ``context``
    puts ``shown.error`` where its template shows it). A page without a
    ``partial`` (a form that is a page of its own) is answered whole, htmx
    or not. ``retarget``, a CSS selector and a swap style, sends an htmx
    answer somewhere else than the element that asked (the reader's forms
    aim at the text, but their errors go back into the form)."""

    request: HttpRequest
    template: str
    partial: str | None
    context: Callable[[Shown], dict]
    success_url: str = ""
    message_key: str = "saved_message"
    error_key: str | None = "error"
    retarget: tuple[str, str] | None = None

    @property
    def fragment(self) -> bool:
        return bool(self.request.htmx) and self.partial is not None

    def page(self, shown: Shown | None = None, *, status: int = 200, **extra) -> HttpResponse:
        """The partial for htmx, else the whole page, showing ``shown``;
        ``extra`` is added to the context."""
        shown = replace(shown or Shown(), fragment=self.fragment)
        context = self.context(shown) | extra
        if shown.error and self.error_key:
            context[self.error_key] = shown.error
        if not self.fragment:
            return render(self.request, self.template, context, status=status)
        response = render(self.request, f"{self.template}#{self.partial}", context, status=status)
        if self.retarget is not None:
            target, swap = self.retarget
            response = reswap(retarget(response, target), swap)
        return response

    def done(self, message: str, *, url: str = "") -> HttpResponse:
        """It worked: for htmx the partial with ``message``, else the message
        flashed and a redirect to ``url`` (by default ``success_url``)."""
        if self.fragment:
            return self.page(**{self.message_key: message})
        messages.success(self.request, message)
        return redirect(url or self.success_url)

    def invalid(self, form: forms.BaseForm) -> HttpResponse:
        """The form shown again with its errors."""
        return self.page(Shown(form=form), status=INVALID)

    def refused(
        self,
        error: Exception,
        *,
        form: forms.BaseForm | None = None,
        again: Callable[[EditConflict], forms.BaseForm] | None = None,
        on_form: bool = True,
    ) -> HttpResponse:
        """Answer a refusal from the domain with its status (see the module's
        docstring).

        ``form`` is the form the request sent, if any. After an EditConflict
        it comes back at the version now stored (``conflicts.at_version``),
        or as ``again(conflict)`` builds it when the form needs more than its
        data and prefix to be built. A ValidationError's messages go on the
        form, unless ``on_form`` is false: then the form comes back as sent
        and the messages are the page's error."""
        if isinstance(error, PermissionDenied):
            return forbidden(self.request, error)
        if isinstance(error, EditConflict):
            if form is None:
                return self.page(Shown(conflict=error, error=error.message), status=CONFLICT)
            shown_form = again(error) if again is not None else at_version(form, error)
            return self.page(Shown(form=shown_form, conflict=error), status=CONFLICT)
        if isinstance(error, TransitionRefused):
            return self.page(Shown(error=error.message), status=CONFLICT)
        if isinstance(error, ValidationError):
            if form is None or not on_form:
                return self.page(Shown(form=form, error=error_text(error)), status=INVALID)
            add_errors(form, error)
            return self.invalid(form)
        raise error


def forbidden(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    """The 403 page, saying why: the workflow's message, or the view's.
    (Django's own 403 page leaves the reason out, since there it could be
    anything; here it is always a sentence written for the journalist.)"""
    message = str(error) or "You are not allowed to do this."
    return render(request, REFUSED_TEMPLATE, {"message": message}, status=FORBIDDEN)


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """The domain's ValidationError onto the form: by field where it names
    one the form has, else for the whole form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
