"""The URL and address rules of safe fetching: a URL taken apart into what
a request needs (http and https only, no credentials, a valid host, the path
percent-encoded as a browser would), where a redirect sends, and which IP
addresses may be connected to. ``sources.capture.fetching`` applies them to
every hop."""

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from sources.capture.exchange import FetchRefused
from sources.validators import HTTP_SCHEMES

_DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters left as they are in a request's path and query; anything else
# (spaces, quotes, non-ASCII) is percent-encoded as a browser would.
_SAFE_IN_PATH = "!#$%&'()*+,/:;=?@[]~"
_HOST_NAME = re.compile(r"[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?")
# RFC 6052's well-known NAT64 prefix: a gateway maps its last 32 bits to IPv4.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


@dataclass(frozen=True)
class Target:
    """One URL taken apart into what a request needs."""

    url: str  # normalised: no credentials, no fragment, the host in ASCII
    scheme: str
    host: str  # lowercase ASCII (IDNA), without the brackets of an IPv6 literal
    port: int
    host_header: str
    request_target: str  # the path and query, percent-encoded


def is_public_address(address: str) -> bool:
    """Whether an IP address is one the fetcher may connect to: globally
    routable, and not multicast (which Python counts as global).

    IPv6 forms that carry an IPv4 address (mapped, 6to4, Teredo, NAT64) are
    judged by that IPv4 address too, as ``::ffff:127.0.0.1`` reaches
    localhost on a dual-stack host.
    """
    ip = ipaddress.ip_address(address)
    if not ip.is_global or ip.is_multicast or ip.is_reserved or ip.is_unspecified:
        return False
    return all(is_public_address(str(inner)) for inner in _embedded_ipv4(ip))


# --- One URL, checked ------------------------------------------------------


def parse(url: str) -> Target:
    """Take a URL apart, refusing any that is not plain http(s) to a valid host."""
    url = url.strip()  # as pasted, with a space or a line end around it
    if not url:
        raise FetchRefused("invalid_url", "it is empty")
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in url):
        # urlsplit would quietly drop tabs and newlines; a request line must not carry them.
        raise FetchRefused("invalid_url", "it contains control characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise FetchRefused("invalid_url", str(error)) from error
    scheme = parts.scheme.lower()
    if scheme not in HTTP_SCHEMES:
        raise FetchRefused("scheme", f"{scheme}:" if scheme else "no scheme")
    if "@" in parts.netloc:
        raise FetchRefused("credentials")
    host = _ascii_host(parts.hostname or "")
    if port == 0:
        raise FetchRefused("invalid_url", "port 0")
    shown_host = f"[{host}]" if ":" in host else host
    host_header = shown_host if port in (None, _DEFAULT_PORTS[scheme]) else f"{shown_host}:{port}"
    request_target = quote(parts.path or "/", safe=_SAFE_IN_PATH)
    if parts.query:
        request_target += "?" + quote(parts.query, safe=_SAFE_IN_PATH)
    authority = shown_host if port is None else f"{shown_host}:{port}"
    return Target(
        url=f"{scheme}://{authority}{request_target}",
        scheme=scheme,
        host=host,
        port=port or _DEFAULT_PORTS[scheme],
        host_header=host_header,
        request_target=request_target,
    )


def _ascii_host(host: str) -> str:
    """The host as sent on the wire: an IP literal as written, a name in IDNA."""
    if not host:
        raise FetchRefused("invalid_url", "no host")
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        if ":" in host:
            raise FetchRefused("invalid_url", f"{host} is not an IPv6 address") from None
    try:
        name = host.encode("idna").decode("ascii").lower()
    except UnicodeError as error:
        raise FetchRefused("invalid_url", f"{host} is not a valid host name") from error
    if len(name) > 253 or not _HOST_NAME.fullmatch(name):
        raise FetchRefused("invalid_url", f"{host} is not a valid host name")
    return name


def join(base: str, location: str) -> str:
    """Where a Location header sends, resolved against the URL that sent it.
    http.client decodes headers as Latin-1; raw bytes in a Location are UTF-8
    as browsers read them (common on Arabic and Cyrillic sites), or else
    percent-encoded as they came."""
    raw = location.strip().encode("latin-1")
    try:
        location = raw.decode("utf-8")
    except UnicodeDecodeError:
        location = quote(raw, safe=_SAFE_IN_PATH)
    try:
        return urljoin(base, location)
    except ValueError as error:
        raise FetchRefused("invalid_url", f"the redirect to {location!r}") from error


def _embedded_ipv4(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    if isinstance(ip, ipaddress.IPv4Address):
        return []
    found = [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())]
    if ip in _NAT64:
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return [inner for inner in found if inner is not None]
