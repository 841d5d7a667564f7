"""schemathesis against the OpenAPI document, through the WSGI application:
for the public operations, whatever a client sends (generated from the
document, valid or not), no answer is a 500, and every answer has a status,
a content type and a body the document declares.

Bounded so that it runs with the rest of the suite: at most 25 generated
requests per operation, no deadline (the first request of a process is slow).
The fuzzed requests rarely name a claim or a speaker that exists, so the
answers of real objects are checked too, one request each.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from ninja.responses import NinjaJSONEncoder
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from claims.api.app import api
from claims.models import Verdict
from tests.factories import (
    make_appearance,
    make_claim,
    make_dispute,
    make_evidence,
    make_figure,
    make_quote,
    make_relation,
    make_source,
    make_verdict,
)

PUBLISHED = datetime(2015, 10, 2, 9, 0, tzinfo=UTC)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# The Host the WSGI client sends; the test settings allow "testserver".
HEADERS = {"Host": "testserver"}

# The document the API serves at /api/v1/openapi.json, as JSON (ninja's own
# dict holds Python values, such as integer status codes).
document = json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder))
schema = schemathesis.openapi.from_dict(document).include(tag="public")
schema.app = get_wsgi_application()


@pytest.fixture
def same_connection():
    """Requests through the WSGI application close the database connection
    when they finish, as in production; inside a test's transaction they must
    not, as Django's test client sees to for its own requests."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def newsroom(db, same_connection, request) -> dict:
    """A little published newsroom, with something of everything the public operations show."""
    # The throttle is tested on its own (tests/api/test_throttling.py); here
    # it would only cut the run short.
    django_settings = request.getfixturevalue("settings")
    django_settings.API_RATE_ANONYMOUS = (100_000, 60)
    source = make_source()
    dispute = make_dispute(published_at=PUBLISHED)
    claim = make_claim(dispute=dispute, dispute_stance="affirms", published_at=PUBLISHED)
    other = make_claim(dispute=dispute, dispute_stance="denies", published_at=PUBLISHED)
    quote = make_quote(revision=source.current_revision())
    make_appearance(claim=claim, quote=quote)
    make_relation(from_claim=other, to_claim=claim)
    make_evidence(claim=claim, source=source)
    make_figure(claim=claim, quote=quote)
    make_verdict(claim=claim, state=Verdict.State.APPROVED, decided_at=PUBLISHED)
    return {"claim": claim, "dispute": dispute, "speaker": claim.speaker, "source": source}


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_no_request_gets_a_server_error_or_an_answer_the_document_does_not_declare(newsroom, case):
    case.call_and_validate(headers=HEADERS, checks=CHECKS)


def real_cases(newsroom: dict) -> list:
    claim, dispute, speaker, source = (newsroom[k] for k in ("claim", "dispute", "speaker", "source"))
    return [
        schema["/api/v1/claims/"]["GET"].Case(query={"limit": 1}),
        schema["/api/v1/claims/"]["GET"].Case(query={"q": "claim", "dispute": dispute.slug}),
        schema["/api/v1/claims/{id}/"]["GET"].Case(path_parameters={"id": claim.pk}),
        schema["/api/v1/disputes/"]["GET"].Case(),
        schema["/api/v1/disputes/{slug}/"]["GET"].Case(path_parameters={"slug": dispute.slug}),
        schema["/api/v1/speakers/"]["GET"].Case(query={"limit": 1}),
        schema["/api/v1/speakers/{slug}/"]["GET"].Case(path_parameters={"slug": speaker.slug}),
        schema["/api/v1/sources/{id}/"]["GET"].Case(path_parameters={"id": source.pk}),
        schema["/api/v1/claims/"]["GET"].Case(query={"cursor": "not-a-cursor"}),
    ]


@pytest.mark.django_db
def test_the_answers_about_real_objects_match_the_document(newsroom):
    statuses = []
    for case in real_cases(newsroom):
        response = case.call_and_validate(headers=HEADERS, checks=CHECKS)
        statuses.append(response.status_code)
    assert statuses == [200] * 8 + [400]
