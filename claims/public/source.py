"""The public page of a source: its newest text with the quotes of public
claims highlighted, a 404 for a source that holds none."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from claims.domain.annotations import ANNO_MEDIA_TYPE, public_appearances, public_sources
from claims.models import current_verdicts
from sources.capture.changes import capture_record
from sources.capture.views import warc_response
from sources.highlight import Span, highlight, mark_pages, on_its_words
from sources.models import Capture, Source


def _public_source(pk: int) -> Source:
    return get_object_or_404(public_sources(), pk=pk)


@login_not_required
def source(request: HttpRequest, pk: int) -> HttpResponse:
    source = _public_source(pk)
    revision = source.revisions.order_by("-number").first()
    if revision is None:  # a source is made with its first revision; this is a guard
        raise Http404("This source has no text.")
    appearances = list(
        public_appearances()
        .filter(quote__revision=revision)
        .select_related("quote", "claim__speaker")
        .prefetch_related(current_verdicts("claim__verdicts"))
        .order_by("quote__start", "quote__end", "quote__pk")
    )
    text = revision.text
    anchored = [a for a in appearances if on_its_words(text, a.quote)]
    for appearance in anchored:
        appearance.quote.revision = revision  # for its page, without loading the text again
    spans = [
        Span(
            a.quote.start,
            a.quote.end,
            a.quote.pk,
            href=reverse("claims:detail", args=[a.claim_id]),
            title=f"{a.claim.speaker.name}: {a.claim.text}",
            label=str(n),
        )
        for n, a in enumerate(anchored, start=1)
    ]
    return render(
        request,
        "claims/source.html",
        {
            "source": source,
            "revision": revision,
            "paragraphs": mark_pages(highlight(text, spans), revision.page_starts),
            "appearances": anchored,
            "record": capture_record(source),
            "public_archive": settings.PUBLIC_ARCHIVE,
            "annotation_media_type": ANNO_MEDIA_TYPE,
        },
    )


@login_not_required
def archived_copy(request: HttpRequest, pk: int, capture: int) -> HttpResponse:
    """A public source's archived copy (WARC), where the newsroom lets readers
    download it (settings.PUBLIC_ARCHIVE; off by default, for copyright)."""
    if not settings.PUBLIC_ARCHIVE:
        raise Http404("The archived copies are not published.")
    source = _public_source(pk)
    found = get_object_or_404(Capture.objects.exclude(archive_name=""), pk=capture, source=source)
    return warc_response(found)
