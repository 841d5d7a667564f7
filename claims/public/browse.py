"""The readers' browse and search page: public claims by rating, speaker,
dispute, language and date, and full-text search with highlighted snippets.

Built to stay fast on a million claims: the page never counts the whole
table (the count stops past ``COUNT_LIMIT``), reads one page of rows in the
order an index keeps, offers bounded lists to choose from, and runs the same
queries whatever it shows: five for the filters' choices, one count, one page
of claims with their speakers and disputes, their verdicts, and, when
searching, their quotes for the snippets and the speakers and disputes the
words match. Ten at most.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.forms.utils import flatatt
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.views.decorators.http import require_safe

from claims.models import Appearance, Claim, Dispute, Rating, Speaker, Verdict
from claims.public.claim import current_verdicts
from claims.search.query import NEWEST, matching
from claims.search.snippets import Highlighter, snippet
from sources.models import Source
from sources.validators import language_choices

PER_PAGE = 20
# The count stops here ("more than 1,000"), and so do the pages: past the
# first thousand claims found, a reader narrows the search rather than
# paging on, and no page makes the database skip more than this many rows.
COUNT_LIMIT = 1000
MAX_PAGES = COUNT_LIMIT // PER_PAGE
RELATED_LIMIT = 5
# How many claims found are read for the speakers and disputes matching a search.
RELATED_SCAN = 500
# How many speakers and disputes the filters offer to choose from.
CHOICES_LIMIT = 300
UNRATED = "unrated"


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
            ((code, names.get(code, code)) for code in _languages_quoted(public)), key=lambda item: item[1]
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


def _languages_quoted(public: QuerySet[Claim]) -> list[str]:
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


class PlainSelect(forms.Select):
    """A ``<select>`` written out here rather than through Django's widget
    templates, which render each option with a template of its own: with a
    few hundred speakers and disputes to choose from, that was most of the
    page's time."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        current = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((option, SELECTED if str(option) == current else "", label) for option, label in self.choices),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), options
        )


SELECTED = format_html("{}", " selected")


