from django.urls import path

from claims.public import annotations, browse, claim, dispute, downloads, source, speaker
from claims.public.caching import cached_public_page as cached

app_name = "claims"
# Every page here is public and the same for every anonymous reader, so it is
# served from the cache to them (claims/public/caching.py).
urlpatterns = [
    path("", cached(browse.browse), name="browse"),
    path("browse.csv", cached(downloads.browse_csv), name="browse-csv"),
    path("<int:pk>/", cached(claim.detail), name="detail"),
    path("ratings.css", cached(claim.rating_styles), name="rating-styles"),
    path("disputes/<str:slug>/", cached(dispute.dispute), name="dispute"),
    path(
        "disputes/<str:slug>/figures.csv", cached(downloads.dispute_figures_csv), name="dispute-figures-csv"
    ),
    path("speakers/<str:slug>/", cached(speaker.speaker), name="speaker"),
    path("sources/<int:pk>/", cached(source.source), name="source"),
    path("sources/<int:pk>/archive/<int:capture>/", source.archived_copy, name="source-archive"),
    # W3C Web Annotations: negotiated by Accept and Prefer, so not in the page
    # cache, whose key is the URL alone (claims/public/annotations.py).
    path("sources/<int:pk>/annotations/", annotations.source_annotations, name="source-annotations"),
    path("annotations/<int:pk>/", annotations.annotation, name="annotation"),
]
