"""Every route answers every kind of user as intended, in the manner of
zulip's zerver/tests/test_urls.py.

The test walks the whole URLconf, builds each route's URL with the ids of
real objects, and GETs it as a reader (anonymous), a journalist, an editor and
an administrator (a superuser). The answer must be the one ``EXPECTED`` gives
for that route and role. A route missing from the table fails the test by
name, so a new page cannot ship without someone deciding who may reach it.

Outcomes: "200"; "login" (sent to sign in: the site's login page, or the
admin's for the admin); "403"; "404"; "405" (a POST-only view answering a
GET); "home" (the login page sending a signed-in user on).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from claims.models import Verdict
from sources.capture import jobs
from sources.models import Capture, CaptureJob
from tests.api.tokens import make_token
from tests.factories import (
    make_appearance,
    make_claim,
    make_dispute,
    make_evidence,
    make_figure,
    make_quote,
    make_relation,
    make_source,
    make_speaker,
    make_user,
    make_verdict,
)
from tests.sources.capture.pdfs import REPORT_PAGES, make_pdf

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "journalist", "editor", "administrator")

PUBLIC = ("200", "200", "200", "200")
WORKSPACE = ("login", "200", "200", "200")
WORKSPACE_POST = ("login", "405", "405", "405")
EDITORS = ("login", "403", "200", "200")
ADMIN = ("login", "login", "login", "200")
NO_TOKEN = ("401", "401", "401", "401")
NO_TOKEN_POST = ("405", "405", "405", "405")

# Route name -> outcome for (anonymous, journalist, editor, administrator).
EXPECTED: dict[str, tuple[str, str, str, str]] = {
    # Public pages.
    "home": PUBLIC,
    "claims:browse": PUBLIC,
    "claims:browse-csv": PUBLIC,
    "claims:detail": PUBLIC,
    "claims:rating-styles": PUBLIC,
    "claims:dispute": PUBLIC,
    "claims:dispute-figures-csv": PUBLIC,
    "claims:speaker": PUBLIC,
    "claims:source": PUBLIC,
    # W3C Web Annotations: a public source's collection, a public quote.
    "claims:source-annotations": PUBLIC,
    "claims:annotation": PUBLIC,
    # The API: its OpenAPI document, its reference page and its public part
    # are public; each endpoint of the newsroom's part checks its own token.
    "api:openapi-json": PUBLIC,
    "api:api-reference": PUBLIC,
    # ninja's own root, at the reference page's address (ninja finds its prefix by this name).
    "api:api-root": PUBLIC,
    "api:claims": PUBLIC,
    "api:claim": PUBLIC,
    "api:disputes": PUBLIC,
    "api:dispute": PUBLIC,
    "api:speakers": PUBLIC,
    "api:speaker": PUBLIC,
    "api:source": PUBLIC,
    # The newsroom's part answers only a personal API token (tests/api/): a
    # session is not one, so every role's browser gets 401 (405 for a route
    # that only takes a POST, PATCH or PUT).
    **dict.fromkeys(
        [
            "api:token_info",
            "api:import_source",
            "api:list_sources",
            "api:get_source",
            "api:get_revision",
            "api:capture_state",
            "api:list_claims",
            "api:get_claim",
            "api:edit_claim",
            "api:ratings",
            "api:get_verdict",
            "api:edit_verdict",
        ],
        NO_TOKEN,
    ),
    **dict.fromkeys(
        [
            "api:capture_link",
            "api:claim_from_selection",
            "api:appearance_from_selection",
            "api:withdraw_claim",
            "api:restore_claim",
            "api:add_relation",
            "api:edit_relation",
            "api:add_evidence",
            "api:edit_evidence",
            "api:add_figure",
            "api:correct_figure",
            "api:propose_verdict",
            "api:submit_verdict",
            "api:withdraw_verdict",
            "api:approve_verdict",
            "api:reject_verdict",
            "api:publish_claim",
            "api:unpublish_claim",
            "api:publish_dispute",
            "api:unpublish_dispute",
        ],
        NO_TOKEN_POST,
    ),
    # Readers may download archived copies only where the newsroom allows it
    # (COUNTERCLAIM_PUBLIC_ARCHIVE, off by default); tests/sources/capture covers it on.
    "claims:source-archive": ("404", "404", "404", "404"),
    "feed-verdicts": PUBLIC,
    "feed-dispute": PUBLIC,
    "feed-claimreview": PUBLIC,
    "sitemap": PUBLIC,
    "robots": PUBLIC,
    "healthz": PUBLIC,
    "login": ("200", "home", "home", "home"),
    "logout": ("405", "405", "405", "405"),
    # The workspace.
    "workspace:dashboard": WORKSPACE,
    "workspace:reader": WORKSPACE,
    "workspace:selection": WORKSPACE,
    "workspace:selection-claim": WORKSPACE_POST,
    "workspace:selection-appearance": WORKSPACE_POST,
    "workspace:selection-reselect": WORKSPACE_POST,
    "workspace:quote-by-words": WORKSPACE_POST,
    "workspace:speaker-search": WORKSPACE,
    "workspace:claims": WORKSPACE,
    "workspace:claim-search": WORKSPACE,
    "workspace:claim": WORKSPACE,
    "workspace:claim-edit": WORKSPACE_POST,
    "workspace:claim-withdraw": WORKSPACE_POST,
    "workspace:claim-restore": WORKSPACE_POST,
    "workspace:claim-history": WORKSPACE,
    "workspace:claim-speaker-search": WORKSPACE,
    "workspace:claim-relation-search": WORKSPACE,
    "workspace:claim-relation-add": WORKSPACE_POST,
    "workspace:claim-same-as": WORKSPACE_POST,
    "workspace:claim-relation-edit": WORKSPACE_POST,
    "workspace:claim-relation-withdraw": WORKSPACE_POST,
    "workspace:claim-relation-restore": WORKSPACE_POST,
    "workspace:claim-evidence-add": WORKSPACE_POST,
    "workspace:claim-evidence-edit": WORKSPACE_POST,
    "workspace:claim-evidence-withdraw": WORKSPACE_POST,
    "workspace:claim-evidence-restore": WORKSPACE_POST,
    "workspace:claim-figure-add": WORKSPACE_POST,
    "workspace:claim-figure-edit": WORKSPACE_POST,
    "workspace:similar-claims": WORKSPACE,
    "workspace:speakers": WORKSPACE,
    "workspace:speaker-create": WORKSPACE,
    "workspace:speaker": WORKSPACE,
    "workspace:speaker-edit": WORKSPACE,
    "workspace:speaker-merge": WORKSPACE,
    "workspace:disputes": WORKSPACE,
    "workspace:dispute-create": WORKSPACE,
    "workspace:dispute": WORKSPACE,
    "workspace:dispute-edit": WORKSPACE,
    "workspace:dispute-attach": WORKSPACE_POST,
    "workspace:dispute-attach-search": WORKSPACE,
    "workspace:dispute-detach": WORKSPACE_POST,
    "sources:list": WORKSPACE,
    "sources:import": WORKSPACE,
    "sources:revise": WORKSPACE,
    "sources:recheck": WORKSPACE_POST,
    "sources:capture": WORKSPACE,
    "sources:capture-job": WORKSPACE,
    "sources:capture-retry": WORKSPACE_POST,
    "sources:archived": WORKSPACE,
    "sources:archived-page": WORKSPACE,
    "sources:archived-warc": WORKSPACE,
    # Verdicts and publication: every change is a POST; the review queue is
    # for editors.
    "workspace:verdict-propose": WORKSPACE_POST,
    "workspace:verdict-edit": WORKSPACE_POST,
    "workspace:verdict-submit": WORKSPACE_POST,
    "workspace:verdict-withdraw": WORKSPACE_POST,
    "workspace:claim-publish": WORKSPACE_POST,
    "workspace:claim-unpublish": WORKSPACE_POST,
    "workspace:dispute-publish": WORKSPACE_POST,
    "workspace:dispute-unpublish": WORKSPACE_POST,
    "workspace:review": EDITORS,
    "workspace:verdict-approve": WORKSPACE_POST,
    "workspace:verdict-reject": WORKSPACE_POST,
    # Other fact-checkers' reviews: editors import and match them; everyone
    # in the workspace sees those without a claim, to make the claim.
    "workspace:fact-checks": WORKSPACE,
    "workspace:fact-check-import": EDITORS,
    "workspace:fact-check-import-confirm": WORKSPACE_POST,
    "workspace:fact-check-match": WORKSPACE_POST,
    # Personal API tokens: each person sees and revokes only their own (the
    # table's token belongs to someone else).
    "workspace:tokens": WORKSPACE,
    "workspace:token-revoke": ("login", "404", "404", "404"),
    # The admin: its index and one model's list stand for its own routes,
    # which Django tests. Journalists and editors are not staff.
    "admin:index": ADMIN,
    "admin:claims_claim_changelist": ADMIN,
}

# Of the admin's own routes, only these are walked.
ADMIN_ROUTES_CHECKED = {"admin:index", "admin:claims_claim_changelist"}

# Query strings some GET views need to answer at all (a search's words,
# the source a look-up is for); without them they answer 404 by design.
QUERIES = {
    "workspace:selection": "revision={revision}&start=4&end=12&exact=ministry",
    "workspace:similar-claims": "source={source}&new-text=civilians",
    "workspace:dispute-attach-search": "q=civilians",
    "workspace:claim-search": "prefix=add&q=civilians",
    "workspace:speaker-search": "prefix=new&q=Speaker",
}
# An htmx-only fragment: without htmx it redirects to its page.
HTMX_ONLY = {"workspace:dispute-attach-search"}


def routes(patterns=None, namespace: str = "", prefix: str = "") -> Iterator[tuple[str, str]]:
    """(name, pattern) for every named route, recursing into includes."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            full = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from routes(entry.url_patterns, full, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            if entry.name is None:
                continue  # only the admin has unnamed routes (redirects to its change pages)
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, prefix + str(entry.pattern)


