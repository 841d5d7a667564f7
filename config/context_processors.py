from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    return {"newsroom_name": settings.NEWSROOM_NAME}
