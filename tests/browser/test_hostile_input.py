"""The nastiest XSS vectors, stored through the real forms, opened in
Chromium: in the workspace reader and claim page, the review queue and the
public claim, source and dispute pages, nothing runs.

Three traps: a dialog (alert, confirm, prompt) fails the test; an init script
sets ``window.__xss = false`` and wraps alert, confirm, prompt and print to
set it to true (some vectors set it directly); and any navigation away from
the page, or any request to another host, is recorded.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from claims.models import Claim, Dispute, Evidence, Verdict
from sources.models import Source
from tests.factories import DEFAULT_PASSWORD, default_rating, make_user
from tests.security.corpus import BROWSER_SAMPLE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TRAP = """
window.__xss = false;
for (const name of ["alert", "confirm", "prompt", "print"]) {
  const original = window[name];
  window[name] = function (...args) {
    window.__xss = true;
    return original.apply(this, args);
  };
}
"""


def _store_through_the_forms(journalist, editor) -> dict:
    """The sample typed into the import, new-claim, evidence, relation,
    figure, verdict and dispute forms, published by an editor."""
    client, desk = Client(), Client()
    client.force_login(journalist)
    desk.force_login(editor)

    text = "\n\n".join(BROWSER_SAMPLE)
    data = {"title": BROWSER_SAMPLE[0], "kind": "article", "outlet": BROWSER_SAMPLE[1], "language": "en"}
    data |= {
        "url": "https://example.org/a",
        "authors": BROWSER_SAMPLE[2],
        "text": text,
        "text_format": "plain",
    }
    assert client.post(reverse("sources:import"), data).status_code == 302
    source = Source.objects.get()
    revision = source.current_revision()

    claims = []
    for n, vector in enumerate(BROWSER_SAMPLE):
        start = revision.text.index(vector)
        data = {"revision": revision.pk, "start": start, "end": start + len(vector), "exact": vector}
        data |= {"new-text": vector, "new-speaker_name": f"{vector} {n}", "new-speaker_kind": "person"}
        data |= {"new-speaker_role": vector, "new-venue": vector}
        response = client.post(reverse("workspace:selection-claim", args=[source.pk]), data)
        assert response.status_code == 302, vector
        claims.append(Claim.objects.latest("pk"))
    claim = claims[0]

    html = "".join(BROWSER_SAMPLE)
    for n, vector in enumerate(BROWSER_SAMPLE[:6]):
        data = {"ev-stance": "refutes", "ev-kind": "document", "ev-title": vector, "ev-reliability": "B"}
        data |= {"ev-description": html if n == 0 else vector, "ev-url": f"https://example.org/{n}"}
        assert client.post(reverse("workspace:claim-evidence-add", args=[claim.pk]), data).status_code == 302
    for other, vector in zip(claims[1:6], BROWSER_SAMPLE[6:], strict=False):
        data = {"rel-kind": "contradicts", "rel-other": other.pk, "rel-note": vector}
        assert client.post(reverse("workspace:claim-relation-add", args=[claim.pk]), data).status_code == 302
    data = {"fig-counted": BROWSER_SAMPLE[3], "fig-unit": BROWSER_SAMPLE[4][:50], "fig-value": "36"}
    assert client.post(reverse("workspace:claim-figure-add", args=[claim.pk]), data).status_code == 302

    data = {"vd-rating": default_rating().pk, "vd-rationale": html}
    data["vd-evidence"] = [e.pk for e in Evidence.objects.filter(claim=claim)]
    for _ in range(2):  # one to approve, one left in the review queue
        assert client.post(reverse("workspace:verdict-propose", args=[claim.pk]), data).status_code == 302
    approved, pending = Verdict.objects.filter(claim=claim).order_by("pk")
    for verdict in (approved, pending):
        submit = reverse("workspace:verdict-submit", args=[claim.pk, verdict.pk])
        assert client.post(submit).status_code == 302
    assert desk.post(reverse("workspace:verdict-approve", args=[approved.pk])).status_code == 302

    data = {"question": BROWSER_SAMPLE[5], "place": BROWSER_SAMPLE[6], "summary": "\n\n".join(BROWSER_SAMPLE)}
    assert client.post(reverse("workspace:dispute-create"), data).status_code == 302
    dispute = Dispute.objects.get()
    for each in claims:
        attach = {"claim": each.pk, "stance": "affirms"}
        assert client.post(reverse("workspace:dispute-attach", args=[dispute.pk]), attach).status_code == 302
        assert desk.post(reverse("workspace:claim-publish", args=[each.pk])).status_code == 302
    assert desk.post(reverse("workspace:dispute-publish", args=[dispute.pk])).status_code == 302
    dispute.refresh_from_db()
    assert dispute.published_at is not None and dispute.published_at <= datetime.now(tz=UTC)
    return {"source": source, "claim": claim, "dispute": dispute}


def sign_in(page, live_server, username: str, next_url: str) -> None:
    page.goto(f"{live_server.url}{reverse('login')}?next={next_url}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}{next_url}")


def test_stored_vectors_run_nothing_in_the_workspace_or_on_the_public_pages(live_server, browser):
    journalist = make_user(groups=["Journalist"])
    editor = make_user(groups=["Editor"])
    stored = _store_through_the_forms(journalist, editor)
    claim, source, dispute = stored["claim"], stored["source"], stored["dispute"]
    host = urlsplit(live_server.url).netloc

    context = browser.new_context()
    context.add_init_script(TRAP)
    dialogs: list[str] = []
    elsewhere: list[str] = []
    context.on(
        "dialog", lambda dialog: (dialogs.append(f"{dialog.type}: {dialog.message}"), dialog.dismiss())
    )
    context.on(
        "request", lambda request: urlsplit(request.url).netloc in (host, "") or elsewhere.append(request.url)
    )
    page = context.new_page()
    page.set_default_timeout(10_000)

    def visit(path: str, *, shows: str) -> None:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        # Hovering and focusing is what on* handlers wait for.
        for element in page.locator("main a, main mark, main p").all()[:40]:
            element.hover(timeout=2_000, force=True)
        assert page.evaluate("window.__xss") is False, f"a trap was set off on {path}"
        assert urlsplit(page.url).path == path, f"{path} navigated to {page.url}"
        assert dialogs == [], f"dialogs on {path}: {dialogs}"
        assert elsewhere == [], f"requests to other hosts from {path}: {elsewhere}"
        assert shows in page.inner_text("main"), f"{shows!r} is not shown as text on {path}"

    workspace = [
        (reverse("workspace:reader", args=[source.pk]), BROWSER_SAMPLE[7]),
        (reverse("workspace:claim", args=[claim.pk]), BROWSER_SAMPLE[0]),
        (reverse("workspace:dispute", args=[dispute.pk]), BROWSER_SAMPLE[5]),
    ]
    sign_in(page, live_server, journalist.username, workspace[0][0])
    for path, shows in workspace:
        visit(path, shows=shows)

    public = [
        (claim.get_absolute_url(), BROWSER_SAMPLE[0]),
        (reverse("claims:source", args=[source.pk]), BROWSER_SAMPLE[8]),
        (reverse("claims:dispute", args=[dispute.slug]), BROWSER_SAMPLE[5]),
        (reverse("claims:speaker", args=[claim.speaker.slug]), BROWSER_SAMPLE[0]),
    ]
    page.context.clear_cookies()
    for path, shows in public:
        visit(path, shows=shows)

    sign_in(page, live_server, editor.username, reverse("workspace:review"))
    visit(reverse("workspace:review"), shows=BROWSER_SAMPLE[0])
    context.close()
