"""The public page of a source: its newest text with the quotes of public
claims highlighted, a 404 for a source that holds none."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from claims.models import Appearance, Claim, current_verdicts
from sources.highlight import Span, highlight, on_its_words
from sources.models import Source


@login_not_required
def source(request: HttpRequest, pk: int) -> HttpResponse:
    public_appearances = Appearance.objects.filter(claim__in=Claim.objects.public())
    source = get_object_or_404(
        Source.objects.filter(Exists(public_appearances.filter(quote__revision__source=OuterRef("pk")))),
        pk=pk,
    )
    revision = source.revisions.order_by("-number").first()
    if revision is None:  # a source is made with its first revision; this is a guard
        raise Http404("This source has no text.")
    appearances = list(
        public_appearances.filter(quote__revision=revision)
        .select_related("quote", "claim__speaker")
        .prefetch_related(current_verdicts("claim__verdicts"))
        .order_by("quote__start", "quote__end", "quote__pk")
    )
    text = revision.text
    anchored = [a for a in appearances if on_its_words(text, a.quote)]
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
            "paragraphs": highlight(text, spans),
            "appearances": anchored,
        },
    )
