from django.http import HttpRequest, HttpResponse


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    raise NotImplementedError
