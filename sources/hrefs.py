"""An href read the way a browser reads it, so that its scheme and host are
judged on what a reader's click would reach, not on how it was typed.

This implements the steps of the WHATWG URL Standard's basic URL parser
(https://url.spec.whatwg.org/#concept-basic-url-parser) that decide the
scheme and the host: ``https:/\\evil.example``, ``https:evil.example`` and
``/\\evil.example`` all lead to evil.example in Chromium, and ``tel:123`` has
the scheme tel (not a host "tel" with port 123, as Python's old parsers had
it). The page an href appears on is always one of ours, served over http or
https, which the relative forms below assume. Paths, queries and fragments
are left as they are, apart from backslashes in a web address's path, which
browsers read as slashes.
"""

import re
from dataclasses import dataclass
from urllib.parse import unquote

# Stripped from both ends (C0 controls and the space) and removed anywhere
# (tab and line breaks) before anything else.
_ENDS = "".join(chr(c) for c in range(0x21))
_REMOVED = str.maketrans("", "", "\t\n\r")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_SLASHES = "/\\"
# Schemes the standard calls special: after them, any run of slashes and
# backslashes introduces the host, and a backslash counts as a slash.
_SPECIAL = frozenset({"http", "https", "ws", "wss", "ftp"})
# Code points that make a host invalid once percent-decoded (the standard's
# forbidden domain code points, apart from those already split on).
_FORBIDDEN_HOST = re.compile(r"[\x00-\x20#%/:<>?@\[\\\]^|\x7f]")
_IPV6 = re.compile(r"\[[0-9A-Fa-f:.]+\]")


@dataclass(frozen=True)
class BrowserURL:
    """``scheme`` lowercased ("" for an href relative to the page), ``host``
    percent-decoded and lowercased ("" when the href names none, so it stays
    on the page's host), and ``href`` normalised: the address written so
    that anyone reading it reads what the browser does."""

    scheme: str
    host: str
    href: str

    @property
    def is_web_address(self) -> bool:
        """An http or https address of another host."""
        return self.scheme in ("http", "https") and bool(self.host)

    @property
    def is_on_page_host(self) -> bool:
        """A path, query or fragment on the page's own host."""
        return not self.scheme and not self.host


def browser_url(href: str) -> BrowserURL | None:
    """``href`` as a browser reads it on one of our pages, or None where the
    browser fails to parse it (a web address with no host or a bad port),
    so that a click on it goes nowhere."""
    text = str(href).strip(_ENDS).translate(_REMOVED)
    match = _SCHEME.match(text)
    if match is None:
        # Relative to the page: two slashes or backslashes start a host.
        if len(text) >= 2 and set(text[:2]) <= set(_SLASHES):
            return _with_authority("", text.lstrip(_SLASHES))
        return BrowserURL("", "", text)
    scheme, rest = match.group()[:-1].lower(), text[match.end() :]
    if scheme in _SPECIAL:
        # Read as a page of another scheme reads it, which is the reading
        # that leaves the site: on an https page "https:evil.example" is a
        # path of ours, on an http page it is https://evil.example.
        return _with_authority(scheme, rest.lstrip(_SLASHES))
    return BrowserURL(scheme, "", f"{scheme}:{rest}")


def _with_authority(scheme: str, rest: str) -> BrowserURL | None:
    end = next((i for i, c in enumerate(rest) if c in "/\\?#"), len(rest))
    authority, tail = rest[:end], rest[end:]
    host = _host(authority.rpartition("@")[2])
    if host is None:
        return None
    path, mark, after = _split_path(tail)
    href = f"{scheme}:" if scheme else ""
    return BrowserURL(scheme, host, f"{href}//{authority}{path.replace(chr(92), '/')}{mark}{after}")


def _split_path(tail: str) -> tuple[str, str, str]:
    end = next((i for i, c in enumerate(tail) if c in "?#"), len(tail))
    return tail[:end], tail[end : end + 1], tail[end + 1 :]


def _host(host_and_port: str) -> str | None:
    """The host of ``host:port``, or None if the browser would refuse it."""
    if host_and_port.startswith("["):
        # An IPv6 address; the brackets stay part of the host.
        host, bracket, port = host_and_port.partition("]")
        host += bracket
        if not _IPV6.fullmatch(host) or (port and not port.startswith(":")):
            return None
        port = port[1:]
    else:
        host, _, port = host_and_port.partition(":")
        try:
            host = unquote(host, errors="strict")
        except UnicodeDecodeError:
            return None
        if not host or _FORBIDDEN_HOST.search(host):
            return None
    if port and not (port.isascii() and port.isdigit() and int(port) <= 65535):
        return None
    return host.lower()
