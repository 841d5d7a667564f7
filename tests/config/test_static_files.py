"""In production, static files carry their content's hash in their names, are
served compressed, and may be cached by browsers for as long as they like."""

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.fixture
def collected(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = PRODUCTION_STORAGES
    settings.DEBUG = False
    call_command("collectstatic", interactive=False, verbosity=0)
    return Client()  # a new client loads WhiteNoise over the collected files


def test_static_names_carry_the_content_hash(collected) -> None:
    url = static("css/site.css")

    assert url.startswith("/static/css/site.")
    assert url != "/static/css/site.css"


def test_static_files_are_served_compressed_with_far_future_caching(collected) -> None:
    response = collected.get(static("css/site.css"), headers={"Accept-Encoding": "gzip, br"})

    assert response.status_code == 200
    assert response["Content-Encoding"] in {"gzip", "br"}
    assert "immutable" in response["Cache-Control"]
    assert int(response["Cache-Control"].split("max-age=")[1].split(",")[0]) >= 365 * 24 * 3600
