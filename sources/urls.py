"""Source import and management in the workspace, mounted at /workspace/sources/."""

from django.urls import path

from sources import views

app_name = "sources"
urlpatterns = [
    path("", views.source_list, name="list"),
    path("import/", views.import_source, name="import"),
    path("<int:pk>/revise/", views.revise, name="revise"),
]
