import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()


def require_serving_settings() -> None:
    """A server without debug refuses to start, loudly, without a secret key
    or host names. Checked here, where runserver and gunicorn load the
    application, rather than in settings, so that tools which never sign or
    serve anything (makemigrations, migrate, collectstatic) run without them."""
    if settings.DEBUG:
        return
    if not os.environ.get("DJANGO_SECRET_KEY"):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. "
            "For local development, set DJANGO_DEBUG=true (make dev does)."
        )
    if not settings.ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS must list the site's host names when DJANGO_DEBUG is off, "
            "such as DJANGO_ALLOWED_HOSTS=claims.example.org."
        )


require_serving_settings()
