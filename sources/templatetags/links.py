"""Links to other sites, written one way everywhere.

``<a {{ source.url|external_href }}>original</a>`` gives the link its
``href`` and ``rel="noopener noreferrer nofollow"``: the other site gets no
handle on our window, no referrer, and no credit from search engines for
what a journalist linked to (often the very claim we dispute). Every stored
URL is http or https already (``sources.validators``, checked by the
database too); a value that is not gives no ``href`` at all, so a link that
slipped past them is dead rather than dangerous.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from sources.sanitize import EXTERNAL_LINK_REL
from sources.validators import HTTP_SCHEMES

register = template.Library()

_PREFIXES = tuple(f"{scheme}://" for scheme in HTTP_SCHEMES)


@register.filter
def external_href(url: str) -> SafeString:
    """The ``href`` and ``rel`` attributes of a link to ``url`` on another
    site, or nothing when ``url`` is not an http(s) address."""
    url = str(url or "")
    # No stripping: a browser would read " javascript:" as javascript:, so
    # only a value that starts with the scheme itself passes.
    if not url.lower().startswith(_PREFIXES):
        return SafeString("")
    return format_html('href="{}" rel="{}"', url, EXTERNAL_LINK_REL)