def walked_routes() -> list[tuple[str, str]]:
    found = []
    for name, pattern in routes():
        if name.startswith("admin:") and name not in ADMIN_ROUTES_CHECKED:
            continue
        if "static" in name or pattern.startswith("static"):
            continue
        found.append((name, pattern))
    return found


@pytest.fixture
def world() -> dict:
    """One of everything, with each route's placeholder ids."""
    source = make_source()
    speaker = make_speaker()
    dispute = make_dispute(published_at=datetime(2015, 10, 2, tzinfo=UTC))
    claim = make_claim(speaker=speaker, dispute=dispute, published_at=datetime(2015, 10, 2, tzinfo=UTC))
    # Quoted in the world's source, so that the source's public page has a published quote.
    quote = make_quote(revision=source.current_revision())
    make_appearance(claim=claim, quote=quote)
    relation = make_relation(from_claim=claim)
    evidence = make_evidence(claim=claim)
    figure = make_figure(claim=claim)
    verdict = make_verdict(
        claim=claim, state=Verdict.State.SUBMITTED, submitted_at=datetime(2015, 10, 2, tzinfo=UTC)
    )
    job = uploaded_pdf(source)
    token = make_token(make_user(groups=["Journalist"])).token
    return {
        "token": token,
        "job": job,
        "capture": job.capture,
        "source": source,
        "quote": quote,
        "speaker": speaker,
        "dispute": dispute,
        "claim": claim,
        "relation": relation,
        "evidence": evidence,
        "figure": figure,
        "verdict": verdict,
    }


