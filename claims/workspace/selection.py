"""The reader's selection panel: a selected passage made into a new claim,
another appearance of a claim, or the new place of a quote a revision
orphaned; and the same from words typed instead of selected.

The panel is the ``panel`` partial of ``workspace/reader.html``
(``claims.workspace.reader`` builds the page). Its forms aim their success at
the text (the ``saved`` partial); a refusal comes back into the panel, or
into the typed-words form (``words``), with the reason.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from claims.access import workspace_required
from claims.domain.annotating import (
    add_appearance,
    check_selection,
    create_claim_from_selection,
    find_passage,
)
from claims.models import Claim
from claims.workspace.forms import ExistingClaimForm, NewClaimForm, ReselectForm, SelectionForm, WordsForm
from claims.workspace.reader import (
    PANEL_ADD,
    PANEL_NEW,
    PANEL_RESELECT,
    TEMPLATE,
    WORDS_ADD,
    WORDS_NEW,
    Panel,
    claims_quoted_in,
    get_source,
    reader_context,
)
from claims.workspace.responses import INVALID, REFUSALS, Answer, Shown, error_text
from sources.models import Quote, Source
from sources.revising import reanchor_orphan


def _keep_typed(form_class, data, *, prefix: str, **kwargs):
    """An unbound form showing what was typed into it, for the section of a
    page that was not submitted: its values stay, but it shows no errors."""
    form = form_class(prefix=prefix, **kwargs)
    form.initial = {
        name: data.get(form.add_prefix(name)) for name in form.fields if form.add_prefix(name) in data
    }
    return form


def _panel(source: Source, selection: SelectionForm) -> Panel:
    """The panel for a selection: its forms when the passage can become a
    quote, else the reason it cannot."""
    panel = Panel(selection=selection)
    if not selection.is_valid():
        panel.error = selection.error_text()
        return panel
    data = selection.cleaned_data
    revision = data["revision"]
    try:
        passage = check_selection(
            revision=revision,
            start=data["start"],
            end=data["end"],
            # The browser leaves out very long passages' words to keep the
            # URL short; the panel then shows the server's words to confirm.
            exact=data["exact"] or None,
        )
    except ValidationError as error:
        panel.error = error_text(error)
        return panel
    if not data["exact"]:
        selection.data = selection.data.copy()
        selection.data["exact"] = passage
    panel.quote = Quote.from_position(revision, data["start"], data["end"])
    return panel


def _selection_from_query(request: HttpRequest, source: Source) -> SelectionForm:
    return SelectionForm(request.GET, source=source, auto_id=False)


def _panel_answer(request: HttpRequest, source: Source, panel: Panel) -> Answer:
    """The panel alone for htmx (into ``#selection-panel``), else the whole
    reader with the panel open; a refusal's reason is the panel's error."""

    def context(shown: Shown) -> dict:
        if shown.error:
            panel.error = shown.error
        if shown.fragment:
            return {"source": source, "panel": panel}
        return reader_context(source, panel=panel)

    # Forms in the panel aim their success at the text; errors go back
    # into the panel.
    aim = ("#selection-panel", "innerHTML") if request.method == "POST" else None
    return Answer(request, TEMPLATE, "panel", context, error_key=None, retarget=aim)


@workspace_required
@require_GET
def selection(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_source(pk)
    panel = _panel(source, _selection_from_query(request, source))
    answer = _panel_answer(request, source, panel)
    if panel.error:
        return answer.page(status=INVALID)
    panel.new_form = NewClaimForm(prefix=PANEL_NEW, initial={"text": " ".join(panel.quote.exact.split())})
    panel.add_form = ExistingClaimForm(prefix=PANEL_ADD, default_claims=claims_quoted_in(source))
    panel.reselect_form = _reselect_form(source)
    return answer.page()


def _reselect_form(source: Source, data=None) -> ReselectForm | None:
    """The panel's third choice, offered only while quotes need re-selecting."""
    form = ReselectForm(data, source=source, prefix=PANEL_RESELECT)
    return form if data is not None or form.fields["quote"].queryset.exists() else None


def _created(claim: Claim) -> str:
    return f"New claim by {claim.speaker.name} saved, with this passage as its first appearance."


def _added(claim: Claim) -> str:
    return f"Passage added as another appearance of {claim.speaker.name}'s claim."


def _saved(request: HttpRequest, source: Source, *, quote: Quote, message: str) -> HttpResponse:
    """After a quote is saved: for htmx the text with its new highlight and,
    out of band, the message and a reset panel; otherwise a redirect to the
    reader with the message."""
    answer = Answer(
        request,
        TEMPLATE,
        "saved",
        lambda shown: reader_context(source, new_quote_id=quote.pk),
        success_url=reverse("workspace:reader", args=[source.pk]) + f"#quote-{quote.pk}",
    )
    return answer.done(message)


@workspace_required
@require_POST
def claim_from_selection(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_source(pk)
    selection_form = SelectionForm(request.POST, source=source, auto_id=False)
    panel = _panel(source, selection_form)
    panel.new_form = NewClaimForm(request.POST, prefix=PANEL_NEW)
    panel.add_form = _keep_typed(
        ExistingClaimForm, request.POST, prefix=PANEL_ADD, default_claims=claims_quoted_in(source)
    )
    answer = _panel_answer(request, source, panel)
    if panel.error or not panel.new_form.is_valid():
        return answer.page(status=INVALID)
    data, form = selection_form.cleaned_data, panel.new_form.cleaned_data
    try:
        claim = create_claim_from_selection(
            revision=data["revision"],
            start=data["start"],
            end=data["end"],
            exact=data["exact"],
            text=form["text"],
            speaker=panel.new_form.chosen_speaker(),
            role=form["speaker_role"],
            claimed_on=form["claimed_on"],
            venue=form["venue"],
            by=request.user,
        )
    except REFUSALS as error:
        return answer.refused(error)
    return _saved(request, source, quote=claim.appearances.get().quote, message=_created(claim))


@workspace_required
@require_POST
def appearance_from_selection(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_source(pk)
    selection_form = SelectionForm(request.POST, source=source, auto_id=False)
    panel = _panel(source, selection_form)
    panel.new_form = _keep_typed(NewClaimForm, request.POST, prefix=PANEL_NEW)
    panel.add_form = ExistingClaimForm(
        request.POST, prefix=PANEL_ADD, default_claims=claims_quoted_in(source)
    )
    answer = _panel_answer(request, source, panel)
    if panel.error or not panel.add_form.is_valid():
        return answer.page(status=INVALID)
    data = selection_form.cleaned_data
    claim = panel.add_form.cleaned_data["claim"]
    try:
        appearance = add_appearance(
            claim=claim,
            revision=data["revision"],
            start=data["start"],
            end=data["end"],
            exact=data["exact"],
            by=request.user,
        )
    except REFUSALS as error:
        return answer.refused(error)
    return _saved(request, source, quote=appearance.quote, message=_added(claim))


@workspace_required
@require_POST
def reselect_from_selection(request: HttpRequest, pk: int) -> HttpResponse:
    """Anchor a quote that a revision orphaned on the passage selected in the
    current text. The quote moves in place, so its claim keeps it, and its
    history keeps where it was."""
    source = get_source(pk)
    selection_form = SelectionForm(request.POST, source=source, auto_id=False)
    panel = _panel(source, selection_form)
    panel.new_form = _keep_typed(NewClaimForm, request.POST, prefix=PANEL_NEW)
    panel.add_form = _keep_typed(
        ExistingClaimForm, request.POST, prefix=PANEL_ADD, default_claims=claims_quoted_in(source)
    )
    panel.reselect_form = _reselect_form(source, request.POST)
    answer = _panel_answer(request, source, panel)
    if panel.error or not panel.reselect_form.is_valid():
        return answer.page(status=INVALID)
    data = selection_form.cleaned_data
    quote = panel.reselect_form.cleaned_data["quote"]
    try:
        # _panel has checked the selection against the text.
        reanchor_orphan(
            quote=quote, start=data["start"], end=data["end"], by=request.user, revision=data["revision"]
        )
    except REFUSALS as error:
        return answer.refused(error)
    return _saved(request, source, quote=quote, message="Quote re-selected in the current text.")


# --- Typing the words instead of selecting them -----------------------------------


def _quote_words(
    request: HttpRequest, source: Source, typed: dict, *, adding: bool, chosen
) -> tuple[Quote, str]:
    """Find the words ``typed`` in the current text and make the quote: an
    appearance of the claim ``chosen`` names when ``adding``, else a new
    claim as ``chosen`` describes it. The quote, and the message to show;
    raises ValidationError when the words are not there once."""
    revision = source.current_revision()
    start, end = find_passage(
        revision=revision, exact=typed["exact"], prefix=typed["prefix"], suffix=typed["suffix"]
    )
    if adding:
        claim = chosen.cleaned_data["claim"]
        appearance = add_appearance(
            claim=claim,
            revision=revision,
            start=start,
            end=end,
            exact=revision.text[start:end],
            by=request.user,
        )
        return appearance.quote, _added(claim)
    form = chosen.cleaned_data
    claim = create_claim_from_selection(
        revision=revision,
        start=start,
        end=end,
        exact=revision.text[start:end],
        text=form["text"],
        speaker=chosen.chosen_speaker(),
        role=form["speaker_role"],
        claimed_on=form["claimed_on"],
        venue=form["venue"],
        by=request.user,
    )
    return claim.appearances.get().quote, _created(claim)


@workspace_required
@require_POST
def quote_by_words(request: HttpRequest, pk: int) -> HttpResponse:
    """The passage typed instead of selected: the server finds the words in
    the current text and makes a new claim or another appearance from them,
    as the submit button pressed says (``action``: ``new`` or ``existing``)."""
    source = get_source(pk)
    adding = request.POST.get("action", "new") == "existing"
    words = WordsForm(request.POST, prefix="words")
    # One form with two sections: the one whose button was pressed is
    # validated; the other keeps what was typed in it. Neither section's
    # fields are marked required in HTML, or the browser would refuse to
    # submit one section for the other's empty fields.
    optional = {"use_required_attribute": False}
    claims_here = claims_quoted_in(source)
    if adding:
        words_new = _keep_typed(NewClaimForm, request.POST, prefix=WORDS_NEW, **optional)
        words_add = ExistingClaimForm(request.POST, prefix=WORDS_ADD, default_claims=claims_here, **optional)
        chosen = words_add
    else:
        words_new = NewClaimForm(request.POST, prefix=WORDS_NEW, **optional)
        words_add = _keep_typed(
            ExistingClaimForm, request.POST, prefix=WORDS_ADD, default_claims=claims_here, **optional
        )
        chosen = words_new

    # Errors go back into the typed-words form, which stays as it was sent.
    answer = Answer(
        request,
        TEMPLATE,
        "words",
        lambda shown: reader_context(source, words=words, words_new=words_new, words_add=words_add),
        error_key="words_error",
        retarget=("#words-form", "outerHTML"),
    )
    if not (words.is_valid() and chosen.is_valid()):
        return answer.page(status=INVALID)
    try:
        quote, message = _quote_words(request, source, words.cleaned_data, adding=adding, chosen=chosen)
    except REFUSALS as error:
        return answer.refused(error)
    return _saved(request, source, quote=quote, message=message)
