"""The journalists' and editors' workspace, mounted at /workspace/."""

from django.urls import path

from claims.workspace import dashboard, reader

app_name = "workspace"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("sources/<int:pk>/", reader.reader, name="reader"),
    path("sources/<int:pk>/selection/", reader.selection, name="selection"),
    path("sources/<int:pk>/selection/claim/", reader.claim_from_selection, name="selection-claim"),
    path(
        "sources/<int:pk>/selection/appearance/",
        reader.appearance_from_selection,
        name="selection-appearance",
    ),
    path("sources/<int:pk>/selection/reselect/", reader.reselect_from_selection, name="selection-reselect"),
    path("sources/<int:pk>/quote-by-words/", reader.quote_by_words, name="quote-by-words"),
    path("speakers/search/", reader.speaker_search, name="speaker-search"),
    path("claims/search/", reader.claim_search, name="claim-search"),
]
