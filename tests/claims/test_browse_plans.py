"""On PostgreSQL, no query the browse page runs for a filter reads the whole
claims table.

Each filter's page is requested for real on a table of 3,000 claims, its
queries captured, and each query that touches the claims table run again
under ``EXPLAIN (ANALYZE)``, sequential scans priced out as the planner
does for a large table, to count the claim rows its plan actually read.
The page needs about 1,001 of them at most (the count stops there), so a
plan that reads half the table or more has walked it instead of an index.
"""

import json
from datetime import UTC, date, datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim, Verdict
from tests.factories import (
    default_rating,
    make_appearance,
    make_dispute,
    make_quote,
    make_source,
    make_speaker,
    make_user,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans are checked on PostgreSQL"),
]

PUBLISHED = datetime(2015, 10, 2, 9, 0, tzinfo=UTC)
CLAIMS = 3000


@pytest.fixture
def newsroom():
    speakers = [make_speaker(name=f"Speaker {n}") for n in range(30)]
    dispute = make_dispute(question="Did the strikes kill civilians?", published_at=PUBLISHED)
    claims = Claim.objects.bulk_create(
        Claim(
            text=f"Claim {n} on the strikes.",
            search_text=f"Claim {n} on the strikes {'in Homs' if n % 100 == 0 else 'elsewhere'}.",
            speaker=speakers[n % 30],
            dispute=dispute if n % 40 == 0 else None,
            claimed_on=date(2000 + n % 20, 1 + n % 12, 1 + n % 28),
            published_at=PUBLISHED,
        )
        for n in range(CLAIMS)
    )
    author, rating = make_user(), default_rating(slug="false")
    Verdict.objects.bulk_create(
        Verdict(claim=claim, rating=rating, author=author, state=Verdict.State.APPROVED, decided_at=PUBLISHED)
        for claim in claims[::50]
    )
    source = make_source(language="ar", text="قتل 36 مدنيا في حمص")
    make_appearance(claim=claims[7], quote=make_quote(revision=source.current_revision(), exact="مدنيا"))
    with connection.cursor() as cursor:
        # New rows wait in the GIN index's pending list until (auto)vacuum
        # merges them, which a live database has done long before a search.
        cursor.execute("SELECT gin_clean_pending_list('claim_search_vector_idx')")
        cursor.execute("ANALYZE")
    return {"speaker": speakers[3].slug, "dispute": dispute.slug}


def claim_rows_read(plan: dict) -> int:
    """Rows the plan's scans of the claims table produced, over all loops."""
    own = (
        plan.get("Actual Rows", 0) * plan.get("Actual Loops", 1)
        if plan.get("Relation Name") == "claims_claim"
        else 0
    )
    own += plan.get("Rows Removed by Filter", 0) if plan.get("Relation Name") == "claims_claim" else 0
    return own + sum(claim_rows_read(child) for child in plan.get("Plans", []))


FILTERS = {
    "nothing": {},
    "speaker": {"speaker": "{speaker}"},
    "dispute": {"dispute": "{dispute}"},
    "rating": {"rating": "false"},
    "not rated": {"rating": "unrated"},
    "language": {"language": "ar"},
    "dates": {"date_from": "2015-09-05", "date_to": "2015-09-10"},
    "search": {"q": "strikes homs"},
    "search and speaker": {"q": "strikes", "speaker": "{speaker}"},
}


@pytest.mark.parametrize("name", FILTERS)
def test_no_browse_query_reads_the_whole_claims_table(client, newsroom, name: str) -> None:
    params = {key: value.format(**newsroom) for key, value in FILTERS[name].items()}
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("claims:browse"), params)
    assert response.status_code == 200, response.content.decode()[:2000]
    claim_queries = [q["sql"] for q in captured if '"claims_claim"' in q["sql"]]
    assert claim_queries

    for sql in claim_queries:
        with transaction.atomic(), connection.cursor() as cursor:
            # At this size a sequential scan is the cheapest plan for anything;
            # priced out, the planner shows the index path a large table takes.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
            (document,) = cursor.fetchone()
        plan = (json.loads(document) if isinstance(document, str) else document)[0]
        assert claim_rows_read(plan["Plan"]) < CLAIMS / 2, f"{sql}\n\n{json.dumps(plan, indent=1)[:6000]}"
