"""How every workspace view answers (claims.workspace.responses): each refusal
from the domain gets its status, htmx gets only the named partial, a plain
request the whole page, and a plain POST that worked a redirect with a
message. The views here are this module's own, on a page of their own, so
that the mapping is pinned apart from any one workspace page."""

import pytest
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from claims.domain.editing import save_versioned
from claims.domain.workflow import TransitionRefused
from claims.workspace.responses import REFUSALS, Answer, Shown
from tests.factories import make_claim

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

HTMX = {"HTTP_HX_REQUEST": "true"}
PAGE = """<!doctype html><html><body><h1>The page</h1>
{% partialdef part inline %}<section id="part">
{% if saved_message %}<p class="saved">{{ saved_message }}</p>{% endif %}
{% if problem %}<p class="problem">{{ problem }}</p>{% endif %}
{% if form %}<p class="version">version {{ form.version.value }}</p>
{{ form.non_field_errors }}{{ form.note.errors }}{% endif %}
{% if conflict %}<p class="conflict">conflict at version {{ conflict.instance.version }}</p>{% endif %}
<p class="fragment">fragment: {{ fragment }}</p>
</section>{% endpartialdef %}
</body></html>"""


class NoteForm(forms.Form):
    version = forms.IntegerField()
    note = forms.CharField()


def _answer(request: HttpRequest, **overrides) -> Answer:
    def context(shown: Shown) -> dict:
        return {"form": shown.form, "conflict": shown.conflict, "fragment": shown.fragment}

    settings = {"partial": "part", "success_url": "/done/", "error_key": "problem"} | overrides
    return Answer(request, "test/page.html", context=context, **settings)


def _conflict():
    claim = make_claim()
    stale = claim.version
    save_versioned(claim, fields=["venue"], expected_version=stale, by=None)
    return save_versioned(claim, fields=["venue"], expected_version=stale, by=None)


def refuse(request: HttpRequest, kind: str) -> HttpResponse:
    """Refuse as the domain would: ``kind`` names the error; ``?form`` sends
    a (valid) form along."""
    form = NoteForm({"version": "1", "note": "Mine."}) if "form" in request.GET else None
    if form is not None:
        assert form.is_valid()
    try:
        if kind == "permission":
            raise PermissionDenied("Only editors do this.")
        if kind == "conflict":
            _conflict()
        if kind == "transition":
            raise TransitionRefused("This verdict is submitted, so it cannot be submitted.")
        if kind == "validation":
            raise ValidationError({"note": "Say more.", "elsewhere": "Not a field of the form."})
        if kind == "other":
            raise LookupError("Not a refusal.")
    except REFUSALS as error:
        return _answer(request).refused(error, form=form)
    return _answer(request).done("Saved.")


def invalid(request: HttpRequest) -> HttpResponse:
    form = NoteForm({"version": "1"})
    assert not form.is_valid()
    return _answer(request).invalid(form)


def retargeted(request: HttpRequest) -> HttpResponse:
    return _answer(request, retarget=("#form", "outerHTML")).refused(ValidationError("No."))


def sent_as_is(request: HttpRequest) -> HttpResponse:
    """A form with no place for errors of its own: the reason is the page's."""
    form = NoteForm({"version": "1", "note": "Mine."})
    assert form.is_valid()
    return _answer(request).refused(ValidationError("Already there."), form=form, on_form=False)


def whole(request: HttpRequest) -> HttpResponse:
    """A page of its own: answered whole, htmx or not."""
    answer = _answer(request, partial=None)
    if request.method == "POST":
        return answer.done("Saved.", url="/elsewhere/")
    return answer.invalid(NoteForm({}))


urlpatterns = [
    path("refuse/<str:kind>/", refuse),
    path("invalid/", invalid),
    path("retargeted/", retargeted),
    path("sent-as-is/", sent_as_is),
    path("whole/", whole),
    # The refused page is a page of the site, with its navigation.
    path("", include("config.urls")),
]


@pytest.fixture(autouse=True)
def page_template(settings):
    engine = {**settings.TEMPLATES[0], "APP_DIRS": False}
    engine["OPTIONS"] = {
        **engine["OPTIONS"],
        "loaders": [
            ("django.template.loaders.locmem.Loader", {"test/page.html": PAGE}),
            "django.template.loaders.filesystem.Loader",
            "django.template.loaders.app_directories.Loader",
        ],
    }
    settings.TEMPLATES = [engine]


