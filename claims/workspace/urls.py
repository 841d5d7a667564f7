"""The journalists' and editors' workspace, mounted at /workspace/."""

from django.urls import path

from claims.workspace import dashboard

app_name = "workspace"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
]
