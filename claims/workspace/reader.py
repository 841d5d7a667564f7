"""The source reader: a source's text with its quotes highlighted, where a
journalist selects a passage to make it a claim or another appearance of one
(``claims.workspace.selection`` answers the selection panel), and the
search-as-you-type behind the panel's forms.

One template serves everything (``workspace/reader.html``): the full page, and
for htmx its named partials: ``text`` (the highlighted text and the list of
quotes), ``panel`` (the selection panel), ``words`` (the form for typing a
passage's words) and ``saved`` (the text again, with the panel reset and a
message, out of band).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from claims.access import workspace_required
from claims.domain.lookups import find_claims, find_speakers, speaker_with_name
from claims.domain.similar import similar_claims
from claims.models import Appearance, Claim, Speaker
from claims.workspace.forms import (
    SEARCH_RESULTS,
    ExistingClaimForm,
    NewClaimForm,
    ReselectForm,
    SelectionForm,
    WordsForm,
    checked_speaker,
)
from claims.workspace.responses import Answer
from sources.capture.changes import capture_record
from sources.capture.jobs import pending_recheck
from sources.highlight import Span, highlight, mark_pages, on_its_words
from sources.history import quotes_as_they_were_on
from sources.models import Quote, Source, SourceRevision

TEMPLATE = "workspace/reader.html"

# Form prefixes: the panel's two forms and the typed-words form's two
# sections are on one page, so their fields need distinct names and ids.
PANEL_NEW, PANEL_ADD, PANEL_RESELECT = "new", "add", "reselect"
WORDS_NEW, WORDS_ADD = "wnew", "wadd"
SPEAKER_PREFIXES = {PANEL_NEW, WORDS_NEW}
CLAIM_PREFIXES = {PANEL_ADD, WORDS_ADD}


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


# Claims offered before any search; more are found by searching.
CLAIMS_OFFERED = 12


def claims_quoted_in(source: Source) -> QuerySet[Claim]:
    """The claims already quoted in this source, offered first when a
    journalist adds another appearance."""
    return (
        Claim.objects.active()
        .filter(appearances__quote__revision__source=source)
        .select_related("speaker")
        .distinct()
        .order_by("speaker__name", "pk")[:CLAIMS_OFFERED]
    )


def get_source(pk: int) -> Source:
    return get_object_or_404(Source, pk=pk)


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


def _quotes_then(revision: SourceRevision) -> list[Quote]:
    """An earlier revision's quotes as they were on it, each with its claim."""
    quotes = quotes_as_they_were_on(revision)
    claims = {
        appearance.quote_id: appearance.claim
        for appearance in Appearance.objects.filter(quote_id__in=[q.pk for q in quotes]).select_related(
            "claim__speaker"
        )
    }
    for quote in quotes:
        quote.claim = claims.get(quote.pk)
    return quotes


def reader_context(
    source: Source,
    *,
    revision: SourceRevision | None = None,
    panel: Panel | None = None,
    words: WordsForm | None = None,
    words_new: NewClaimForm | None = None,
    words_add: ExistingClaimForm | None = None,
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

    quotes = _quotes_on(revision) if is_current else _quotes_then(revision)
    text = revision.text
    anchored = []
    for quote in quotes:
        quote.revision = revision  # lead_out reads the text; share the one copy
        if not hasattr(quote, "claim"):
            quote.claim = _claim_of(quote)
        if on_its_words(text, quote):
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
            prefix=WORDS_ADD, default_claims=claims_quoted_in(source), use_required_attribute=False
        )

    return {
        "source": source,
        "revision": revision,
        "revisions": revisions,
        "current": current,
        "is_current": is_current,
        "paragraphs": mark_pages(highlight(text, spans), revision.page_starts),
        "record": capture_record(source),
        "pending_check": pending_recheck(source) if source.url else None,
        "quotes": anchored,
        "orphans": orphans,
        "panel": panel,
        "words": words,
        "words_new": words_new,
        "words_add": words_add,
        "new_quote_id": new_quote_id,
    }


@workspace_required
@require_GET
def reader(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_source(pk)
    revision = None
    number = request.GET.get("revision")
    if number:
        if not number.isdigit():
            raise Http404("No such revision.")
        revision = get_object_or_404(SourceRevision, source=source, number=int(number))
    return Answer(request, TEMPLATE, "text", lambda shown: reader_context(source, revision=revision)).page()


# --- Search-as-you-type, for the panel's forms ----------------------------------------


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
        claims = list(claims_quoted_in(source)) if source is not None else []
    return render(
        request,
        "workspace/_claim_results.html",
        {"prefix": prefix, "query": query, "claims": claims, "checked": ""},
    )


@workspace_required
@require_GET
def similar(request: HttpRequest) -> HttpResponse:
    """Claims like the one being typed in the reader's selection panel, each
    with a button that adds the selected passage to it instead."""
    source_id = request.GET.get("source", "")
    if not source_id.isdigit():
        raise Http404("Unknown source.")
    source = get_object_or_404(Source, pk=int(source_id))
    text = request.GET.get("new-text", "")[:2000]
    speaker = None
    speaker_id = request.GET.get("new-speaker", "")
    if speaker_id.isdigit():
        speaker = Speaker.objects.filter(pk=int(speaker_id)).first()
    if speaker is None:
        speaker = speaker_with_name(request.GET.get("new-speaker_name", ""))
    found = similar_claims(text=text, speaker=speaker) if (text.strip() or speaker) else []
    return render(request, "workspace/_similar_claims.html", {"similar": found, "source": source})
