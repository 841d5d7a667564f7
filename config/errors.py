"""The server-error page.

Django's own 500 handler renders ``500.html`` with no context at all; this one
passes the request id (``config.request_id``) so that a reader can quote it
and we can find the error in the logs. Nothing else reaches the page: the
database may be what failed, so no context processor runs, and the page shows
no path, exception or setting.
"""

from django.http import HttpRequest, HttpResponseServerError
from django.template import loader


def server_error(request: HttpRequest) -> HttpResponseServerError:
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"request_id": getattr(request, "request_id", "")}))