@pytest.fixture(autouse=True)
def signed_in(client, journalist):
    client.force_login(journalist)


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_permission_refusal_is_403_with_the_reason(client, headers):
    response = client.post("/refuse/permission/", **headers)
    assert response.status_code == 403
    page = response.content.decode()
    assert "Only editors do this." in page
    # Not the section's business: the refused page, for htmx too.
    assert 'id="part"' not in page


def test_a_transition_refusal_is_409_with_the_workflows_message_in_the_fragment(client):
    response = client.post("/refuse/transition/", **HTMX)
    assert response.status_code == 409
    page = response.content.decode()
    assert page.startswith('<section id="part">') and "<html" not in page
    assert '<p class="problem">This verdict is submitted, so it cannot be submitted.</p>' in page
    assert "fragment: True" in page


def test_a_plain_refusal_shows_the_whole_page_with_its_status(client):
    response = client.post("/refuse/transition/")
    assert response.status_code == 409
    page = response.content.decode()
    assert "<html>" in page and "<h1>The page</h1>" in page
    assert "This verdict is submitted" in page and "fragment: False" in page


def test_an_edit_conflict_is_409_with_the_form_at_the_version_now_stored(client):
    response = client.post("/refuse/conflict/?form", **HTMX)
    assert response.status_code == 409
    page = response.content.decode()
    assert "<html" not in page
    assert '<p class="version">version 2</p>' in page
    assert '<p class="conflict">conflict at version 2</p>' in page


def test_an_edit_conflict_without_a_form_says_so(client):
    response = client.post("/refuse/conflict/", **HTMX)
    assert response.status_code == 409
    assert "after you opened it, so your changes were not saved" in response.content.decode()


def test_a_validation_error_is_422_on_the_forms_fields(client):
    response = client.post("/refuse/validation/?form", **HTMX)
    assert response.status_code == 422
    page = response.content.decode()
    assert "<html" not in page
    # By field where the form has it, else for the whole form.
    assert '<ul class="errorlist" id="id_note_error"><li>Say more.</li></ul>' in page
    assert '<ul class="errorlist nonfield"><li>Not a field of the form.</li></ul>' in page


def test_a_validation_error_without_a_form_is_the_pages_error(client):
    response = client.post("/refuse/validation/", **HTMX)
    assert response.status_code == 422
    page = response.content.decode()
    assert '<p class="problem">Say more. Not a field of the form.</p>' in page


def test_an_invalid_form_is_422_with_its_errors(client):
    response = client.post("/invalid/", **HTMX)
    assert response.status_code == 422
    page = response.content.decode()
    assert "This field is required." in page and "<html" not in page


def test_anything_else_is_not_a_refusal(client):
    with pytest.raises(LookupError):
        client.post("/refuse/other/")


def test_done_gives_htmx_the_fragment_with_the_message(client):
    response = client.post("/refuse/nothing/", **HTMX)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.startswith('<section id="part">') and '<p class="saved">Saved.</p>' in page


def test_done_redirects_a_plain_post_with_the_message(client):
    response = client.post("/refuse/nothing/")
    assert response.status_code == 302 and response["Location"] == "/done/"
    assert [str(m) for m in response.wsgi_request._messages] == ["Saved."]


def test_an_answer_can_aim_htmx_elsewhere(client):
    response = client.post("/retargeted/", **HTMX)
    assert response.status_code == 422
    assert (response["HX-Retarget"], response["HX-Reswap"]) == ("#form", "outerHTML")
    assert "HX-Retarget" not in client.post("/retargeted/")


def test_a_form_can_come_back_as_sent_with_the_reason_as_the_pages_error(client):
    response = client.post("/sent-as-is/", **HTMX)
    assert response.status_code == 422
    page = response.content.decode()
    assert '<p class="problem">Already there.</p>' in page
    assert '<p class="version">version 1</p>' in page and "errorlist" not in page


def test_a_page_without_a_partial_is_answered_whole(client):
    response = client.get("/whole/", **HTMX)
    assert response.status_code == 422
    assert "<h1>The page</h1>" in response.content.decode()
    done = client.post("/whole/", **HTMX)
    assert done.status_code == 302 and done["Location"] == "/elsewhere/"
