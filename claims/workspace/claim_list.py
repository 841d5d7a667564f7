"""All claims in the workspace, to find one to work on: search and filters."""

from django import forms
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from claims.access import workspace_required
from claims.domain.lookups import find_claims
from claims.models import Claim, Dispute
from claims.workspace.responses import Answer

CLAIMS_PER_PAGE = 50


class ClaimFilterForm(forms.Form):
    STATUS_CHOICES = [
        ("active", "In work (not withdrawn)"),
        ("published", "Published"),
        ("unpublished", "Not published"),
        ("withdrawn", "Withdrawn"),
    ]

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "dir": "auto", "autocomplete": "off"}),
        help_text="Words of the claim, or the speaker's name.",
    )
    status = forms.ChoiceField(label="Status", choices=STATUS_CHOICES, required=False, initial="active")
    dispute = forms.ModelChoiceField(
        label="Dispute",
        queryset=Dispute.objects.order_by("question"),
        required=False,
        empty_label="Any dispute",
    )


def filtered_claims(data: dict) -> QuerySet[Claim]:
    claims = Claim.objects.select_related("speaker", "dispute")
    status = data.get("status") or "active"
    if status == "withdrawn":
        claims = claims.filter(withdrawn_at__isnull=False)
    else:
        claims = claims.active()
        if status == "published":
            claims = claims.filter(published_at__isnull=False)
        elif status == "unpublished":
            claims = claims.filter(published_at__isnull=True)
    if data.get("dispute"):
        claims = claims.filter(dispute=data["dispute"])
    if (data.get("q") or "").strip():
        claims = find_claims(data["q"], claims=claims)
    return claims.order_by("-updated_at", "-pk")


@workspace_required
@require_GET
def claim_list(request: HttpRequest) -> HttpResponse:
    form = ClaimFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    page = Paginator(filtered_claims(data), CLAIMS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form if form.is_bound else ClaimFilterForm(), "page": page, "query": query.urlencode()}
    # For htmx (search as you type), the results alone.
    return Answer(request, "workspace/claims.html", "results", lambda shown: context).page()
