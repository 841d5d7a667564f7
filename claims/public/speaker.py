"""The public page of a speaker: their public claims and track record, a 404
for a speaker without public claims."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db.models import Exists, F, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from claims.domain.track_record import track_record
from claims.models import Claim, Speaker, current_verdicts


@login_not_required
def speaker(request: HttpRequest, slug: str) -> HttpResponse:
    public = Claim.objects.public()
    speaker = get_object_or_404(
        Speaker.objects.filter(Exists(public.filter(speaker=OuterRef("pk")))), slug=slug
    )
    claims = list(
        public.filter(speaker=speaker)
        .select_related("dispute")
        .prefetch_related(current_verdicts())
        .order_by(F("claimed_on").desc(nulls_last=True), "-created_at", "-pk")
    )
    record, unrated = track_record(claims)
    return render(
        request,
        "claims/speaker.html",
        {"speaker": speaker, "claims": claims, "track_record": record, "unrated": unrated},
    )
