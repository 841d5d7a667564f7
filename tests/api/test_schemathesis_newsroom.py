"""schemathesis over the newsroom's part of the API, with a personal API
token: whatever a client sends (generated from the document), no answer is
a 500, and every answer has a status, a content type and a body the document
declares. The token is an editor's, who may do everything the operations
offer, so that the answers reach past the permission checks. Bounded like
the public part's run."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests.api.test_schemathesis import CHECKS, HEADERS, PUBLISHED, document
from tests.api.test_schemathesis import same_connection as same_connection  # noqa: PLC0414 (a fixture)
from tests.api.tokens import make_token
from tests.factories import make_appearance, make_claim, make_dispute, make_quote, make_source, make_user

schema = schemathesis.openapi.from_dict(document).include(tag="newsroom")
schema.app = get_wsgi_application()


@pytest.fixture
def editor_token(db, same_connection, settings):
    # The throttle is tested on its own (tests/api/test_throttling.py); here
    # it would only cut the run short.
    settings.API_RATE_TOKEN = (100_000, 60)
    settings.API_RATE_ANONYMOUS = (100_000, 60)
    source = make_source()
    claim = make_claim(dispute=make_dispute(published_at=PUBLISHED), published_at=PUBLISHED)
    make_appearance(claim=claim, quote=make_quote(revision=source.current_revision()))
    return make_token(make_user(groups=["Editor"]))


@pytest.mark.django_db
@schema.parametrize()
@hypothesis_settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_no_request_with_a_token_gets_a_server_error_or_an_undeclared_answer(editor_token, case):
    case.call_and_validate(headers={**HEADERS, **editor_token.headers}, checks=CHECKS)
