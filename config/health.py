"""``/healthz``: the constant answer of a running application.

It touches neither the database nor a template, so a load balancer can ask
it as often as it likes, and ``bench/public_pages.py`` measures it as the
baseline of what a request through the middleware costs: each page's
throughput is reported as a share of this view's.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe


@login_not_required
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