def uploaded_pdf(source) -> CaptureJob:
    """An uploaded PDF, archived and waiting for the worker, its capture
    belonging to ``source``: the capture routes' objects."""
    job = jobs.start_pdf_capture(filename="report.pdf", body=make_pdf(REPORT_PAGES), by=None)
    Capture.objects.filter(pk=job.capture_id).update(source=source)
    return job


def url_for(name: str, pattern: str, world: dict) -> str:
    """The route's URL with ids of real objects: ``pk`` is the object the
    route is mounted under (a source, claim, speaker or dispute)."""
    mounted_on = "claim"
    mounts = [
        ("sources/<", "source"),
        ("speakers/<", "speaker"),
        ("disputes/<", "dispute"),
        ("capture/<", "job"),
        ("archive/<int:pk>", "capture"),
        ("annotations/<int:pk>", "quote"),
        ("tokens/<", "token"),
    ]
    for segment, kind in mounts:
        if segment in pattern:
            mounted_on = kind
    ids = {
        "pk": world[mounted_on].pk,
        "id": world[mounted_on].pk,  # the API's routes name it so
        "relation_pk": world["relation"].pk,
        "evidence_pk": world["evidence"].pk,
        "figure_pk": world["figure"].pk,
        "claim_pk": world["claim"].pk,
        "verdict_pk": world["verdict"].pk,
        "capture": world["capture"].pk,
        "number": 1,
    }
    if (
        ":slug>" in pattern or "<slug>" in pattern
    ):  # public pages of a speaker or dispute are mounted under its slug
        ids["slug"] = world[mounted_on].slug
    # The API's routes (django-ninja's) have no converters: <id>, not <int:id>.
    kwargs = {key: value for key, value in ids.items() if f":{key}>" in pattern or f"<{key}>" in pattern}
    url = reverse(name, kwargs=kwargs)
    if name in QUERIES:
        source = world["source"]
        url += "?" + QUERIES[name].format(source=source.pk, revision=source.current_revision().pk)
    return url


