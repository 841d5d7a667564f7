from django.conf import settings
from django.http import HttpRequest

from claims.access import can_use_workspace


def site(request: HttpRequest) -> dict:
    return {
        "newsroom_name": settings.NEWSROOM_NAME,
        "can_use_workspace": can_use_workspace(request.user) if hasattr(request, "user") else False,
    }
