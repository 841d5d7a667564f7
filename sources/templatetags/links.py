"""Links to other sites, written one way everywhere.

``<a {{ source.url|external_href }}>original</a>`` gives the link its
``href`` and ``rel="noopener noreferrer nofollow"``: the other site gets no
handle on our window, no referrer, and no credit from search engines for
what a journalist linked to (often the very claim we dispute). Every stored
URL is http or https already (``sources.validators``, checked by the
database too); a value that is not, as a browser reads it
(``sources.hrefs``), gives no ``href`` at all, so a link that slipped past
them is dead rather than dangerous. The ``href`` written is the address the
browser would have read, so what a reader sees in it is where it leads.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from sources.hrefs import browser_url
from sources.sanitize import EXTERNAL_LINK_REL

register = template.Library()


@register.filter
def external_href(url: str) -> SafeString:
    """The ``href`` and ``rel`` attributes of a link to ``url`` on another
    site, or nothing when ``url`` is not an http(s) address."""
    address = browser_url(str(url or ""))
    if address is None or not address.is_web_address:
        return SafeString("")
    return format_html('href="{}" rel="{}"', address.href, EXTERNAL_LINK_REL)
