from django.urls import path

from claims import browse, public, views
from claims.caching import cached_public_page as cached

app_name = "claims"
# Every page here is public and the same for every anonymous reader, so it is
# served from the cache to them (claims/caching.py).
urlpatterns = [
    path("", cached(browse.browse), name="browse"),
    path("<int:pk>/", cached(views.detail), name="detail"),
    path("ratings.css", cached(views.rating_styles), name="rating-styles"),
    path("disputes/<str:slug>/", cached(public.dispute), name="dispute"),
    path("speakers/<str:slug>/", cached(public.speaker), name="speaker"),
    path("sources/<int:pk>/", cached(public.source), name="source"),
]
