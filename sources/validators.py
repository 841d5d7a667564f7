"""Validators shared by every model and form that stores a URL or a language."""

from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q

from sources.hrefs import browser_url

HTTP_SCHEMES = ("http", "https")

_http_url = URLValidator(schemes=list(HTTP_SCHEMES))


def validate_http_url(value: str) -> None:
    """Accept only http:// and https:// links: anything else (javascript:,
    data:, file:, ftp:) is either dangerous or unreadable to a reader. The
    address must also read the same to a browser as it is written
    (``sources.hrefs``), apart from the case of its scheme and host, so
    that "https://example.org\\@evil.example/" (a user name to Django, a
    path to Chromium) is refused rather than stored with two meanings."""
    try:
        _http_url(value)
    except ValidationError:
        pass
    else:
        url = browser_url(value)
        if url is not None and url.is_web_address and url.href.lower() == value.lower():
            return
    raise ValidationError("Enter a web address that starts with http:// or https://.", code="invalid_url")


def http_url_q(field: str) -> Q:
    """The same rule as a database check: empty, or starting with http(s)://.
    Case-insensitive, as URL schemes are, and on both databases alike.
    Coarser than the validator, but sound for the scheme: with nothing
    before it to strip, a browser reads such a value as http(s) too."""
    return (
        Q(**{field: ""})
        | Q(**{f"{field}__istartswith": "http://"})
        | Q(**{f"{field}__istartswith": "https://"})
    )


def language_choices() -> list[tuple[str, str]]:
    """Languages a source can be in, as (BCP 47 code, English name), by name.

    Django's own table of languages is the list: it covers the languages of
    conflicts we report on (Arabic, Russian, Ukrainian, Persian, Hebrew, ...)
    and is maintained for us.
    """
    entries = {
        code: info["name"] for code, info in LANG_INFO.items() if "name" in info and "fallback" not in info
    }
    return sorted(entries.items(), key=lambda item: item[1])
