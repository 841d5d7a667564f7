"""The demo newsroom: one real article about the Homs airstrike of 30 September
2015, annotated as a journalist would, with a dispute, relations, evidence and
one approved verdict.

Why it exists: a fresh checkout (``make run``) should show every part of the
product working on a real contested story, and tests and browser checks need
the same realistic data. Why it is careful:

* It runs on every ``make run``, so it must be idempotent down to the
  django-simple-history tables: rows are looked up by natural keys and only
  what is missing is created; an existing row is never saved again, so no
  history row and no ``updated_at`` ever changes on a second run.
* It creates accounts with passwords published in this file, so it refuses to
  run unless ``DEBUG`` is on.
* Quotes are located in the text by exact search and must occur exactly once,
  so a changed article file fails loudly instead of anchoring quotes to the
  wrong words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TextIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.core.management.base import CommandError
from django.db import models, transaction
from django.urls import reverse

from claims.devdata.story import (
    ADMIN_PASSWORD,
    ADMIN_USERNAME,
    ARTICLE_PATH,
    CLAIMS,
    DISPUTE_PLACE,
    DISPUTE_QUESTION,
    DISPUTE_SUMMARY,
    EDITOR_PASSWORD,
    EDITOR_USERNAME,
    JOURNALIST_PASSWORD,
    JOURNALIST_USERNAME,
    KREMLIN_EVIDENCE_DESCRIPTION,
    KREMLIN_EVIDENCE_TITLE,
    NAMES_EVIDENCE_DESCRIPTION,
    NAMES_EVIDENCE_TITLE,
    PUBLISHED_AT,
    RELATIONS,
    SOURCE_OUTLET,
    SOURCE_PUBLISHED_ON,
    SOURCE_TITLE,
    SPEAKERS,
    VERDICT_DECIDED_AT,
    VERDICT_RATING_SLUG,
    VERDICT_RATIONALE,
    VERDICT_SUBMITTED_AT,
    WEDNESDAY,
)
from claims.domain.verdict_rules import Move, walk
from claims.models import (
    Appearance,
    Claim,
    ClaimRelation,
    Dispute,
    Evidence,
    Figure,
    Rating,
    Speaker,
    Verdict,
    VerdictTransition,
    VerdictVote,
)
from sources.models import Quote, Source, SourceRevision, text_sha256


class DemoRefused(CommandError):
    """The demo would publish known passwords on a database that may be real."""


# --- The result -------------------------------------------------------------------


@dataclass
class DemoResult:
    """The main demo objects, so callers and tests need not look them up again."""

    source: Source
    revision: SourceRevision
    journalist: AbstractUser
    editor: AbstractUser
    admin: AbstractUser
    speakers: dict[str, Speaker]
    claims: dict[str, Claim]
    dispute: Dispute
    names_evidence: Evidence
    verdict: Verdict
    created: int = 0  # rows created by this run; 0 when the demo was already loaded
    new_accounts: set[str] = field(default_factory=set)

    @property
    def khoja_claim(self) -> Claim:
        return self.claims["khoja"]


# --- Loading ----------------------------------------------------------------------


def read_article() -> str:
    """The article exactly as stored: bytes decoded as UTF-8, no newline
    translation, no stripping, so quote offsets match the file."""
    return ARTICLE_PATH.read_bytes().decode("utf-8")


def find_passage(text: str, exact: str) -> tuple[int, int]:
    """Start and end of ``exact`` in ``text``; refuses a passage that is
    missing or occurs more than once, since either would anchor a quote to
    the wrong words."""
    count = text.count(exact)
    if count != 1:
        raise CommandError(f"The demo article has {count} occurrences of {exact!r}; expected exactly one.")
    start = text.index(exact)
    return start, start + len(exact)


class _Loader:
    """Creates what is missing, counting it; never saves an existing row."""

    def __init__(self) -> None:
        self.created = 0
        self.by: AbstractUser | None = None  # recorded as history_user on new rows

    def get_or_create[M: models.Model](
        self, model: type[M], lookup: dict[str, Any], defaults: dict[str, Any] | None = None
    ) -> tuple[M, bool]:
        existing = model._default_manager.filter(**lookup).order_by("pk").first()
        if existing is not None:
            return existing, False
        return self.create(model, **lookup, **(defaults or {})), True

    def create[M: models.Model](self, model: type[M], **fields: Any) -> M:
        obj = model(**fields)
        obj.full_clean()  # fail loudly, with the model's own messages
        if self.by is not None:
            obj._history_user = self.by  # read by django-simple-history
        obj.save()
        self.created += 1
        return obj

    def account(
        self, username: str, password: str, *, group: Group | None = None, superuser: bool = False
    ) -> tuple[AbstractUser, bool]:
        user_model = get_user_model()
        user = user_model._default_manager.filter(username=username).first()
        created = user is None
        if created:
            if superuser:
                user = user_model._default_manager.create_superuser(username=username, password=password)
            else:
                user = user_model._default_manager.create_user(username=username, password=password)
            self.created += 1
        if group is not None and not user.groups.filter(pk=group.pk).exists():
            user.groups.add(group)
            self.created += 1
        return user, created


def _group(name: str) -> Group:
    try:
        return Group.objects.get(name=name)
    except Group.DoesNotExist:
        raise CommandError(f"The {name} group is missing: run `manage.py migrate` first.") from None


def load_demo(*, stdout: TextIO | None = None) -> DemoResult:
    """Load the demo newsroom into the database, creating only what is missing.

    Refuses (``DemoRefused``, a ``CommandError``) unless ``settings.DEBUG`` is
    on, before writing anything. Everything happens in one transaction, so a
    failure leaves the database as it was. When ``stdout`` is given, the demo
    accounts and the path of Khoja's public claim page are written to it.
    """
    if not settings.DEBUG:
        raise DemoRefused(
            "The demo creates accounts with published passwords, so it only runs with "
            "DJANGO_DEBUG=true (a development database). Nothing was written."
        )
    text = read_article()
    with transaction.atomic():
        result = _load(text)
    if stdout is not None:
        write_summary(result, stdout)
    return result


def _load(text: str) -> DemoResult:
    loader = _Loader()

    journalist, journalist_new = loader.account(
        JOURNALIST_USERNAME, JOURNALIST_PASSWORD, group=_group("Journalist")
    )
    editor, editor_new = loader.account(EDITOR_USERNAME, EDITOR_PASSWORD, group=_group("Editor"))
    admin, admin_new = loader.account(ADMIN_USERNAME, ADMIN_PASSWORD, superuser=True)
    new_accounts = {
        name
        for name, new in (
            (JOURNALIST_USERNAME, journalist_new),
            (EDITOR_USERNAME, editor_new),
            (ADMIN_USERNAME, admin_new),
        )
        if new
    }
    loader.by = journalist

    # The source, found by its text: the same article imported by hand under
    # another title is the same document and is reused, never duplicated.
    revision = SourceRevision.objects.filter(sha256=text_sha256(text)).order_by("pk").first()
    if revision is None:
        source = loader.create(
            Source,
            title=SOURCE_TITLE,
            outlet=SOURCE_OUTLET,
            published_on=SOURCE_PUBLISHED_ON,
            kind=Source.Kind.ARTICLE,
            language="en",
            url="",  # the original address is not known, and is never invented
            created_by=journalist,
        )
        revision = loader.create(
            SourceRevision,
            source=source,
            number=1,
            text=text,
            sha256=text_sha256(text),
            created_by=journalist,
        )
    source = revision.source
    if revision.text != text:
        raise CommandError("A revision has the demo article's SHA-256 but a different text.")

    speakers: dict[str, Speaker] = {}
    for spec in SPEAKERS:
        speakers[spec.name], _ = loader.get_or_create(
            Speaker,
            {"name": spec.name},
            {
                "kind": spec.kind,
                "description": spec.description,
                "wikidata_id": spec.wikidata_id,
                "aliases": list(spec.aliases),
            },
        )

    dispute, _ = loader.get_or_create(
        Dispute,
        {"question": DISPUTE_QUESTION},
        {
            "date": WEDNESDAY,
            "place": DISPUTE_PLACE,
            "summary": DISPUTE_SUMMARY,
            "published_at": PUBLISHED_AT,
            "published_by": editor,
            "created_by": journalist,
        },
    )

    claims: dict[str, Claim] = {}
    for spec in CLAIMS:
        claim, _ = loader.get_or_create(
            Claim,
            {"speaker": speakers[spec.speaker], "text": spec.text},
            {
                "speaker_role": spec.speaker_role,
                "claimed_on": spec.claimed_on,
                "venue": spec.venue,
                "dispute": dispute,
                "dispute_stance": spec.stance,
                "published_at": PUBLISHED_AT,
                "published_by": editor,
                "created_by": journalist,
            },
        )
        claims[spec.key] = claim
        quotes: dict[str, Quote] = {}
        for exact in spec.quotes:
            quotes[exact] = _quote(loader, revision, exact, journalist)
            appearance, _ = loader.get_or_create(
                Appearance, {"quote": quotes[exact]}, {"claim": claim, "added_by": journalist}
            )
            if appearance.claim_id != claim.pk:
                raise CommandError(f"The quote {exact!r} is already an appearance of another claim.")
        for figure in spec.figures:
            loader.get_or_create(
                Figure,
                {"claim": claim, "counted": figure.counted},
                {
                    "value": figure.value,
                    "unit": "",  # a count of people: the model leaves counts unitless
                    "quote": quotes[figure.quote] if figure.quote else None,
                },
            )

    for from_key, kind, to_key, note in RELATIONS:
        loader.get_or_create(
            ClaimRelation,
            {"from_claim": claims[from_key], "to_claim": claims[to_key], "kind": kind},
            {"note": note, "created_by": journalist},
        )

    names_evidence, _ = loader.get_or_create(
        Evidence,
        {"claim": claims["khoja"], "title": NAMES_EVIDENCE_TITLE},
        {
            "stance": Evidence.Stance.SUPPORTS,
            "kind": Evidence.Kind.TESTIMONY,
            "source": source,
            "description": NAMES_EVIDENCE_DESCRIPTION,
            "reliability": Evidence.Reliability.F,
            "added_by": journalist,
        },
    )
    loader.get_or_create(
        Evidence,
        {"claim": claims["lavrov"], "title": KREMLIN_EVIDENCE_TITLE},
        {
            "stance": Evidence.Stance.CONTEXT,
            "kind": Evidence.Kind.OFFICIAL_RECORD,
            "source": source,
            "description": KREMLIN_EVIDENCE_DESCRIPTION,
            "reliability": Evidence.Reliability.F,
            "added_by": journalist,
        },
    )

    verdict = _verdict(loader, claims["khoja"], names_evidence, journalist=journalist, editor=editor)

    return DemoResult(
        source=source,
        revision=revision,
        journalist=journalist,
        editor=editor,
        admin=admin,
        speakers=speakers,
        claims=claims,
        dispute=dispute,
        names_evidence=names_evidence,
        verdict=verdict,
        created=loader.created,
        new_accounts=new_accounts,
    )


def _quote(loader: _Loader, revision: SourceRevision, exact: str, journalist: AbstractUser) -> Quote:
    """The quote over ``exact``, anchored by position, made the way the
    browser's selection-to-claim makes them (``Quote.from_position``)."""
    start, end = find_passage(revision.text, exact)
    existing = Quote.objects.filter(revision=revision, start=start, end=end).order_by("pk").first()
    if existing is not None:
        return existing
    quote = Quote.from_position(revision, start, end, created_by=journalist)
    if quote.exact != exact:
        raise CommandError(f"Quote.from_position did not reproduce {exact!r}.")
    quote.full_clean()
    quote._history_user = loader.by
    quote.save()
    loader.created += 1
    return quote


