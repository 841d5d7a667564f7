"""Source import and management in the workspace, mounted at /workspace/sources/."""

from django.urls import path

from sources import views
from sources.capture import views as capture

app_name = "sources"
urlpatterns = [
    path("", views.source_list, name="list"),
    path("import/", views.import_source, name="import"),
    path("<int:pk>/revise/", views.revise, name="revise"),
    path("<int:pk>/check/", capture.recheck, name="recheck"),
    path("capture/", capture.capture_start, name="capture"),
    path("capture/<int:pk>/", capture.capture_job, name="capture-job"),
    path("capture/<int:pk>/retry/", capture.capture_retry, name="capture-retry"),
    path("archive/<int:pk>/", capture.archived, name="archived"),
    path("archive/<int:pk>/page/", capture.archived_page, name="archived-page"),
    path("archive/<int:pk>/warc/", capture.archived_warc, name="archived-warc"),
]
