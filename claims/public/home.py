"""The home page: the newest verdicts, public claims and published disputes."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from claims.models import Claim, Dispute, Verdict, current_verdicts

HOME_VERDICTS = 8


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    claims = (
        Claim.objects.public()
        .select_related("speaker", "dispute")
        .prefetch_related(current_verdicts())
        .order_by("-published_at", "-pk")[:20]
    )
    verdicts = Verdict.objects.newest_public().select_related("claim__speaker")[:HOME_VERDICTS]
    disputes = Dispute.objects.public().order_by("-date", "-pk")[:10]
    return render(request, "claims/home.html", {"verdicts": verdicts, "claims": claims, "disputes": disputes})
