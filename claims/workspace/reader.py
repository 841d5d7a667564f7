"""The source reader: a source's text with its quotes highlighted, and the
panel that turns a selected passage into a claim or another appearance of one.

One template serves everything (``workspace/reader.html``): the full page, and
for htmx its named partials: ``text`` (the highlighted text and the list of
quotes), ``panel`` (the selection panel), ``words`` (the form for typing a
passage's words) and ``saved`` (the text again, with the panel reset and a
message, out of band).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import reswap, retarget

from claims.access import workspace_required
from claims.domain.annotating import (
    add_appearance,
    check_selection,
    create_claim_from_selection,
    find_passage,
)
from claims.domain.lookups import find_claims, find_speakers
from claims.models import Appearance, Claim
from claims.workspace.forms import (
    SEARCH_RESULTS,
    ExistingClaimForm,
    NewClaimForm,
    ReselectForm,
    SelectionForm,
    WordsForm,
    checked_speaker,
)
from sources.highlight import Span, highlight
from sources.models import Quote, Source, SourceRevision
from sources.revising import reanchor_orphan

TEMPLATE = "workspace/reader.html"

# Form prefixes: the panel's two forms and the typed-words form's two
# sections are on one page, so their fields need distinct names and ids.
PANEL_NEW, PANEL_ADD, PANEL_RESELECT = "new", "add", "reselect"
WORDS_NEW, WORDS_ADD = "wnew", "wadd"
SPEAKER_PREFIXES = {PANEL_NEW, WORDS_NEW}
CLAIM_PREFIXES = {PANEL_ADD, WORDS_ADD}

# Status for a form shown again with errors. htmx swaps it too (see
# static/js/reader.js), so the journalist sees the errors in place.
INVALID = 422


@dataclass
class Panel:
    """What the selection panel shows: the passage and the two forms, or
    only an error when the selection itself cannot become a quote."""

    selection: SelectionForm
    new_form: NewClaimForm | None = None
    add_form: ExistingClaimForm | None = None
    reselect_form: ReselectForm | None = None
    quote: Quote | None = None  # unsaved, for the passage and its context
    error: str = ""


def _message(error: ValidationError) -> str:
    return " ".join(error.messages)


# Claims offered before any search; more are found by searching.
CLAIMS_OFFERED = 12


def _claims_in(source: Source) -> QuerySet[Claim]:
    """The claims already quoted in this source, offered first when a
    journalist adds another appearance."""
    return (
        Claim.objects.active()
        .filter(appearances__quote__revision__source=source)
        .select_related("speaker")
        .distinct()
        .order_by("speaker__name", "pk")[:CLAIMS_OFFERED]
    )


def _get_source(pk: int) -> Source:
    return get_object_or_404(Source, pk=pk)


def _keep_typed(form_class, data, *, prefix: str, **kwargs):
    """An unbound form showing what was typed into it, for the section of a
    page that was not submitted: its values stay, but it shows no errors."""
    form = form_class(prefix=prefix, **kwargs)
    form.initial = {
        name: data.get(form.add_prefix(name)) for name in form.fields if form.add_prefix(name) in data
    }
    return form


# --- Building the page ----------------------------------------------------------


def _quote_title(claim: Claim | None) -> str:
    if claim is None:
        return "A quote not linked to any claim"
    return f"{claim.speaker.name}: {claim.text}"


def _quote_href(quote: Quote, claim: Claim | None) -> str:
    # A quote links to its claim's page in the workspace, where the claim is
    # edited; a quote of no claim to its entry in the list under the text.
    if claim is not None:
        return reverse("workspace:claim", args=[claim.pk])
    return f"#quote-{quote.pk}"


def _claim_of(quote: Quote) -> Claim | None:
    appearance = getattr(quote, "appearance", None)
    return appearance.claim if appearance is not None else None


def _quotes_on(revision: SourceRevision) -> list[Quote]:
    return list(
        Quote.objects.filter(revision=revision)
        .select_related("appearance__claim__speaker")
        .order_by("start", "end", "pk")
    )


def _quotes_as_they_were_on(revision: SourceRevision) -> list[Quote]:
    """The quotes of an earlier revision, as they were anchored on it.

    A revision moves quotes onto the new text in place, so an earlier
    revision's quotes are read back from their history: for each quote, its
    last recorded state while it was on this revision. Quotes still on it
    (orphans) are among them.
    """
    records = Quote.history.filter(revision_id=revision.pk).order_by("id", "-history_date", "-history_id")
    latest = {}
    for record in records.only("id", "start", "end", "exact", "prefix", "suffix", "orphaned"):
        latest.setdefault(record.id, record)
    claims = {
        appearance.quote_id: appearance.claim
        for appearance in Appearance.objects.filter(quote_id__in=latest).select_related("claim__speaker")
    }
    quotes = []
    for record in latest.values():
        quote = Quote(
            pk=record.id,
            revision=revision,
            start=record.start,
            end=record.end,
            exact=record.exact,
            prefix=record.prefix,
            suffix=record.suffix,
            orphaned=record.orphaned,
        )
        quote.claim = claims.get(record.id)
        quotes.append(quote)
    return sorted(quotes, key=lambda q: (q.start, q.end, q.pk))


def _reader_context(
    source: Source,
    *,
    revision: SourceRevision | None = None,
    panel: Panel | None = None,
    words: WordsForm | None = None,
    words_new: NewClaimForm | None = None,
    words_add: ExistingClaimForm | None = None,
    words_error: str = "",
    new_quote_id: int | None = None,
) -> dict:
    """Everything the reader template needs, in a number of queries that does
    not grow with the number of quotes."""
    revisions = list(source.revisions.only("pk", "number", "created_at", "note", "source_id"))
    if not revisions:
        raise Http404("This source has no text.")
    current = revisions[-1]
    if revision is None:
        revision = source.revisions.get(pk=current.pk)
    is_current = revision.pk == current.pk

    quotes = _quotes_on(revision) if is_current else _quotes_as_they_were_on(revision)
    text = revision.text
    anchored = []
    for quote in quotes:
        quote.revision = revision  # lead_out reads the text; share the one copy
        if not hasattr(quote, "claim"):
            quote.claim = _claim_of(quote)
        # A quote flagged orphaned may still sit on its old words in this
        # revision; highlight it only where the words are really there.
        if text[quote.start : quote.end] == quote.exact:
            anchored.append(quote)
    # Numbered as in the list under the text, which is in the same order.
    spans = [
        Span(q.start, q.end, q.pk, href=_quote_href(q, q.claim), title=_quote_title(q.claim), label=str(n))
        for n, q in enumerate(anchored, start=1)
    ]

    orphans = list(
        Quote.objects.filter(revision__source=source, orphaned=True)
        .select_related("revision", "appearance__claim__speaker")
        .defer("revision__text")
        .order_by("revision__number", "start", "pk")
    )
    for quote in orphans:
        quote.claim = _claim_of(quote)

    if words is None:
        words = WordsForm(prefix="words")
    if words_new is None:
        words_new = NewClaimForm(prefix=WORDS_NEW, use_required_attribute=False)
    if words_add is None:
        words_add = ExistingClaimForm(
            prefix=WORDS_ADD, default_claims=_claims_in(source), use_required_attribute=False
        )

    return {
        "source": source,
        "revision": revision,
        "revisions": revisions,
        "current": current,
        "is_current": is_current,
        "paragraphs": highlight(text, spans),
        "quotes": anchored,
        "orphans": orphans,
        "panel": panel,
        "words": words,
        "words_new": words_new,
        "words_add": words_add,
        "words_error": words_error,
        "new_quote_id": new_quote_id,
    }


@workspace_required
@require_GET
def reader(request: HttpRequest, pk: int) -> HttpResponse:
    source = _get_source(pk)
    revision = None
    number = request.GET.get("revision")
    if number:
        if not number.isdigit():
            raise Http404("No such revision.")
        revision = get_object_or_404(SourceRevision, source=source, number=int(number))
    context = _reader_context(source, revision=revision)
    return render(request, f"{TEMPLATE}#text" if request.htmx else TEMPLATE, context)


# --- The selection panel --------------------------------------------------------


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
        panel.error = _message(error)
        return panel
    if not data["exact"]:
        selection.data = selection.data.copy()
        selection.data["exact"] = passage
    panel.quote = Quote.from_position(revision, data["start"], data["end"])
    return panel


def _selection_from_query(request: HttpRequest, source: Source) -> SelectionForm:
    return SelectionForm(request.GET, source=source, auto_id=False)


def _render_panel(request: HttpRequest, source: Source, panel: Panel, *, status: int = 200) -> HttpResponse:
    """The panel alone for htmx (into ``#selection-panel``), else the whole
    reader with the panel open."""
    if request.htmx:
        response = render(request, f"{TEMPLATE}#panel", {"source": source, "panel": panel}, status=status)
        if request.method == "POST":
            # Forms in the panel aim their success at the text; errors go
            # back into the panel.
            response = reswap(retarget(response, "#selection-panel"), "innerHTML")
        return response
    return render(request, TEMPLATE, _reader_context(source, panel=panel), status=status)


@workspace_required
@require_GET
def selection(request: HttpRequest, pk: int) -> HttpResponse:
    source = _get_source(pk)
    panel = _panel(source, _selection_from_query(request, source))
    if panel.error:
        return _render_panel(request, source, panel, status=INVALID)
    panel.new_form = NewClaimForm(prefix=PANEL_NEW, initial={"text": " ".join(panel.quote.exact.split())})
    panel.add_form = ExistingClaimForm(prefix=PANEL_ADD, default_claims=_claims_in(source))
    panel.reselect_form = _reselect_form(source)
    return _render_panel(request, source, panel)


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
    if request.htmx:
        context = _reader_context(source, new_quote_id=quote.pk)
        context["saved_message"] = message
        return render(request, f"{TEMPLATE}#saved", context)
    messages.success(request, message)
    return redirect(reverse("workspace:reader", args=[source.pk]) + f"#quote-{quote.pk}")


@workspace_required
@require_POST
def claim_from_selection(request: HttpRequest, pk: int) -> HttpResponse:
    source = _get_source(pk)
    selection_form = SelectionForm(request.POST, source=source, auto_id=False)
    panel = _panel(source, selection_form)
    panel.new_form = NewClaimForm(request.POST, prefix=PANEL_NEW)
    panel.add_form = _keep_typed(
        ExistingClaimForm, request.POST, prefix=PANEL_ADD, default_claims=_claims_in(source)
    )
    if panel.error or not panel.new_form.is_valid():
        return _render_panel(request, source, panel, status=INVALID)
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
    except ValidationError as error:
        panel.error = _message(error)
        return _render_panel(request, source, panel, status=INVALID)
    return _saved(request, source, quote=claim.appearances.get().quote, message=_created(claim))


@workspace_required
@require_POST
def appearance_from_selection(request: HttpRequest, pk: int) -> HttpResponse:
    source = _get_source(pk)
    selection_form = SelectionForm(request.POST, source=source, auto_id=False)
    panel = _panel(source, selection_form)
    panel.new_form = _keep_typed(NewClaimForm, request.POST, prefix=PANEL_NEW)
    panel.add_form = ExistingClaimForm(request.POST, prefix=PANEL_ADD, default_claims=_claims_in(source))
    if panel.error or not panel.add_form.is_valid():
        return _render_panel(request, source, panel, status=INVALID)
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
    except ValidationError as error:
        panel.error = _message(error)
        return _render_panel(request, source, panel, status=INVALID)
    return _saved(
        request,
        source,
        quote=appearance.quote,
        message=_added(claim),
    )


@workspace_required
@require_POST
def reselect_from_selection(request: HttpRequest, pk: int) -> HttpResponse:
    """Anchor a quote that a revision orphaned on the passage selected in the
    current text. The quote moves in place, so its claim keeps it, and its
    history keeps where it was."""
    source = _get_source(pk)
    selection_form = SelectionForm(request.POST, source=source, auto_id=False)
    panel = _panel(source, selection_form)
    panel.new_form = _keep_typed(NewClaimForm, request.POST, prefix=PANEL_NEW)
    panel.add_form = _keep_typed(
        ExistingClaimForm, request.POST, prefix=PANEL_ADD, default_claims=_claims_in(source)
    )
    panel.reselect_form = _reselect_form(source, request.POST)
    if panel.error or not panel.reselect_form.is_valid():
        return _render_panel(request, source, panel, status=INVALID)
    data = selection_form.cleaned_data
    quote = panel.reselect_form.cleaned_data["quote"]
    try:
        # _panel has checked the selection against the text.
        reanchor_orphan(
            quote=quote, start=data["start"], end=data["end"], by=request.user, revision=data["revision"]
        )
    except ValidationError as error:
        panel.error = _message(error)
        return _render_panel(request, source, panel, status=INVALID)
    return _saved(request, source, quote=quote, message="Quote re-selected in the current text.")


# --- Typing the words instead of selecting them -----------------------------------


@workspace_required
@require_POST
def quote_by_words(request: HttpRequest, pk: int) -> HttpResponse:
    """The passage typed instead of selected: the server finds the words in
    the current text and makes a new claim or another appearance from them,
    as the submit button pressed says (``action``: ``new`` or ``existing``)."""
    source = _get_source(pk)
    action = request.POST.get("action", "new")
    adding = action == "existing"
    words = WordsForm(request.POST, prefix="words")
    # One form with two sections: the one whose button was pressed is
    # validated; the other keeps what was typed in it. Neither section's
    # fields are marked required in HTML, or the browser would refuse to
    # submit one section for the other's empty fields.
    optional = {"use_required_attribute": False}
    claims_here = _claims_in(source)
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

    error = ""
    quote = None
    if words.is_valid() and chosen.is_valid():
        revision = source.current_revision()
        typed = words.cleaned_data
        try:
            start, end = find_passage(
                revision=revision, exact=typed["exact"], prefix=typed["prefix"], suffix=typed["suffix"]
            )
            if adding:
                claim = words_add.cleaned_data["claim"]
                quote = add_appearance(
                    claim=claim,
                    revision=revision,
                    start=start,
                    end=end,
                    exact=revision.text[start:end],
                    by=request.user,
                ).quote
                message = _added(claim)
            else:
                form = words_new.cleaned_data
                claim = create_claim_from_selection(
                    revision=revision,
                    start=start,
                    end=end,
                    exact=revision.text[start:end],
                    text=form["text"],
                    speaker=words_new.chosen_speaker(),
                    role=form["speaker_role"],
                    claimed_on=form["claimed_on"],
                    venue=form["venue"],
                    by=request.user,
                )
                quote = claim.appearances.get().quote
                message = _created(claim)
        except ValidationError as invalid:
            error = _message(invalid)
    if quote is not None:
        return _saved(request, source, quote=quote, message=message)

    context = _reader_context(
        source, words=words, words_new=words_new, words_add=words_add, words_error=error
    )
    if request.htmx:
        response = render(request, f"{TEMPLATE}#words", context, status=INVALID)
        return reswap(retarget(response, "#words-form"), "outerHTML")
    return render(request, TEMPLATE, context, status=INVALID)


# --- Search-as-you-type -------------------------------------------------------------


def _prefix(request: HttpRequest, allowed: set[str]) -> str:
    prefix = request.GET.get("prefix", "")
    if prefix not in allowed:
        raise Http404("Unknown form.")
    return prefix


@workspace_required
@require_GET
def speaker_search(request: HttpRequest) -> HttpResponse:
    """Radio buttons for the speakers matching the name typed so far."""
    prefix = _prefix(request, SPEAKER_PREFIXES)
    query = request.GET.get(f"{prefix}-speaker_name", request.GET.get("q", "")).strip()
    speakers = list(find_speakers(query)[:SEARCH_RESULTS]) if query else []
    return render(
        request,
        "workspace/_speaker_results.html",
        {
            "prefix": prefix,
            "query": query,
            "speakers": speakers,
            "checked": checked_speaker("", query, speakers),
        },
    )


@workspace_required
@require_GET
def claim_search(request: HttpRequest) -> HttpResponse:
    """Radio buttons for the claims matching the words typed so far; with
    nothing typed, the claims already quoted in the source given, if any."""
    prefix = _prefix(request, CLAIM_PREFIXES)
    query = request.GET.get(f"{prefix}-claim_q", request.GET.get("q", "")).strip()
    if query:
        claims = list(find_claims(query)[:SEARCH_RESULTS])
    else:
        source_id = request.GET.get("source", "")
        source = Source.objects.filter(pk=source_id).first() if source_id.isdigit() else None
        claims = list(_claims_in(source)) if source is not None else []
    return render(
        request,
        "workspace/_claim_results.html",
        {"prefix": prefix, "query": query, "claims": claims, "checked": ""},
    )
