from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from claims.api.app import urls as api_urls
from claims.public.caching import cached_public_page as cached
from claims.public.claimreview_feed import claimreview_feed
from claims.public.feeds import DisputeVerdictFeed, VerdictFeed
from claims.public.home import home
from claims.public.sitemaps import robots_txt, sitemap_xml
from config.health import healthz

urlpatterns = [
    path("", cached(home), name="home"),
    path("claims/", include("claims.public.urls")),
    # Feeds are class instances: marked public where they are mounted.
    path("feeds/verdicts/", cached(login_not_required(VerdictFeed())), name="feed-verdicts"),
    path("feeds/disputes/<str:slug>/", cached(login_not_required(DisputeVerdictFeed())), name="feed-dispute"),
    path("feeds/claimreview.json", cached(claimreview_feed), name="feed-claimreview"),
    path("sitemap.xml", cached(sitemap_xml), name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api_urls()),
    path("workspace/", include("claims.workspace.urls")),
    path("workspace/sources/", include("sources.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    # Public so that signing out of an expired session (a stale tab) simply
    # lands on the home page instead of asking to sign in first.
    path("accounts/logout/", login_not_required(auth_views.LogoutView.as_view()), name="logout"),
    path("admin/", admin.site.urls),
]

# The server-error page shows the request id and nothing else, and the 400 page
# is rendered without re-running the CSRF check (config/errors.py); 403 and 404
# are Django's own views with templates/403.html and 404.html.
handler400 = "config.errors.bad_request"
handler500 = "config.errors.server_error"