def _verdict(
    loader: _Loader, claim: Claim, evidence: Evidence, *, journalist: AbstractUser, editor: AbstractUser
) -> Verdict:
    """The approved verdict on Khoja's claim with its audit trail: written as
    rows, at the story's fixed moments, but as the workflow's own rules say
    a submission by the journalist and an approval by the editor are stored
    (``verdict_rules.walk``: the fields, the transitions, the vote)."""
    rating = Rating.objects.get(scale__is_default=True, slug=VERDICT_RATING_SLUG)
    path = walk(
        author=journalist,
        moves=[Move("submit", journalist, VERDICT_SUBMITTED_AT), Move("approve", editor, VERDICT_DECIDED_AT)],
        # The story has one editor, who approved it: walked under the default
        # quorum of one whatever this newsroom's setting, so that the demo
        # holds the same rows everywhere.
        approvals_needed=1,
    )
    verdict, _ = loader.get_or_create(
        Verdict,
        {"claim": claim, "author": journalist, "rating": rating},
        {"rationale": VERDICT_RATIONALE, **path.fields},
    )
    if not verdict.evidence.filter(pk=evidence.pk).exists():
        verdict.evidence.add(evidence)
        loader.created += 1
    for transition in path.transitions:
        loader.get_or_create(
            VerdictTransition,
            {"verdict": verdict, "from_state": transition.from_state, "to_state": transition.to_state},
            {"by": transition.by, "at": transition.at, "reason": transition.reason},
        )
    for vote in path.votes.values():
        loader.get_or_create(
            VerdictVote,
            {"verdict": verdict, "editor": vote.editor},
            {"decision": vote.decision, "reason": vote.reason, "created_at": vote.created_at},
        )
    return verdict


def write_summary(result: DemoResult, stdout: TextIO) -> None:
    """The accounts to log in with and a page to start from."""
    rows = [
        ("username", "password", "role"),
        (JOURNALIST_USERNAME, JOURNALIST_PASSWORD, "Journalist"),
        (EDITOR_USERNAME, EDITOR_PASSWORD, "Editor"),
        (ADMIN_USERNAME, ADMIN_PASSWORD, "administrator (admin site)"),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    status = f"created {result.created} rows" if result.created else "already loaded, nothing changed"
    stdout.write(f"Demo newsroom: {status}.\n\n")
    for row in rows:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        stdout.write(("  " + "  ".join(cells)).rstrip() + "\n")
    usernames = (JOURNALIST_USERNAME, EDITOR_USERNAME, ADMIN_USERNAME)
    existing = [name for name in usernames if name not in result.new_accounts]
    if existing:
        stdout.write(
            "\n  Passwords are set only when the demo creates an account; these already existed, "
            f"so their passwords were left as they were: {', '.join(existing)}.\n"
        )
    path = reverse("claims:detail", args=[result.khoja_claim.pk])
    stdout.write(f"\nKhaled Khoja's claim, as readers see it: {path}\n")
