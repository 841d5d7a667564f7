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

from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from claims.domain.browsing import FilterChoices, PublicDispute, PublicSpeaker, related_to_search
from claims.models import Appearance, Claim, current_verdicts
from claims.public.browse_form import BrowseForm
from claims.search.query import matching
from claims.search.snippets import Highlighter, snippet

PER_PAGE = 20
# The count stops here ("more than 1,000"), and so do the pages: past the
# first thousand claims found, a reader narrows the search rather than
# paging on, and no page makes the database skip more than this many rows.
COUNT_LIMIT = 1000
MAX_PAGES = COUNT_LIMIT // PER_PAGE


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


def _page_number(raw: str) -> int | None:
    try:
        number = int(raw)
    except ValueError:
        return None
    return number if number >= 1 else None


def _past_the_last_page(raw_page: str, count: int) -> str:
    if count > COUNT_LIMIT:
        return (
            f"Only the first {COUNT_LIMIT:,} claims found are listed, {PER_PAGE} to a page. "
            "Add words or filters to narrow the search."
        )
    shown = raw_page.strip() if len(raw_page) <= 20 else f"{raw_page[:20]}…"
    return f"There is no page {shown} of these results."


def browse_form(request: HttpRequest) -> BrowseForm:
    """The search and filters of ``request``, with the choices they may name."""
    choices = FilterChoices.load(
        speaker=request.GET.get("speaker", "")[:100], dispute=request.GET.get("dispute", "")[:100]
    )
    return BrowseForm(request.GET, choices=choices)


def found_claims(form: BrowseForm) -> tuple[QuerySet[Claim], int]:
    """The public claims a valid ``form`` finds, in the page's order, and how
    many there are, counted up to ``COUNT_LIMIT + 1`` only."""
    q = form.cleaned_data["q"]
    filtered = form.filtered(Claim.objects.public())
    count = matching(filtered, q).order_by().values("pk")[: COUNT_LIMIT + 1].count()
    # Ranking reads every claim found; over more than a reader can page
    # through, newest first is as useful and reads only the page's rows.
    return matching(filtered, q, ranked=count <= COUNT_LIMIT), count


@login_not_required
@require_safe
def browse(request: HttpRequest) -> HttpResponse:
    form = browse_form(request)
    context: dict = {"form": form, "results": None, "problem": "", "browse_url": reverse("claims:browse")}
    if not form.is_valid():
        return render(request, "claims/browse.html", context, status=400)

    raw_page = request.GET.get("page", "1")
    number = _page_number(raw_page)
    if number is None:
        context["problem"] = f"“{raw_page[:20]}” is not a page number; pages are numbered from 1."
        return render(request, "claims/browse.html", context, status=404)

    highlighter = Highlighter.of(form.cleaned_data["q"])
    found, count = found_claims(form)
    if number > MAX_PAGES:
        # Answered before the page's query: no page lies past MAX_PAGES, and
        # an offset past 2**63 makes the database raise rather than find nothing.
        context["problem"] = _past_the_last_page(raw_page, count)
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
        results.speakers, results.disputes = related_to_search(found, highlighter)
    context["results"] = results
    context["csv_url"] = f"{reverse('claims:browse-csv')}?{query.urlencode()}"
    return render(request, "claims/browse.html", context)
