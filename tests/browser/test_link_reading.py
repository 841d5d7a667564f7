"""Chromium itself judges the sanitized links on a published claim's page:
every link that resolves to another origin carries
rel="noopener noreferrer nofollow", and none resolves to a protocol other
than http or https (issue 15, item 4)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from claims.domain import workflow
from tests.factories import make_claim, make_evidence, make_user, make_verdict
from tests.security.test_href_reading import HOSTILE_HREFS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

READ_LINKS = """
() => Array.from(document.querySelectorAll("a[href]"), (a) => {
  let url = null;
  try {
    url = new URL(a.href);
  } catch {
    // An href the browser cannot parse: reported, never skipped.
  }
  return {
    raw: a.getAttribute("href"),
    protocol: url ? url.protocol : "unparseable",
    origin: url ? url.origin : "",
    rel: a.getAttribute("rel") || "",
  };
})
"""


def test_chromium_reads_no_sanitized_link_off_the_site_without_the_rel(live_server, page):
    editor = make_user(groups=["Editor"])
    links = "".join(f'<a href="{href}">link {n}</a> ' for n, (href, _) in enumerate(HOSTILE_HREFS))
    claim = make_claim()
    make_evidence(claim=claim, description=f"<p>{links}</p>")
    verdict = make_verdict(
        claim=claim, rationale=f"<p>{links}</p>", state="submitted", submitted_at=datetime.now(tz=UTC)
    )
    workflow.approve_verdict(verdict=verdict, by=editor)
    workflow.publish_claim(claim=claim, by=editor)

    page.goto(live_server.url + claim.get_absolute_url())
    found = page.evaluate(READ_LINKS)
    own_origin = page.evaluate("location.origin")

    off_site = [link for link in found if link["origin"] != own_origin]
    for link in found:
        assert link["protocol"] in ("http:", "https:"), link
    for link in off_site:
        assert link["rel"] == "noopener noreferrer nofollow", link
    # The description's and the rationale's links to other sites are all there.
    assert len(off_site) >= 2 * sum(1 for _, outcome in HOSTILE_HREFS if outcome == "off")
