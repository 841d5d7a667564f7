"""The site's own error pages.

Django's own 500 handler renders ``500.html`` with no context at all; this one
passes the request id (``config.request_id``) so that a reader can quote it
and we can find the error in the logs. Nothing else reaches the page: the
database may be what failed, so no context processor runs, and the page shows
no path, exception or setting.

Django's own 400 handler runs the CSRF check again (``requires_csrf_token``),
and the check reads the form: when reading the form is what was refused (a
form body in a charset other than UTF-8), it raises again and the answer
became a 500. This one renders ``400.html`` without the check; the page's
sign-out form still gets a token, from the ``csrf`` context processor.
"""

from django.http import HttpRequest, HttpResponseBadRequest, HttpResponseServerError
from django.template import loader


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(loader.render_to_string("400.html", request=request))


def server_error(request: HttpRequest) -> HttpResponseServerError:
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"request_id": getattr(request, "request_id", "")}))
