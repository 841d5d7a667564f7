"""The hostile strings the security tests type into every form: the Big List
of Naughty Strings and the OWASP XSS filter-evasion vectors (see
tests/data/README.md for where each came from)."""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"


@cache
def naughty_strings() -> tuple[str, ...]:
    return tuple(json.loads((DATA / "blns.json").read_text(encoding="utf-8")))


@cache
def xss_vectors() -> tuple[str, ...]:
    lines = (DATA / "xss_vectors.txt").read_text(encoding="utf-8").split("\n")
    return tuple(line for line in lines if line and not line.startswith("#"))


@cache
def corpus() -> tuple[str, ...]:
    """Every string once: the XSS vectors first, then the naughty strings."""
    return tuple(dict.fromkeys(xss_vectors() + naughty_strings()))


# The ~20 nastiest vectors for the browser: each would run code or navigate
# if it reached the page as markup, in a different way (element, event,
# URL scheme, encoding, parser confusion).
BROWSER_SAMPLE = (
    "<script>alert(123)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert('XSS')>",
    "<body onload=alert('XSS')>",
    '"><script>alert(123)</script>',
    "'><img src=x onerror=print()>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:window.__xss=true">x</a>',
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;"
    "&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    '<iframe src="javascript:alert(1)"></iframe>',
    "<details open ontoggle=confirm(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<form><button formaction="javascript:alert(1)">x</button></form>',
    '<object data="javascript:alert(1)">',
    "{{7*7}}<script>window.__xss=true</script>",
    "<scr<script>ipt>alert(1)</script>",
    "<script>location='//evil.example'</script>",
)


class Rotation:
    """Deals the corpus out over the text fields of successive POSTs: each
    POST gets different strings in its different fields, and after enough
    POSTs every string has been typed once. A field holds several strings,
    one per line, when there are too many strings for the POSTs allowed;
    each field's value fits its length limit.

    ``start`` shifts where a form begins, so that a string lands in a
    different field in each form."""

    def __init__(self, strings: tuple[str, ...] | None = None, *, start: int = 0) -> None:
        self.strings = strings if strings is not None else corpus()
        self.start = start
        self.taken = 0

    @property
    def done(self) -> bool:
        return self.taken >= len(self.strings)

    def per_field(self, fields: int, posts: int) -> int:
        """How many strings each field must hold so that ``posts`` POSTs of
        ``fields`` fields deal the whole corpus."""
        return max(1, math.ceil(len(self.strings) / (fields * posts)))

    def take(self, room: int, count: int = 1) -> str:
        """Up to ``count`` strings, one per line, in at most ``room``
        characters; a single string longer than that is cut to fit."""
        picked: list[str] = []
        size = 0
        while len(picked) < count:
            string = self.strings[(self.start + self.taken) % len(self.strings)]
            extra = len(string) + (1 if picked else 0)
            if size + extra > room:
                if not picked:
                    picked.append(string[:room])
                    self.taken += 1
                break
            picked.append(string)
            size += extra
            self.taken += 1
        return "\n".join(picked)

    def deal(self, rooms: dict[str, int], *, posts: int) -> dict[str, str]:
        """One POST's worth: a value for each field, by name. Fields are
        filled smallest first; what a small field has no room for goes to
        the largest, so that the POSTs needed stay near ``posts``."""
        count = self.per_field(len(rooms), posts)
        quota = count * len(rooms)
        values = {}
        by_room = sorted(rooms, key=rooms.__getitem__)
        for name in by_room:
            before = self.taken
            share = count if name != by_room[-1] else max(count, quota)
            values[name] = self.take(rooms[name], share)
            quota -= self.taken - before
        return {name: values[name] for name in rooms}
