"""Source import and management in the workspace, mounted at /workspace/sources/."""

app_name = "sources"
urlpatterns: list = []
