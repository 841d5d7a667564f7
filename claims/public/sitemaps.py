"""sitemap.xml (the public claim pages and the published disputes' pages) and robots.txt."""

from django.contrib.auth.decorators import login_not_required
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from claims.models import Claim, Dispute


class ClaimSitemap(Sitemap):
    def items(self) -> QuerySet[Claim]:
        return Claim.objects.public().only("pk", "updated_at").order_by("pk")

    def lastmod(self, claim: Claim):
        return claim.updated_at


class DisputeSitemap(Sitemap):
    def items(self) -> QuerySet[Dispute]:
        return Dispute.objects.public().only("pk", "slug", "updated_at").order_by("pk")

    def location(self, dispute: Dispute) -> str:
        return reverse("claims:dispute", args=[dispute.slug])

    def lastmod(self, dispute: Dispute):
        return dispute.updated_at


SITEMAPS = {"claims": ClaimSitemap, "disputes": DisputeSitemap}


@login_not_required
def sitemap_xml(request: HttpRequest) -> HttpResponse:
    return sitemap(request, sitemaps=SITEMAPS)


@login_not_required
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read the public site, never the workspace, the admin or
    the sign-in pages; the sitemap lists what there is."""
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    return render(
        request, "robots.txt", {"sitemap_url": sitemap_url}, content_type="text/plain; charset=utf-8"
    )
