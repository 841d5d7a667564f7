from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from claims import views as claim_views
from claims.feeds import DisputeVerdictFeed, VerdictFeed
from claims.sitemaps import SITEMAPS, robots_txt

urlpatterns = [
    path("", claim_views.home, name="home"),
    path("claims/", include("claims.urls")),
    path("feeds/verdicts/", VerdictFeed(), name="feed-verdicts"),
    path("feeds/disputes/<str:slug>/", DisputeVerdictFeed(), name="feed-dispute"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("workspace/", include("claims.workspace.urls")),
    path("workspace/sources/", include("sources.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]
