from django.http import HttpRequest, HttpResponse


def home(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    raise NotImplementedError
