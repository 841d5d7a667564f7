"""Validators shared by every model and form that stores a URL or a language."""

from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q

HTTP_SCHEMES = ("http", "https")

_http_url = URLValidator(schemes=list(HTTP_SCHEMES))


def validate_http_url(value: str) -> None:
    """Accept only http:// and https:// links: anything else (javascript:,
    data:, file:, ftp:) is either dangerous or unreadable to a reader."""
    try:
        _http_url(value)
    except ValidationError:
        raise ValidationError(
            "Enter a web address that starts with http:// or https://.", code="invalid_url"
        ) from None


def http_url_q(field: str) -> Q:
    """The same rule as a database check: empty, or starting with http(s)://.
    Case-insensitive, as URL schemes are, and on both databases alike."""
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
