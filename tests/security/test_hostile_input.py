"""Hostile input through the real forms: the OWASP XSS filter-evasion
vectors and the Big List of Naughty Strings, typed into every text field and
upload a journalist or editor can submit, and the pages that show them.

For each form the corpus is dealt out over its text fields (``Rotation``):
each POST carries different strings in different fields, and after a couple
of dozen POSTs every string has been typed once. The tests hold that:

* nothing answers 500 (the test client re-raises a view's exception);
* what is stored is what was typed (plain text, stripped as its form says),
  or exactly ``clean_html`` of it for the fields that hold limited HTML;
* every page showing the stored values, workspace and public, parsed as a
  browser parses it, has no script but the site's own, no event-handler
  attribute, no javascript:/vbscript:/data: URL and no frame, object, embed
  or base element; and the plain values are on the page as text, escaped.

NUL bytes (which PostgreSQL refuses in text) and undecodable bytes standing
for lone surrogates get a form error or are replaced, never a 500.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import NoReverseMatch, reverse

from claims.domain import workflow
from claims.models import Claim, ClaimRelation, Dispute, Evidence, Figure, Speaker, Verdict, VerdictVote
from claims.words import fold
from sources.models import Source, SourceRevision
from sources.sanitize import clean_html
from sources.text import html_to_text, normalize_text
from sources.unclosed import unclosed_construct
from tests.factories import (
    default_rating,
    make_claim,
    make_dispute,
    make_source,
    make_user,
    make_verdict,
)
from tests.security.active_content import active_content, text_of
from tests.security.corpus import Rotation, corpus

pytestmark = pytest.mark.django_db

# POSTs per form. With a few strings per field, enough to type the whole
# corpus through each form, and few enough to keep the file fast.
POSTS = 24
# Rounds of queries through every search.
SEARCH_ROUNDS = 10


def strip(value: str) -> str:
    """What a Django CharField keeps: the value without surrounding whitespace."""
    return value.strip()


def collapse(value: str) -> str:
    """What name and question fields keep: whitespace runs made one space."""
    return " ".join(value.split())


def _ok(response, *, url: str = "") -> None:
    assert response.status_code < 500, (
        f"{url or response.request['PATH_INFO']} answered {response.status_code}"
    )


def _saved(response) -> bool:
    """Whether the form was accepted: every form here redirects on success."""
    _ok(response)
    return response.status_code == 302


def _errors(response) -> str:
    """The errors of the forms on the page, for a failure message."""
    found = []
    for context in response.context or []:
        for value in context.flatten().values():
            errors = getattr(value, "errors", None)
            if errors and hasattr(value, "is_bound"):
                found.append(f"{type(value).__name__}: {errors.as_data()}")
    return "; ".join(dict.fromkeys(found))[:1000] or f"status {response.status_code}"


def check_page(client: Client, url: str, *, shows: Iterable[str] = (), status: int = 200) -> str:
    """GET ``url``: it answers ``status``, runs nothing, and has each of
    ``shows`` on it as text (escaped, not parsed as markup)."""
    response = client.get(url)
    assert response.status_code == status, f"{url} answered {response.status_code}"
    html = response.content.decode()
    assert active_content(html) == [], f"active content on {url}: {active_content(html)}"
    text = text_of(html)
    for value in shows:
        assert collapse(value) in text, f"{value!r} is not shown as text on {url}"
    return html


def check_feed(client: Client, url: str) -> None:
    """A feed answers with well-formed XML whatever the claims say."""
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    ET.fromstring(response.content)


def browse_url() -> str | None:
    try:
        return reverse("claims:browse")
    except NoReverseMatch:  # the public search page is being built alongside
        return None


# --- Sources -------------------------------------------------------------------------

IMPORT_MODES = ("plain", "html", "upload.txt", "upload.html")


def _refused_as_swallowing(response, html: str) -> bool:
    """Whether ``html`` holds markup that would swallow the rest of the text,
    in which case the import must have been refused, naming it."""
    lost = unclosed_construct(html)
    if lost:
        assert not _saved(response)
        assert lost in response.content.decode().replace("&lt;", "<").replace("&gt;", ">")
    return bool(lost)


def test_imported_sources_store_hostile_text_as_typed_and_show_it_inert(client, journalist):
    client.force_login(journalist)
    rotation = Rotation(start=0)
    imported: list[Source] = []
    swallowing = 0  # refused for markup that would swallow the rest
    n = 0
    while not rotation.done:
        values = rotation.deal({"title": 300, "outlet": 200, "authors": 500, "text": 20_000}, posts=POSTS)
        mode = IMPORT_MODES[n % len(IMPORT_MODES)]
        is_html = mode.endswith("html")
        # A line of its own keeps each text distinct (and never empty), so
        # that none is taken for an earlier import. It comes first, where an
        # unclosed <script> or comment among the strings cannot swallow it.
        text = (f"<p>Entry {n}.</p>" if is_html else f"Entry {n}.\n\n") + values["text"]
        data = {
            "title": values["title"],
            "kind": "article",
            "outlet": values["outlet"],
            "url": f"https://example.org/{n}",
            "authors": values["authors"],
            "language": "ar",
            "published_on": "",
            "text_format": "html" if mode == "html" else "plain",
        }
        if mode.startswith("upload"):
            extension = mode.split(".")[1]
            data["upload"] = SimpleUploadedFile(f"{n}-<svg onload=alert(1)>.{extension}", text.encode())
        else:
            data["text"] = text
        response = client.post(reverse("sources:import"), data)
        n += 1
        if not strip(values["title"]):
            assert response.status_code == 422 and not _saved(response)
            continue
        if is_html and _refused_as_swallowing(response, text):
            swallowing += 1
            continue
        assert _saved(response), f"{mode} import refused: {_errors(response)}"
        source = Source.objects.latest("pk")
        assert source.title == strip(values["title"])
        assert source.outlet == strip(values["outlet"])
        assert source.authors == strip(values["authors"])
        expected = html_to_text(text) if is_html else normalize_text(text)
        assert source.current_revision().text == expected
        imported.append(source)
    assert len(imported) + swallowing >= POSTS - 2 and imported

    # Revisions: the text and the note of each.
    source = imported[0]
    rotation = Rotation(start=101)
    n = 0
    while not rotation.done:
        values = rotation.deal({"text": 20_000, "note": 300}, posts=POSTS)
        text = f"{values['text']}\n\nRevision {n}."
        response = client.post(
            reverse("sources:revise", args=[source.pk]), {"text": text, "note": values["note"]}
        )
        n += 1
        assert _saved(response), f"revision refused: {_errors(response)}"
        revision = source.current_revision()
        assert revision.text == normalize_text(text)
        assert revision.note == strip(values["note"])

    check_page(client, reverse("sources:list"), shows=[s.title for s in imported[:10]])
    check_page(client, reverse("workspace:dashboard"))
    for source in imported:
        check_page(client, reverse("workspace:reader", args=[source.pk]), shows=[source.title])
    check_page(client, reverse("workspace:reader", args=[imported[0].pk]) + "?revision=1")
    check_page(client, reverse("sources:revise", args=[imported[0].pk]))


# --- Claims, and everything on a claim's page ----------------------------------------

PASSAGES = 400


def _passage_source() -> tuple[Source, SourceRevision]:
    text = "\n\n".join(f"Passage {n:03d} reports what was said." for n in range(PASSAGES))
    source = make_source(text=text, title="Passages", url="https://example.org/passages")
    return source, source.current_revision()


def _selection(revision: SourceRevision, n: int) -> dict[str, str]:
    words = f"Passage {n:03d}"
    start = revision.text.index(words)
    return {"revision": str(revision.pk), "start": str(start), "end": str(start + len(words)), "exact": words}


def _speaker_matches(speaker: Speaker, typed: str) -> bool:
    """Whether ``speaker`` is the one a typed name picks or creates: the same
    name or alias, whitespace collapsed and case folded."""
    return fold(typed) in {fold(speaker.name), *(fold(a) for a in speaker.aliases)}


def _new_claims_from_selections(client: Client, revision: SourceRevision) -> list[Claim]:
    url = reverse("workspace:selection-claim", args=[revision.source_id])
    rotation = Rotation(start=211)
    claims = []
    n = 0
    while not rotation.done:
        values = rotation.deal(
            {"new-text": 2000, "new-speaker_name": 200, "new-speaker_role": 200, "new-venue": 300},
            posts=POSTS,
        )
        data = _selection(revision, n) | values | {"new-speaker_kind": "person", "new-claimed_on": ""}
        response = client.post(url, data)
        n += 1
        if not strip(values["new-text"]) or not collapse(values["new-speaker_name"]):
            assert response.status_code == 422
            continue
        assert _saved(response), f"new claim refused: {_errors(response)}"
        claim = Claim.objects.select_related("speaker").latest("pk")
        assert claim.text == strip(values["new-text"])
        assert _speaker_matches(claim.speaker, values["new-speaker_name"])
        assert claim.speaker_role == strip(values["new-speaker_role"])
        assert claim.venue == strip(values["new-venue"])
        claims.append(claim)
    assert len(claims) >= POSTS - 2
    return claims


def _claims_from_typed_words(client: Client) -> list[Claim]:
    """The corpus as a source's text, and its strings typed as the words to
    quote, without JavaScript: the words are found however hostile."""
    strings = [s for s in corpus() if s.strip()][:200]
    source = make_source(text="\n\n".join(strings), title="The corpus as a text")
    url = reverse("workspace:quote-by-words", args=[source.pk])
    rotation = Rotation(start=307)
    claims = []
    for n in range(POSTS):
        values = rotation.deal({"wnew-text": 2000, "wnew-venue": 300}, posts=POSTS)
        data = {
            "action": "new",
            "words-exact": strings[(n * 7) % len(strings)],
            "words-prefix": "",
            "words-suffix": "",
            "wnew-speaker_name": f"Typist {n}",
            "wnew-speaker_kind": "person",
            **values,
        }
        response = client.post(url, data)
        if _saved(response):
            claim = Claim.objects.latest("pk")
            assert claim.text == strip(values["wnew-text"])
            claims.append(claim)
        else:
            assert response.status_code == 422
    assert claims, "no typed words were found in the corpus text"
    return claims


def _edit_claim(client: Client, claim: Claim) -> None:
    url = reverse("workspace:claim-edit", args=[claim.pk])
    rotation = Rotation(start=401)
    while not rotation.done:
        values = rotation.deal(
            {"claim-text": 2000, "claim-speaker_name": 200, "claim-speaker_role": 200, "claim-venue": 300},
            posts=POSTS,
        )
        claim.refresh_from_db()
        data = values | {
            "claim-version": str(claim.version),
            "claim-speaker": str(claim.speaker_id),
            "claim-claimed_on": "2015-10-01",
            "claim-dispute": "",
            "claim-dispute_stance": "",
        }
        response = client.post(url, data)
        if not strip(values["claim-text"]):
            assert response.status_code == 422
            continue
        assert _saved(response), f"claim edit refused: {_errors(response)}"
        claim.refresh_from_db()
        assert claim.text == strip(values["claim-text"])
        assert claim.speaker_role == strip(values["claim-speaker_role"])
        assert claim.venue == strip(values["claim-venue"])
    # The last wording typed is one that shows; keep a readable one for the pages.
    claim.refresh_from_db()


def _add_relations(client: Client, claim: Claim, others: list[Claim]) -> list[ClaimRelation]:
    url = reverse("workspace:claim-relation-add", args=[claim.pk])
    rotation = Rotation(start=503)
    relations = []
    # One relation of each kind to each other claim, until the corpus is typed.
    pairs = iter([(kind, other) for kind in ClaimRelation.Kind.values for other in others])
    while not rotation.done:
        kind, other = next(pairs)
        values = rotation.deal({"rel-note": 2000, "rel-claim_q": 200}, posts=POSTS)
        response = client.post(url, values | {"rel-kind": kind, "rel-other": str(other.pk)})
        assert _saved(response), f"relation refused: {_errors(response)}"
        relation = ClaimRelation.objects.latest("pk")
        assert relation.note == strip(values["rel-note"])
        relations.append(relation)
    # And edited from the other end.
    relation = relations[0]
    edit = reverse("workspace:claim-relation-edit", args=[relation.to_claim_id, relation.pk])
    rotation = Rotation(start=577)
    for _ in range(4):
        values = rotation.deal({f"rel{relation.pk}-note": 2000}, posts=4)
        relation.refresh_from_db()
        data = values | {
            f"rel{relation.pk}-version": str(relation.version),
            f"rel{relation.pk}-kind": relation.kind,
        }
        assert _saved(client.post(edit, data))
        relation.refresh_from_db()
        assert relation.note == strip(values[f"rel{relation.pk}-note"])
    return relations


def _add_evidence(client: Client, claim: Claim) -> list[Evidence]:
    url = reverse("workspace:claim-evidence-add", args=[claim.pk])
    rotation = Rotation(start=601)
    evidence = []
    n = 0
    while not rotation.done:
        values = rotation.deal({"ev-title": 300, "ev-description": 10_000}, posts=POSTS)
        data = values | {
            "ev-stance": ("supports", "refutes", "context", "inconclusive")[n % 4],
            "ev-kind": "document",
            "ev-source": "",
            "ev-url": f"https://example.org/evidence/{n}?q=%3Cscript%3E",
            "ev-reliability": "B",
        }
        response = client.post(url, data)
        n += 1
        if not strip(values["ev-title"]):
            assert response.status_code == 422
            continue
        assert _saved(response), f"evidence refused: {_errors(response)}"
        item = Evidence.objects.latest("pk")
        assert item.title == strip(values["ev-title"])
        assert item.description == clean_html(strip(values["ev-description"]))
        evidence.append(item)
    # An edit goes through the same cleaning.
    item = evidence[0]
    prefix = f"ev{item.pk}"
    values = Rotation(start=13).deal({f"{prefix}-title": 300, f"{prefix}-description": 10_000}, posts=1)
    data = values | {
        f"{prefix}-version": str(item.version),
        f"{prefix}-stance": "refutes",
        f"{prefix}-kind": "photo",
        f"{prefix}-source": "",
        f"{prefix}-url": "",
        f"{prefix}-reliability": "C",
    }
    assert _saved(client.post(reverse("workspace:claim-evidence-edit", args=[claim.pk, item.pk]), data))
    item.refresh_from_db()
    assert item.description == clean_html(strip(values[f"{prefix}-description"]))
    return evidence


def _add_figures(client: Client, claim: Claim) -> None:
    url = reverse("workspace:claim-figure-add", args=[claim.pk])
    # Its two fields hold 250 characters between them: the whole corpus would
    # take a hundred POSTs, so every third string, which is still each kind.
    rotation = Rotation(corpus()[::3], start=709)
    n = 0
    while not rotation.done:
        values = rotation.deal({"fig-counted": 200, "fig-unit": 50}, posts=POSTS)
        data = values | {
            "fig-qualifier": "",
            "fig-value": str(n),
            "fig-minimum": "",
            "fig-maximum": "",
            "fig-quote": "",
        }
        response = client.post(url, data)
        n += 1
        if not strip(values["fig-counted"]):
            assert response.status_code == 422
            continue
        assert _saved(response), f"figure refused: {_errors(response)}"
        figure = Figure.objects.latest("pk")
        assert figure.counted == strip(values["fig-counted"])
        assert figure.unit == strip(values["fig-unit"])


def _propose_verdicts(client: Client, claim: Claim, evidence: list[Evidence]) -> list[Verdict]:
    url = reverse("workspace:verdict-propose", args=[claim.pk])
    rating = default_rating(slug="mostly-false")
    rotation = Rotation(start=811)
    verdicts = []
    while not rotation.done:
        values = rotation.deal({"vd-rationale": 20_000}, posts=POSTS)
        data = values | {"vd-rating": str(rating.pk), "vd-evidence": [str(e.pk) for e in evidence[:3]]}
        response = client.post(url, data)
        if not clean_html(strip(values["vd-rationale"])):
            assert response.status_code == 422
            continue
        assert _saved(response), f"verdict refused: {_errors(response)}"
        verdict = Verdict.objects.latest("pk")
        assert verdict.rationale == clean_html(strip(values["vd-rationale"]))
        verdicts.append(verdict)
    # A draft edited by its author.
    verdict = verdicts[0]
    prefix = f"vd{verdict.pk}"
    edit = reverse("workspace:verdict-edit", args=[claim.pk, verdict.pk])
    rotation = Rotation(start=919)
    for _ in range(4):
        values = rotation.deal({f"{prefix}-rationale": 20_000}, posts=4)
        verdict.refresh_from_db()
        data = values | {f"{prefix}-version": str(verdict.version), f"{prefix}-rating": str(rating.pk)}
        response = client.post(edit, data)
        if not clean_html(strip(values[f"{prefix}-rationale"])):
            continue
        assert _saved(response), f"draft edit refused: {_errors(response)}"
        verdict.refresh_from_db()
        assert verdict.rationale == clean_html(strip(values[f"{prefix}-rationale"]))
    return verdicts


def _withdraw_and_restore(client: Client, claim: Claim, relation: ClaimRelation, item: Evidence) -> None:
    """Every withdrawal's reason, typed with the corpus: the claim's, a
    relation's and a piece of evidence's, each restored to go again."""
    targets = [
        (claim, "cw", "claim-withdraw", "cr", "claim-restore", [claim.pk]),
        (
            relation,
            f"rel{relation.pk}w",
            "claim-relation-withdraw",
            f"rel{relation.pk}r",
            "claim-relation-restore",
            [claim.pk, relation.pk],
        ),
        (
            item,
            f"ev{item.pk}w",
            "claim-evidence-withdraw",
            f"ev{item.pk}r",
            "claim-evidence-restore",
            [claim.pk, item.pk],
        ),
    ]
    rotation = Rotation(start=1013)
    n = 0
    while not rotation.done:
        obj, w, withdraw_name, r, restore_name, args = targets[n % len(targets)]
        n += 1
        reason = rotation.take(2000, rotation.per_field(1, POSTS))
        obj.refresh_from_db()
        response = client.post(
            reverse(f"workspace:{withdraw_name}", args=args),
            {f"{w}-version": obj.version, f"{w}-reason": reason},
        )
        if not strip(reason):
            assert response.status_code == 422
            continue
        assert _saved(response), f"withdrawal refused: {_errors(response)}"
        obj.refresh_from_db()
        assert obj.withdrawn_reason == strip(reason)
        response = client.post(reverse(f"workspace:{restore_name}", args=args), {f"{r}-version": obj.version})
        assert _saved(response)


def _withdraw_submitted_verdicts(client: Client, verdict: Verdict, author: User) -> None:
    url = reverse("workspace:verdict-withdraw", args=[verdict.claim_id, verdict.pk])
    rotation = Rotation(start=1117)
    for _ in range(8):
        workflow.submit_verdict(verdict=verdict, by=author)
        reason = rotation.take(2000, 3)
        response = client.post(url, {f"vdw{verdict.pk}-reason": reason})
        assert _saved(response), f"withdrawing the verdict refused: {_errors(response)}"
        transition = verdict.transitions.latest("pk")
        assert (transition.to_state, transition.reason) == ("draft", strip(reason))


def _reject(editor_client: Client, claim: Claim, author: User) -> None:
    rotation = Rotation(start=1223)
    while not rotation.done:
        verdict = make_verdict(
            claim=claim, author=author, state=Verdict.State.SUBMITTED, submitted_at=datetime.now(tz=UTC)
        )
        reason = rotation.take(2000, rotation.per_field(1, POSTS))
        response = editor_client.post(
            reverse("workspace:verdict-reject", args=[verdict.pk]), {f"rj{verdict.pk}-reason": reason}
        )
        if not strip(reason):
            assert response.status_code == 422
            continue
        assert _saved(response), f"rejection refused: {_errors(response)}"
        verdict.refresh_from_db()
        vote = VerdictVote.objects.get(verdict=verdict)
        assert verdict.state == Verdict.State.REJECTED
        assert vote.reason == strip(reason)


def test_claims_and_their_pages_store_hostile_text_as_typed_and_run_nothing(
    client, journalist, editor, editor_client
):
    client.force_login(journalist)
    source, revision = _passage_source()

    claims = _new_claims_from_selections(client, revision)
    typed = _claims_from_typed_words(client)
    claim = claims[0]
    _edit_claim(client, claim)
    relations = _add_relations(client, claim, claims[1:])
    evidence = _add_evidence(client, claim)
    _add_figures(client, claim)
    verdicts = _propose_verdicts(client, claim, evidence)
    _withdraw_and_restore(client, claim, relations[0], evidence[0])
    _withdraw_submitted_verdicts(client, verdicts[1], journalist)
    _reject(editor_client, claims[1], journalist)
    # Left in the queue for the review page.
    workflow.submit_verdict(verdict=verdicts[2], by=journalist)

    # Published, with an approved verdict, for the public pages.
    dispute = make_dispute(question="<script>alert(1)</script> Did it happen?", summary=corpus()[0])
    Claim.objects.filter(pk__in=[c.pk for c in claims + typed]).update(
        dispute=dispute, dispute_stance="affirms"
    )
    workflow.submit_verdict(verdict=verdicts[3], by=journalist)
    workflow.approve_verdict(verdict=verdicts[3], by=editor)
    verdicts[3].refresh_from_db()
    assert verdicts[3].state == Verdict.State.APPROVED
    workflow.publish_dispute(dispute=dispute, by=editor)
    for published in [*claims[:12], *typed]:
        workflow.publish_claim(claim=published, by=editor)
    claim.refresh_from_db()

    # The workspace.
    check_page(client, reverse("workspace:claim", args=[claim.pk]), shows=[claim.text, evidence[1].title])
    check_page(client, reverse("workspace:claim-history", args=[claim.pk]))
    for other in claims[1:6] + typed[:5]:
        check_page(client, reverse("workspace:claim", args=[other.pk]), shows=[other.text])
    check_page(client, reverse("workspace:claims"))
    check_page(client, reverse("workspace:claims") + "?status=withdrawn")
    check_page(client, reverse("workspace:dashboard"))
    check_page(client, reverse("workspace:reader", args=[source.pk]))
    check_page(
        client, reverse("workspace:reader", args=[typed[0].appearances.get().quote.revision.source_id])
    )
    check_page(client, reverse("workspace:speakers"))
    check_page(client, reverse("workspace:speaker", args=[claim.speaker_id]), shows=[claim.speaker.name])
    check_page(client, reverse("workspace:dispute", args=[dispute.pk]))
    check_page(editor_client, reverse("workspace:review"))

    # The public site, as a reader.
    reader = Client()
    check_page(reader, reverse("home"))
    check_page(reader, claim.get_absolute_url(), shows=[claim.text])
    for published in [*claims[1:12], *typed]:
        check_page(reader, published.get_absolute_url(), shows=[published.text])
    check_page(reader, reverse("claims:source", args=[source.pk]))
    check_page(reader, reverse("claims:source", args=[typed[0].appearances.get().quote.revision.source_id]))
    check_page(reader, reverse("claims:speaker", args=[claim.speaker.slug]), shows=[claim.speaker.name])
    check_page(reader, reverse("claims:dispute", args=[dispute.slug]))
    check_feed(reader, reverse("feed-verdicts"))
    check_feed(reader, reverse("feed-dispute", args=[dispute.slug]))
    if browse_url():
        check_page(reader, browse_url())


def test_a_rationale_that_is_nothing_but_removed_markup_is_refused(client, journalist, world):
    client.force_login(journalist)
    claim = world["claim"]
    data = {
        "vd-rating": str(world["rating"].pk),
        "vd-rationale": "<script>alert(1)</script><style>p{}</style>",
    }
    response = client.post(reverse("workspace:verdict-propose", args=[claim.pk]), data)

    assert response.status_code == 422
    assert "Nothing is left of the rationale once disallowed markup is removed" in response.content.decode()
    assert claim.verdicts.count() == 2  # the world's own


def test_feeds_carry_claims_whose_wording_holds_control_characters(client, journalist, editor):
    """The naughty strings include terminal colour codes and bells, which
    XML cannot hold: the feeds leave those characters out rather than fail."""
    controls = [s for s in corpus() if re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", s)]
    assert controls
    client.force_login(journalist)
    claim = make_claim()
    data = {"claim-version": str(claim.version), "claim-text": "\n".join(controls)}
    data |= {"claim-speaker": str(claim.speaker_id), "claim-speaker_name": claim.speaker.name}
    assert _saved(client.post(reverse("workspace:claim-edit", args=[claim.pk]), data))
    dispute = make_dispute(question=f"Did {controls[-1]} happen?")
    Claim.objects.filter(pk=claim.pk).update(dispute=dispute)
    verdict = make_verdict(
        claim=claim,
        rationale=f"<p>{controls[0]}</p>",
        state=Verdict.State.SUBMITTED,
        submitted_at=datetime.now(tz=UTC),
    )
    workflow.approve_verdict(verdict=verdict, by=editor)
    workflow.publish_claim(claim=claim, by=editor)
    workflow.publish_dispute(dispute=dispute, by=editor)

    for url in (reverse("feed-verdicts"), reverse("feed-dispute", args=[dispute.slug])):
        check_feed(client, url)
        entry = ET.fromstring(client.get(url).content).find("{http://www.w3.org/2005/Atom}entry")
        assert entry is not None and "Roses are [0;31mred[0m" in entry.findtext("{*}title")


# --- Speakers and disputes --------------------------------------------------------------


def _expected_aliases(typed: str, name: str) -> list[str]:
    """The speaker form's reading of the aliases box: one per line,
    whitespace collapsed, blanks and repeats (and the name itself) dropped."""
    seen, aliases = {fold(name)}, []
    for line in typed.splitlines():
        alias = collapse(line)
        if alias and fold(alias) not in seen:
            seen.add(fold(alias))
            aliases.append(alias)
    return aliases


def _hostile_speakers(client) -> list[Speaker]:
    """Speakers created and edited through the workspace with hostile text,
    each checked to hold exactly what was typed (cleaned as promised)."""
    rotation = Rotation(start=1301)
    speakers = []
    n = 0
    while not rotation.done:
        values = rotation.deal({"name": 200, "description": 500, "aliases": 200}, posts=POSTS)
        data = values | {"kind": "person", "wikidata_id": f"q{n + 1}"}
        existing = speakers[0] if speakers and n % 3 == 0 else None
        if existing:
            existing.refresh_from_db()
            data["version"] = str(existing.version)
            url = reverse("workspace:speaker-edit", args=[existing.pk])
        else:
            url = reverse("workspace:speaker-create")
        response = client.post(url, data)
        n += 1
        if not collapse(values["name"]):
            assert response.status_code == 422
            continue
        assert _saved(response), f"speaker refused: {_errors(response)}"
        speaker = existing or Speaker.objects.latest("pk")
        speaker.refresh_from_db()
        assert speaker.name == collapse(values["name"])
        assert speaker.description == strip(values["description"])
        assert speaker.aliases == _expected_aliases(values["aliases"], speaker.name)
        assert speaker.wikidata_id == f"Q{n}"
        if existing is None:
            speakers.append(speaker)
    return speakers


def _hostile_disputes(client) -> list[Dispute]:
    """Disputes created and edited with hostile text, each checked likewise."""
    rotation = Rotation(start=1409)
    disputes = []
    n = 0
    while not rotation.done:
        values = rotation.deal({"question": 300, "place": 200, "summary": 10_000}, posts=POSTS)
        existing = disputes[0] if disputes and n % 3 == 0 else None
        data = values | {"date": "2015-09-30"}
        if existing:
            existing.refresh_from_db()
            data["version"] = str(existing.version)
            url = reverse("workspace:dispute-edit", args=[existing.pk])
        else:
            url = reverse("workspace:dispute-create")
        response = client.post(url, data)
        n += 1
        if not collapse(values["question"]):
            assert response.status_code == 422
            continue
        assert _saved(response), f"dispute refused: {_errors(response)}"
        dispute = existing or Dispute.objects.latest("pk")
        dispute.refresh_from_db()
        assert dispute.question == collapse(values["question"])
        assert dispute.place == strip(values["place"])
        assert dispute.summary == strip(values["summary"])
        if existing is None:
            disputes.append(dispute)
    return disputes


def test_speakers_and_disputes_store_hostile_text_as_typed_and_run_nothing(client, journalist, editor):
    client.force_login(journalist)
    speakers = _hostile_speakers(client)
    disputes = _hostile_disputes(client)

    # A published claim of each speaker in each dispute, for the public pages.
    for speaker, dispute in zip(speakers[:10], disputes[:10], strict=False):
        make_claim(speaker=speaker, dispute=dispute, published_at=datetime.now(tz=UTC))
        workflow.publish_dispute(dispute=dispute, by=editor)

    check_page(client, reverse("workspace:speakers"), shows=[s.name for s in speakers[:10]])
    check_page(client, reverse("workspace:disputes"))
    reader = Client()
    for speaker in speakers[:10]:
        check_page(client, reverse("workspace:speaker", args=[speaker.pk]), shows=[speaker.name])
        check_page(client, reverse("workspace:speaker-edit", args=[speaker.pk]))
        check_page(
            client,
            reverse("workspace:speaker-merge", args=[speaker.pk]) + "?" + urlencode({"q": speaker.name[:20]}),
        )
        check_page(reader, reverse("claims:speaker", args=[speaker.slug]), shows=[speaker.name])
    for dispute in disputes[:10]:
        check_page(client, reverse("workspace:dispute", args=[dispute.pk]), shows=[dispute.question])
        check_page(client, reverse("workspace:dispute-edit", args=[dispute.pk]))
        check_page(reader, reverse("claims:dispute", args=[dispute.slug]), shows=[dispute.question])
        check_feed(reader, reverse("feed-dispute", args=[dispute.slug]))
    check_page(reader, reverse("home"))


def test_hostile_wikidata_ids_are_refused_with_a_message(client, journalist):
    client.force_login(journalist)
    for value in corpus()[::7]:
        response = client.post(
            reverse("workspace:speaker-create"), {"name": "Someone", "kind": "person", "wikidata_id": value}
        )
        if re.fullmatch(r"[Qq][1-9][0-9]{0,18}|", strip(value)):
            continue  # a Wikidata id, or none
        assert response.status_code == 422, value
        page = response.content.decode()
        assert "A Wikidata id is the letter Q followed by digits" in page or "at most 20 characters" in page
    assert not Speaker.objects.exclude(wikidata_id="").exclude(wikidata_id__regex=r"^Q[1-9][0-9]*$").exists()


# --- Searches, the login form ----------------------------------------------------------------


def test_searches_answer_hostile_queries_with_inert_pages(client, journalist, world):
    client.force_login(journalist)
    world["claim"].speaker.name = "<b>Bold</b> speaker"
    world["claim"].speaker.save()
    reader = Client()
    # Search boxes take 200 characters: a few strings at a time, for a
    # sample of rounds (every search shares the same handful of views).
    rotation = Rotation(start=1511)
    for _ in range(SEARCH_ROUNDS):
        query = quote(rotation.take(200, 6))
        for url, headers in searches(world):
            who = reader if url.startswith(browse_url() or "-") else client
            response = who.get(url + query, **headers)
            _ok(response, url=url)
            assert active_content(response.content.decode()) == [], (url, query)


def test_the_login_form_refuses_hostile_credentials_without_running_them(client):
    make_user(username="real", password="pw-real-user-1")
    url = reverse("login")
    for n, value in enumerate(corpus()[:: len(corpus()) // 12]):
        response = client.post(url, {"username": value, "password": corpus()[-n]})
        _ok(response, url=url)
        assert "_auth_user_id" not in client.session
        assert active_content(response.content.decode()) == []


# --- NUL bytes, undecodable bytes, and nonsense in every field ------------------------------

TEXT = "text"  # marks a field that takes free text, in FORMS


def forms(w: dict) -> list[tuple[str, str, dict[str, str]]]:
    """Every form a journalist or editor submits: (name, URL, fields), each
    field either ``TEXT`` (free text) or a value the form accepts."""
    claim, relation, evidence, figure = w["claim"], w["relation"], w["evidence"], w["figure"]
    draft, submitted, source, revision = w["draft"], w["submitted"], w["source"], w["revision"]
    rel, ev, fig, vd = f"rel{relation.pk}", f"ev{evidence.pk}", f"fig{figure.pk}", f"vd{draft.pk}"
    selection = {"revision": str(revision.pk), "start": "4", "end": "12", "exact": TEXT}
    evidence_fields = {"stance": "supports", "kind": "document", "title": TEXT, "source": "", "url": TEXT}
    evidence_fields |= {"description": TEXT, "reliability": "B"}
    figure_fields = {
        "counted": TEXT,
        "qualifier": "",
        "value": "3",
        "minimum": "",
        "maximum": "",
        "unit": TEXT,
    }
    figure_fields["quote"] = ""
    speaker = {"name": TEXT, "kind": "person", "aliases": TEXT, "description": TEXT, "wikidata_id": TEXT}
    return [
        (
            "import",
            reverse("sources:import"),
            {"title": TEXT, "kind": "article", "outlet": TEXT, "url": TEXT, "authors": TEXT}
            | {"language": "en", "published_on": "", "text": TEXT, "text_format": "plain"},
        ),
        ("revise", reverse("sources:revise", args=[source.pk]), {"text": TEXT, "note": TEXT}),
        (
            "new claim from a selection",
            reverse("workspace:selection-claim", args=[source.pk]),
            selection
            | {
                "new-text": TEXT,
                "new-speaker_name": TEXT,
                "new-speaker_kind": "person",
                "new-speaker_role": TEXT,
            }
            | {"new-claimed_on": "", "new-venue": TEXT},
        ),
        (
            "appearance from a selection",
            reverse("workspace:selection-appearance", args=[source.pk]),
            selection | {"add-claim_q": TEXT, "add-claim": str(claim.pk)},
        ),
        (
            "typed words",
            reverse("workspace:quote-by-words", args=[source.pk]),
            {"action": "new", "words-exact": TEXT, "words-prefix": TEXT, "words-suffix": TEXT}
            | {
                "wnew-text": TEXT,
                "wnew-speaker_name": TEXT,
                "wnew-speaker_kind": "person",
                "wnew-venue": TEXT,
            },
        ),
        (
            "claim",
            reverse("workspace:claim-edit", args=[claim.pk]),
            {"claim-version": str(claim.version), "claim-text": TEXT, "claim-speaker": str(claim.speaker_id)}
            | {
                "claim-speaker_name": TEXT,
                "claim-speaker_role": TEXT,
                "claim-claimed_on": "",
                "claim-venue": TEXT,
            }
            | {"claim-dispute": "", "claim-dispute_stance": ""},
        ),
        (
            "claim withdrawal",
            reverse("workspace:claim-withdraw", args=[claim.pk]),
            {"cw-version": str(claim.version), "cw-reason": TEXT},
        ),
        (
            "new relation",
            reverse("workspace:claim-relation-add", args=[claim.pk]),
            {
                "rel-kind": "contradicts",
                "rel-claim_q": TEXT,
                "rel-other": str(w["other"].pk),
                "rel-note": TEXT,
            },
        ),
        (
            "relation",
            reverse("workspace:claim-relation-edit", args=[claim.pk, relation.pk]),
            {f"{rel}-version": str(relation.version), f"{rel}-kind": "supports", f"{rel}-note": TEXT},
        ),
        (
            "relation withdrawal",
            reverse("workspace:claim-relation-withdraw", args=[claim.pk, relation.pk]),
            {f"{rel}w-version": str(relation.version), f"{rel}w-reason": TEXT},
        ),
        (
            "new evidence",
            reverse("workspace:claim-evidence-add", args=[claim.pk]),
            {f"ev-{name}": value for name, value in evidence_fields.items()},
        ),
        (
            "evidence",
            reverse("workspace:claim-evidence-edit", args=[claim.pk, evidence.pk]),
            {f"{ev}-{name}": value for name, value in evidence_fields.items()}
            | {f"{ev}-version": str(evidence.version)},
        ),
        (
            "evidence withdrawal",
            reverse("workspace:claim-evidence-withdraw", args=[claim.pk, evidence.pk]),
            {f"{ev}w-version": str(evidence.version), f"{ev}w-reason": TEXT},
        ),
        (
            "new figure",
            reverse("workspace:claim-figure-add", args=[claim.pk]),
            {f"fig-{name}": value for name, value in figure_fields.items()},
        ),
        (
            "figure",
            reverse("workspace:claim-figure-edit", args=[claim.pk, figure.pk]),
            {f"{fig}-{name}": value for name, value in figure_fields.items()},
        ),
        ("new speaker", reverse("workspace:speaker-create"), speaker),
        (
            "speaker",
            reverse("workspace:speaker-edit", args=[w["speaker"].pk]),
            speaker | {"version": str(w["speaker"].version)},
        ),
        (
            "new dispute",
            reverse("workspace:dispute-create"),
            {"question": TEXT, "date": "", "place": TEXT, "summary": TEXT},
        ),
        (
            "dispute",
            reverse("workspace:dispute-edit", args=[w["dispute"].pk]),
            {
                "question": TEXT,
                "date": "",
                "place": TEXT,
                "summary": TEXT,
                "version": str(w["dispute"].version),
            },
        ),
        (
            "attach a claim",
            reverse("workspace:dispute-attach", args=[w["dispute"].pk]),
            {"q": TEXT, "claim": str(claim.pk), "stance": "affirms"},
        ),
        (
            "new verdict",
            reverse("workspace:verdict-propose", args=[claim.pk]),
            {"vd-rating": str(w["rating"].pk), "vd-rationale": TEXT, "vd-evidence": str(evidence.pk)},
        ),
        (
            "draft verdict",
            reverse("workspace:verdict-edit", args=[claim.pk, draft.pk]),
            {
                f"{vd}-version": str(draft.version),
                f"{vd}-rating": str(w["rating"].pk),
                f"{vd}-rationale": TEXT,
            },
        ),
        (
            "verdict withdrawal",
            reverse("workspace:verdict-withdraw", args=[claim.pk, submitted.pk]),
            {f"vdw{submitted.pk}-reason": TEXT},
        ),
        (
            "rejection",
            reverse("workspace:verdict-reject", args=[submitted.pk]),
            {f"rj{submitted.pk}-reason": TEXT},
        ),
        ("sign in", reverse("login"), {"username": TEXT, "password": TEXT}),
    ]


def searches(w: dict) -> list[tuple[str, dict[str, str]]]:
    """Every search box, as (URL, headers); the words typed go at the end."""
    claim, source, dispute = w["claim"], w["source"], w["dispute"]
    found = [
        (reverse("workspace:speaker-search") + "?prefix=new&new-speaker_name=", {}),
        (reverse("workspace:claim-search") + "?prefix=add&add-claim_q=", {}),
        (reverse("workspace:claim-speaker-search", args=[claim.pk]) + "?claim-speaker_name=", {}),
        (reverse("workspace:claim-relation-search", args=[claim.pk]) + "?rel-claim_q=", {}),
        (reverse("workspace:dispute-attach-search", args=[dispute.pk]) + "?q=", {"HTTP_HX_REQUEST": "true"}),
        (reverse("workspace:dispute", args=[dispute.pk]) + "?q=", {}),
        (reverse("workspace:similar-claims") + f"?source={source.pk}&new-speaker_name=", {}),
        (reverse("workspace:similar-claims") + f"?source={source.pk}&new-text=", {}),
        (reverse("workspace:speakers") + "?q=", {}),
        (reverse("workspace:claims") + "?q=", {}),
        (reverse("workspace:speaker-merge", args=[claim.speaker_id]) + "?q=", {}),
        (reverse("workspace:reader", args=[source.pk]) + "?revision=", {}),
        (reverse("sources:list") + "?page=", {}),
    ]
    if browse_url():
        found.append((browse_url() + "?q=", {}))
    return found


def _client_for(name: str, journalist: User, editor: User) -> Client:
    client = Client()
    if name == "rejection":
        client.force_login(editor)
    elif name != "sign in":
        client.force_login(journalist)
    return client


def _filled(fields: dict[str, str], text: str) -> dict[str, str]:
    return {name: text if value is TEXT else value for name, value in fields.items()}


def test_nul_bytes_get_a_form_error_in_every_form_and_nothing_is_saved(world, journalist, editor):
    """PostgreSQL cannot store NUL in text; every form says so instead of
    failing (Django's CharField refuses "Null characters")."""
    counts = _row_counts()
    for name, url, fields in forms(world):
        client = _client_for(name, journalist, editor)
        response = client.post(url, _filled(fields, "before\x00after"))
        _ok(response, url=url)
        assert not _saved(response), f"{name} saved a NUL byte"
        if name != "sign in":
            assert "Null characters are not allowed." in response.content.decode(), name
    assert _row_counts() == counts


def test_nul_bytes_in_searches_find_nothing_and_fail_nothing(world, journalist):
    client = _client_for("", journalist, journalist)
    for url, headers in searches(world):
        response = client.get(url + "a%00b", **headers)
        _ok(response, url=url)


def test_undecodable_bytes_become_replacement_characters_not_errors(world, journalist, editor):
    """A lone surrogate cannot be sent as UTF-8; its encoded form (ED A0 80)
    is not valid UTF-8, and Django reads it as U+FFFD."""
    for name, url, fields in forms(world):
        client = _client_for(name, journalist, editor)
        body = "&".join(
            f"{quote(key)}={'%ED%A0%80%ED%B0%80' if value is TEXT else quote(value)}"
            for key, value in fields.items()
        )
        response = client.post(url, body, content_type="application/x-www-form-urlencoded")
        _ok(response, url=url)
    client = _client_for("", journalist, editor)
    for url, headers in searches(world):
        _ok(client.get(url + "%ED%A0%80", **headers), url=url)
    speaker = world["speaker"]
    speaker.refresh_from_db()  # the forms above saved it
    body = (
        f"version={speaker.version}&name=Before%ED%A0%80after&kind=person&aliases=&description=&wikidata_id="
    )
    response = client.post(
        reverse("workspace:speaker-edit", args=[speaker.pk]),
        body,
        content_type="application/x-www-form-urlencoded",
    )
    assert _saved(response)
    speaker.refresh_from_db()
    assert speaker.name == "Before\ufffd\ufffd\ufffdafter"


def test_an_upload_with_a_lone_surrogate_is_refused_as_not_utf8(client, journalist):
    client.force_login(journalist)
    data = {"title": "T", "kind": "article", "language": "en", "text_format": "plain"}
    data["upload"] = SimpleUploadedFile("surrogate.txt", b"Before \xed\xa0\x80 after")
    response = client.post(reverse("sources:import"), data)
    assert response.status_code == 422
    assert response.context["form"].errors["upload"] == [
        "The file is not UTF-8 text. Save it as UTF-8 and upload it again."
    ]


# Values that break forms which trust a field to hold what its widget
# sends: an id past the database's integers, a negative one, a NUL, and a
# digit that is not ASCII. Over the rounds every field of every form gets each.
NONSENSE = ["9" * 40, "-1", "\x00", "٣"]


def test_nonsense_in_every_field_of_every_form_never_fails_the_server(world, journalist, editor):
    """Hidden versions, ids, choices and dates too: every field of every form
    gets each nonsense value in turn, and the answer is never a 500. After
    the first round the forms are sent as htmx sends them, which answers
    with the form's section alone: the same checks, a smaller page."""
    for n in range(len(NONSENSE)):
        headers = {"HTTP_HX_REQUEST": "true"} if n else {}
        for name, url, fields in forms(world):
            client = _client_for(name, journalist, editor)
            data = {key: NONSENSE[(n + i) % len(NONSENSE)] for i, key in enumerate(fields)}
            _ok(client.post(url, data, **headers), url=url)


def _row_counts() -> dict[str, int]:
    models = [Source, SourceRevision, Claim, ClaimRelation, Evidence, Figure, Speaker, Dispute, Verdict]
    return {model.__name__: model.objects.count() for model in models} | {
        "withdrawn": Claim.objects.filter(withdrawn_at__isnull=False).count()
        + ClaimRelation.objects.filter(withdrawn_at__isnull=False).count()
        + Evidence.objects.filter(withdrawn_at__isnull=False).count(),
        "votes": VerdictVote.objects.count(),
    }
