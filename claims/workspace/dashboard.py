"""The workspace's front page: what the signed-in journalist or editor is
working on, and what is waiting for them."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from claims.access import REVIEW_PERMISSION, workspace_required
from claims.models import Claim, Verdict
from sources.models import Source
from sources.views import source_workspace_url

RECENT_SOURCES = 10
RECENT_CLAIMS = 20


@require_GET
@workspace_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    sources = Source.objects.filter(created_by=user).order_by("-created_at", "-pk")[:RECENT_SOURCES]
    claims = (
        Claim.objects.active()
        .filter(created_by=user)
        .select_related("speaker")
        .order_by("-updated_at", "-pk")[:RECENT_CLAIMS]
    )
    drafts = (
        Verdict.objects.filter(state=Verdict.State.DRAFT, author=user)
        .select_related("claim__speaker", "rating")
        .order_by("-updated_at", "-pk")
    )
    # What needs this editor: submitted verdicts they did not write (nobody
    # reviews their own) and have not yet voted on.
    waiting_for_review = None
    if user.has_perm(REVIEW_PERMISSION):
        waiting_for_review = (
            Verdict.objects.filter(state=Verdict.State.SUBMITTED)
            .exclude(author=user)
            .exclude(votes__editor=user)
            .count()
        )
    return render(
        request,
        "workspace/dashboard.html",
        {
            "sources": [(source, source_workspace_url(source)) for source in sources],
            "claims": claims,
            "drafts": drafts,
            "waiting_for_review": waiting_for_review,
        },
    )
