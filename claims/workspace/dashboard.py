from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from claims.access import workspace_required


@workspace_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "workspace/dashboard.html", {})