def outcome(response) -> str:
    if response.status_code in (301, 302):
        path = urlsplit(response["Location"]).path
        if path in (reverse("login"), reverse("admin:login")):
            return "login"
        if path == reverse("home"):
            return "home"
        return f"redirect to {path}"
    return str(response.status_code)


@pytest.fixture
def users() -> dict[str, User | None]:
    return {
        "anonymous": None,
        "journalist": make_user(groups=["Journalist"]),
        "editor": make_user(groups=["Editor"]),
        "administrator": User.objects.create_superuser("root", "root@example.org", "pw-admin-1"),
    }


def test_every_route_is_in_the_table():
    missing = [name for name, _ in walked_routes() if name not in EXPECTED]
    assert not missing, f"Routes with no entry in tests/test_access.py's EXPECTED: {', '.join(missing)}"
    stale = set(EXPECTED) - {name for name, _ in walked_routes()}
    assert not stale, f"EXPECTED lists routes that no longer exist: {', '.join(sorted(stale))}"


def test_every_route_answers_every_role_as_intended(client, world, users):
    wrong = []
    for name, pattern in walked_routes():
        if name not in EXPECTED:
            wrong.append(f"{name}: not in the access table")
            continue
        url = url_for(name, pattern, world)
        headers = {"HTTP_HX_REQUEST": "true"} if name in HTMX_ONLY else {}
        for role, expected in zip(ROLES, EXPECTED[name], strict=True):
            client.logout()
            if users[role] is not None:
                client.force_login(users[role])
            got = outcome(client.get(url, **headers))
            if got != expected:
                wrong.append(f"{name} ({url}) as {role}: expected {expected}, got {got}")
    assert not wrong, "\n".join(wrong)


def marked_public(url: str) -> bool:
    """Whether the route's view carries @login_not_required, the mark
    LoginRequiredMiddleware lets anonymous readers through by."""
    return not getattr(resolve(urlsplit(url).path).func, "login_required", True)


def test_the_routes_marked_public_are_those_readers_may_reach(world):
    # Default deny: a view is public only by its mark. The routes marked are
    # exactly those the table lets readers reach (signing out among them, so
    # that signing out of an expired session simply lands on the home page).
    marked = {name for name, pattern in walked_routes() if marked_public(url_for(name, pattern, world))}
    readable = {name for name, expected in EXPECTED.items() if expected[0] != "login"}
    assert marked == readable


def test_every_route_not_marked_public_sends_readers_to_sign_in(client, world):
    wrong = []
    for name, pattern in walked_routes():
        url = url_for(name, pattern, world)
        if marked_public(url):
            continue
        for method in (client.get, client.post):
            got = outcome(method(url))
            if got != "login":
                wrong.append(f"{name} ({method.__name__.upper()} {url}): expected login, got {got}")
    assert not wrong, "\n".join(wrong)