class BrowseForm(forms.Form):
    """The filters, all optional; choices come from ``FilterChoices``."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        help_text="Words from a claim, a quote, a speaker's name or a dispute's question, in any language.",
        widget=forms.TextInput(attrs={"type": "search", "dir": "auto"}),
    )
    rating = forms.ChoiceField(label="Rating", required=False, widget=PlainSelect)
    speaker = forms.ChoiceField(label="Speaker", required=False, widget=PlainSelect)
    dispute = forms.ChoiceField(label="Dispute", required=False, widget=PlainSelect)
    language = forms.ChoiceField(
        label="Language of the source",
        required=False,
        help_text="Claims quoted from a source in this language.",
        widget=PlainSelect,
    )
    date_from = forms.DateField(
        label="Claimed on or after",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter the date as year-month-day, such as 2015-09-30."},
    )
    date_to = forms.DateField(
        label="Claimed on or before",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter the date as year-month-day, such as 2015-10-01."},
    )

    def __init__(self, *args, choices: FilterChoices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.choices = choices
        self.fields["rating"].choices = [
            ("", "Any rating"),
            *((rating.slug, rating.label) for rating in choices.ratings),
            (UNRATED, "Not rated yet"),
        ]
        self.fields["speaker"].choices = [("", "Any speaker"), *((s.slug, s.name) for s in choices.speakers)]
        self.fields["dispute"].choices = [
            ("", "Any dispute"),
            *((d.slug, d.question) for d in choices.disputes),
        ]
        self.fields["language"].choices = [("", "Any language"), *choices.languages]
        unknown = "There is no such {} among the published claims; choose one from the list."
        for name, noun in (
            ("rating", "rating"),
            ("speaker", "speaker"),
            ("dispute", "dispute"),
            ("language", "language"),
        ):
            self.fields[name].error_messages["invalid_choice"] = unknown.format(noun)

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "This date is before the first one: the range would be empty.")
        return data

    def filtered(self, claims: QuerySet[Claim]) -> QuerySet[Claim]:
        """``claims`` narrowed by every filter given. Call on a valid form."""
        data = self.cleaned_data
        if data["rating"] == UNRATED:
            claims = claims.exclude(Exists(Verdict.objects.approved().filter(claim=OuterRef("pk"))))
        elif data["rating"]:
            rating = next(r for r in self.choices.ratings if r.slug == data["rating"])
            claims = claims.filter(
                Exists(Verdict.objects.approved().filter(claim=OuterRef("pk"), rating_id=rating.pk))
            )
        if data["speaker"]:
            claims = claims.filter(
                speaker_id=next(s.pk for s in self.choices.speakers if s.slug == data["speaker"])
            )
        if data["dispute"]:
            claims = claims.filter(
                dispute_id=next(d.pk for d in self.choices.disputes if d.slug == data["dispute"])
            )
        if data["language"]:
            claims = claims.filter(
                Exists(
                    Appearance.objects.filter(
                        claim=OuterRef("pk"), quote__revision__source__language=data["language"]
                    )
                )
            )
        if data["date_from"]:
            claims = claims.filter(claimed_on__gte=data["date_from"])
        if data["date_to"]:
            claims = claims.filter(claimed_on__lte=data["date_to"])
        return claims


@dataclass
class Results:
    claims: list[Claim]
    count: int
    number: int
    has_next: bool
    query: QueryDict
    speakers: list[PublicSpeaker] = field(default_factory=list)
    disputes: list[PublicDispute] = field(default_factory=list)

    @property
    def more_than_limit(self) -> bool:
        return self.count > COUNT_LIMIT

    @property
    def limit_text(self) -> str:
        return f"{COUNT_LIMIT:,}"

    @property
    def count_text(self) -> str:
        if self.more_than_limit:
            return f"More than {COUNT_LIMIT:,} claims found"
        return f"{self.count:,} claim{'' if self.count == 1 else 's'} found"

    @property
    def pages(self) -> int | None:
        """How many pages there are, when the count is exact."""
        return None if self.more_than_limit else max(1, math.ceil(self.count / PER_PAGE))

    def _url(self, number: int) -> str:
        query = self.query.copy()
        query["page"] = str(number)
        return f"?{query.urlencode()}"

    @property
    def previous_url(self) -> str:
        return self._url(self.number - 1) if self.number > 1 else ""

    @property
    def next_url(self) -> str:
        return self._url(self.number + 1) if self.has_next else ""

    @property
    def capped(self) -> bool:
        """On the last page a reader may reach, with more claims beyond it."""
        return self.more_than_limit and self.number == MAX_PAGES


def _related(
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


def _page_number(raw: str) -> int | None:
    try:
        number = int(raw)
    except ValueError:
        return None
    return number if number >= 1 else None


@login_not_required
@require_safe
def browse(request: HttpRequest) -> HttpResponse:
    choices = FilterChoices.load(
        speaker=request.GET.get("speaker", "")[:100], dispute=request.GET.get("dispute", "")[:100]
    )
    form = BrowseForm(request.GET, choices=choices)
    context: dict = {"form": form, "results": None, "problem": "", "browse_url": reverse("claims:browse")}
    if not form.is_valid():
        return render(request, "claims/browse.html", context, status=400)

    raw_page = request.GET.get("page", "1")
    number = _page_number(raw_page)
    if number is None:
        context["problem"] = f"“{raw_page[:20]}” is not a page number; pages are numbered from 1."
        return render(request, "claims/browse.html", context, status=404)

    q = form.cleaned_data["q"]
    highlighter = Highlighter.of(q)
    filtered = form.filtered(Claim.objects.public())
    count = matching(filtered, q).order_by().values("pk")[: COUNT_LIMIT + 1].count()
    # Ranking reads every claim found; over more than a reader can page
    # through, newest first is as useful and reads only the page's rows.
    found = matching(filtered, q, ranked=count <= COUNT_LIMIT)
    if number > MAX_PAGES and count > COUNT_LIMIT:
        context["problem"] = (
            f"Only the first {COUNT_LIMIT:,} claims found are listed, {PER_PAGE} to a page. "
            "Add words or filters to narrow the search."
        )
        return render(request, "claims/browse.html", context, status=404)

    rows = (
        found.select_related("speaker", "dispute").defer("search_text").prefetch_related(current_verdicts())
    )
    if highlighter.terms:
        # The snippets need each claim's quotes and their sources' titles; not the texts.
        rows = rows.prefetch_related(
            Prefetch(
                "appearances",
                queryset=Appearance.objects.select_related("quote__revision__source").defer(
                    "quote__revision__text"
                ),
            )
        )
    offset = (number - 1) * PER_PAGE
    claims = list(rows[offset : offset + PER_PAGE + 1])
    if not claims and number > 1:
        context["problem"] = f"There is no page {number} of these results."
        return render(request, "claims/browse.html", context, status=404)

    query = request.GET.copy()
    query.pop("page", None)
    results = Results(
        claims=claims[:PER_PAGE],
        count=count,
        number=number,
        has_next=len(claims) > PER_PAGE and number < MAX_PAGES,
        query=query,
    )
    if highlighter.terms:
        for claim in results.claims:
            claim.snippet = snippet(claim, highlighter)
        results.speakers, results.disputes = _related(found, highlighter)
    context["results"] = results
    return render(request, "claims/browse.html", context)
