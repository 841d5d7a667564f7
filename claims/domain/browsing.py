"""What the readers' browse page reads besides the page of claims: the choices
its filters offer (only what published claims use) and the speakers and
disputes whose names hold every word of a search. Bounded whatever the size
of the newsroom: each is a fixed number of queries over a bounded number of rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, F, Q, QuerySet

from claims.models import Claim, Dispute, Rating, Speaker
from claims.search.query import NEWEST
from claims.search.snippets import Highlighter
from sources.models import Source
from sources.validators import language_choices

RELATED_LIMIT = 5
# How many claims found are read for the speakers and disputes matching a search.
RELATED_SCAN = 500
# How many speakers and disputes the filters offer to choose from.
CHOICES_LIMIT = 300


@dataclass(frozen=True)
class PublicSpeaker:
    pk: int
    slug: str
    name: str
    aliases: list[str]


@dataclass(frozen=True)
class PublicDispute:
    pk: int
    slug: str
    question: str


@dataclass(frozen=True)
class FilterChoices:
    """What readers may filter by: only what published claims use, so that
    the choices themselves reveal nothing unpublished. Five queries.

    A newsroom's speakers and disputes may number in the thousands, too many
    for a list to choose from (and to send with every page), so the lists
    hold the speakers of the newest ``CHOICES_LIMIT`` public claims and the
    newest ``CHOICES_LIMIT`` published disputes, which in a newsroom of
    modest size is all of them, plus whichever one the URL asks for (a
    speaker's or a dispute's page links here with it)."""

    ratings: list[Rating]
    speakers: list[PublicSpeaker]
    disputes: list[PublicDispute]
    languages: list[tuple[str, str]]

    @classmethod
    def load(cls, *, speaker: str = "", dispute: str = "") -> FilterChoices:
        public = Claim.objects.public()
        speakers_wanted = Q(pk__in=public.order_by(*NEWEST).values("speaker_id")[:CHOICES_LIMIT])
        if speaker:
            speakers_wanted |= Q(pk__in=public.filter(speaker__slug=speaker).values("speaker_id")[:1])
        speakers = [
            PublicSpeaker(pk, slug, name, [a for a in aliases or () if isinstance(a, str)])
            for pk, slug, name, aliases in Speaker.objects.filter(speakers_wanted)
            .order_by("name", "pk")
            .values_list("pk", "slug", "name", "aliases")
        ]
        newest = (F("date").desc(nulls_last=True), F("id").desc())
        published = Dispute.objects.public()
        disputes_wanted = Q(pk__in=published.order_by(*newest).values("pk")[:CHOICES_LIMIT])
        if dispute:
            disputes_wanted |= Q(slug=dispute)
        disputes = [
            PublicDispute(*row)
            for row in published.filter(disputes_wanted)
            .order_by(*newest)
            .values_list("pk", "slug", "question")
        ]
        names = dict(language_choices())
        languages = sorted(
            ((code, names.get(code, code)) for code in languages_quoted(public)), key=lambda item: item[1]
        )
        ratings = list(Rating.objects.filter(scale__is_default=True).order_by("order"))
        return cls(ratings=ratings, speakers=speakers, disputes=disputes, languages=languages)


# Every language sources are in, each read once from the language index
# (a "loose index scan": the next language after the last one found), so the
# cost is the number of languages, not of sources. The same SQL runs on
# PostgreSQL and SQLite.
SOURCE_LANGUAGES_SQL = """
WITH RECURSIVE languages(language) AS (
    SELECT MIN(language) FROM sources_source
    UNION ALL
    SELECT (SELECT MIN(language) FROM sources_source WHERE language > languages.language)
    FROM languages WHERE languages.language IS NOT NULL
)
SELECT language FROM languages WHERE language IS NOT NULL
"""


def languages_quoted(public: QuerySet[Claim]) -> list[str]:
    """The languages of the sources that hold a quote of a public claim, in
    two queries whatever the number of sources: the languages there are,
    then, in one statement, whether each has such a quote. Asking per source
    instead (or joining every quote to every claim) takes seconds at a
    million claims."""
    with connection.cursor() as cursor:
        cursor.execute(SOURCE_LANGUAGES_SQL)
        codes = [code for (code,) in cursor.fetchall()]
    if not codes:
        return []
    probes = {
        f"language_{n}": Exists(public.filter(appearances__quote__revision__source__language=code))
        for n, code in enumerate(codes)
    }
    found = Source.objects.order_by().annotate(**probes).values(*probes).first()
    return [code for n, code in enumerate(codes) if found[f"language_{n}"]]


def related_to_search(
    found: QuerySet[Claim], highlighter: Highlighter
) -> tuple[list[PublicSpeaker], list[PublicDispute]]:
    """Speakers (by name or another name) and published disputes (by
    question) holding every word of the query. A claim's search document
    holds its speaker's names and its published dispute's question, so they
    are among the speakers and disputes of the claims found: one query reads
    those of the first ``RELATED_SCAN`` claims found, and the names are
    matched here."""
    wanted = len(highlighter.terms)
    speakers: dict[int, PublicSpeaker] = {}
    disputes: dict[int, PublicDispute] = {}
    seen: set[tuple[str, int]] = set()  # each speaker and dispute is matched once
    rows = found.order_by().values_list(
        "speaker_id",
        "speaker__slug",
        "speaker__name",
        "speaker__aliases",
        "dispute_id",
        "dispute__slug",
        "dispute__question",
        "dispute__published_at",
    )[:RELATED_SCAN]
    for speaker_id, slug, name, aliases, dispute_id, dispute_slug, question, published_at in rows:
        if ("speaker", speaker_id) not in seen:
            seen.add(("speaker", speaker_id))
            aliases = [a for a in aliases or () if isinstance(a, str)]
            if any(highlighter.terms_found(text) == wanted for text in (name, *aliases)):
                speakers[speaker_id] = PublicSpeaker(speaker_id, slug, name, aliases)
        if dispute_id is not None and published_at is not None and ("dispute", dispute_id) not in seen:
            seen.add(("dispute", dispute_id))
            if highlighter.terms_found(question) == wanted:
                disputes[dispute_id] = PublicDispute(dispute_id, dispute_slug, question)
    by_name = sorted(speakers.values(), key=lambda s: s.name.casefold())
    by_question = sorted(disputes.values(), key=lambda d: d.question.casefold())
    return by_name[:RELATED_LIMIT], by_question[:RELATED_LIMIT]
