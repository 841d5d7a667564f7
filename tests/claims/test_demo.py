"""``manage.py demo``: the annotated Homs article loads correctly, completely
and idempotently, and never on a database with DEBUG off."""

import hashlib
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from claims.devdata import demo, story
from claims.domain.lookups import find_speakers, speaker_with_name
from claims.models import Claim, ClaimRelation, Dispute, Evidence, Figure, Speaker, Verdict
from sources.models import SELECTOR_CONTEXT, Quote, Source, SourceRevision

pytestmark = pytest.mark.django_db

SNAPSHOT_APPS = ("sources", "claims", "auth")


@pytest.fixture(autouse=True)
def debug_on(settings):
    # pytest-django runs tests with DEBUG off; the demo refuses to run then.
    settings.DEBUG = True
    # Three accounts are created per load; the default hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def run_demo() -> str:
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, list[dict]]:
    """Every row of every model (historical models and many-to-many tables
    included) of the apps the demo writes to."""
    rows = {}
    for app_label in SNAPSHOT_APPS:
        for model in apps.get_app_config(app_label).get_models(include_auto_created=True):
            rows[model._meta.label] = list(model._default_manager.order_by("pk").values())
    return rows


def claim_of(speaker_name: str) -> Claim:
    return Claim.objects.get(speaker__name=speaker_name)


def test_running_twice_changes_nothing():
    run_demo()
    first = snapshot()
    output = run_demo()
    second = snapshot()

    assert {label: len(rows) for label, rows in second.items()} == {
        label: len(rows) for label, rows in first.items()
    }
    assert second == first
    assert "nothing changed" in output
    # The comparison did cover the history tables, and they are not empty.
    assert len(first["claims.HistoricalClaim"]) == 6
    assert len(first["sources.HistoricalQuote"]) == Quote.objects.count() > 0
    assert first["claims.Verdict_evidence"]


def test_quotes_are_anchored_where_the_text_says():
    run_demo()
    revision = SourceRevision.objects.get()
    text = revision.text
    quotes = list(Quote.objects.filter(revision=revision))
    assert {quote.exact for quote in quotes} == {exact for spec in story.CLAIMS for exact in spec.quotes}
    assert len(quotes) == 8
    for quote in quotes:
        assert quote.exact == text[quote.start : quote.end]
        assert text.count(quote.exact) == 1
        assert quote.start == text.index(quote.exact)
        assert quote.end == quote.start + len(quote.exact)
        assert quote.prefix == text[max(0, quote.start - SELECTOR_CONTEXT) : quote.start]
        assert quote.suffix == text[quote.end : quote.end + SELECTOR_CONTEXT]
        assert not quote.orphaned
        assert quote.appearance.claim.speaker.name in {spec.name for spec in story.SPEAKERS}


def test_the_quotes_chosen_for_each_claim():
    run_demo()

    def exacts(speaker_name: str) -> set[str]:
        return {a.quote.exact for a in claim_of(speaker_name).appearances.select_related("quote")}

    khoja = exacts("Khaled Khoja")
    assert "The Russians struck northern Homs today and killed 36 innocent people" in khoja
    assert "All of the casualties were civilians" in khoja
    assert 'the allegations were "completely untrue"' in exacts("Sergei Lavrov")
    assert "This will be air support without any participation in the ground operations" in exacts(
        "Vladimir Putin"
    )
    assert any("a known list of terrorist organisations" in exact for exact in exacts("Kremlin"))


def test_source_holds_the_file_exactly():
    run_demo()
    raw = story.ARTICLE_PATH.read_bytes()
    source = Source.objects.get()
    revision = source.revisions.get()

    assert revision.number == 1
    assert revision.text == raw.decode("utf-8")
    assert revision.sha256 == hashlib.sha256(raw).hexdigest()
    assert source.title == "Russia airstrike on Homs kills 36 civilians: Syria opposition"
    assert source.outlet == "Middle East Eye"
    assert source.kind == Source.Kind.ARTICLE
    assert source.language == "en"
    assert str(source.published_on) == "2015-10-01"
    assert source.url == ""


def test_speakers():
    run_demo()
    speakers = {s.name: s for s in Speaker.objects.all()}

    assert set(speakers) == {
        "Khaled Khoja",
        "Sergei Lavrov",
        "Kremlin",
        "Syrian National Coalition",
        "Vladimir Putin",
        "US officials",
    }
    assert speakers["Vladimir Putin"].wikidata_id == "Q7747"
    assert speakers["Sergei Lavrov"].wikidata_id == "Q80137"
    assert speakers["Khaled Khoja"].wikidata_id == ""
    assert speakers["Kremlin"].kind == Speaker.Kind.GOVERNMENT
    assert speakers["Syrian National Coalition"].kind == Speaker.Kind.POLITICAL
    assert speakers["US officials"].kind == Speaker.Kind.ANONYMOUS
    assert claim_of("Khaled Khoja").speaker_role == "head of the Syrian National Coalition"
    assert claim_of("Khaled Khoja").venue == "interview with AFP, New York"
    assert claim_of("Sergei Lavrov").speaker_role == "Russian Foreign Minister"


def test_speakers_go_by_their_names_in_their_own_scripts_and_are_found_by_them():
    run_demo()
    speakers = {s.name: s for s in Speaker.objects.all()}
    assert "Сергей Лавров" in speakers["Sergei Lavrov"].aliases
    assert "Владимир Путин" in speakers["Vladimir Putin"].aliases
    assert "خالد خوجة" in speakers["Khaled Khoja"].aliases
    assert "Кремль" in speakers["Kremlin"].aliases
    assert "الائتلاف الوطني السوري" in speakers["Syrian National Coalition"].aliases
    for typed, name in [
        ("лавров", "Sergei Lavrov"),
        ("путин", "Vladimir Putin"),
        ("خوجه", "Khaled Khoja"),
        ("кремль", "Kremlin"),
        ("الائتلاف الوطني", "Syrian National Coalition"),
    ]:
        assert [s.name for s in find_speakers(typed)] == [name], typed
    # Typing one of them for a new claim picks the speaker.
    assert speaker_with_name("сергей лавров") == speakers["Sergei Lavrov"]


def test_relations():
    run_demo()
    khoja, lavrov = claim_of("Khaled Khoja"), claim_of("Sergei Lavrov")

    contradicts = ClaimRelation.objects.filter(kind=ClaimRelation.Kind.CONTRADICTS)
    pairs = {(r.from_claim.speaker.name, r.to_claim.speaker.name) for r in contradicts}
    assert pairs == {("Sergei Lavrov", "Khaled Khoja"), ("Vladimir Putin", "Syrian National Coalition")}
    assert list(khoja.relations_in.filter(kind=ClaimRelation.Kind.CONTRADICTS)) == [
        ClaimRelation.objects.get(from_claim=lavrov, to_claim=khoja)
    ]
    assert ClaimRelation.objects.filter(
        from_claim=claim_of("Kremlin"), to_claim=lavrov, kind=ClaimRelation.Kind.SUPPORTS
    ).exists()


def test_figures():
    run_demo()
    khoja = {f.counted: f for f in Figure.objects.filter(claim=claim_of("Khaled Khoja"))}
    lavrov = {f.counted: f for f in Figure.objects.filter(claim=claim_of("Sergei Lavrov"))}

    assert khoja["civilians killed"].value == 36
    assert khoja["children killed"].value == 5
    assert lavrov["civilians killed"].value == 0
    assert "36" in khoja["civilians killed"].quote.exact
    assert "five children" in khoja["children killed"].quote.exact
    # A figure's quote is one of its own claim's appearances.
    for figure in Figure.objects.exclude(quote=None):
        assert figure.quote.appearance.claim_id == figure.claim_id


def test_dispute_and_publication():
    run_demo()
    dispute = Dispute.objects.get()
    editor = User.objects.get(username="editor")

    assert dispute.question == "Did the Russian strikes in northern Homs on 30 September 2015 kill civilians?"
    assert dispute.is_published
    assert dispute.published_by == editor
    assert Claim.objects.public().filter(dispute=dispute).count() == Claim.objects.count() == 6
    assert claim_of("Khaled Khoja").dispute_stance == Claim.DisputeStance.AFFIRMS
    assert claim_of("Sergei Lavrov").dispute_stance == Claim.DisputeStance.DENIES
    assert claim_of("Kremlin").dispute_stance == Claim.DisputeStance.DENIES
    for name in ("Syrian National Coalition", "Vladimir Putin", "US officials"):
        assert claim_of(name).dispute_stance == Claim.DisputeStance.OTHER


def test_one_approved_verdict_on_khojas_claim():
    run_demo()
    verdict = Verdict.objects.get(state=Verdict.State.APPROVED)
    evidence = Evidence.objects.get(title="Names of all 36 victims received by the opposition")

    assert Verdict.objects.count() == 1
    assert verdict.claim == claim_of("Khaled Khoja")
    assert verdict.rating.slug == "unproven"
    assert verdict.rating.scale.is_default
    assert verdict.reviewer is not None
    assert verdict.reviewer != verdict.author
    assert verdict.author.username == "journalist"
    assert verdict.reviewer.username == "editor"
    assert list(verdict.evidence.all()) == [evidence]
    assert [(t.from_state, t.to_state, t.by.username) for t in verdict.transitions.all()] == [
        ("draft", "submitted", "journalist"),
        ("submitted", "approved", "editor"),
    ]
    assert [(v.editor.username, v.decision) for v in verdict.votes.all()] == [("editor", "approve")]
    assert evidence.stance == Evidence.Stance.SUPPORTS
    assert evidence.kind == Evidence.Kind.TESTIMONY
    assert evidence.reliability == "F"
    assert evidence.source == Source.objects.get()


def test_accounts_groups_and_passwords():
    run_demo()
    journalist = User.objects.get(username="journalist")
    editor = User.objects.get(username="editor")
    admin = User.objects.get(username="admin")

    assert list(journalist.groups.all()) == [Group.objects.get(name="Journalist")]
    assert list(editor.groups.all()) == [Group.objects.get(name="Editor")]
    assert not editor.is_staff
    assert admin.is_superuser and admin.is_staff
    assert journalist.check_password("counterclaim-journalist")
    assert editor.check_password("counterclaim-editor")
    assert admin.check_password("counterclaim-admin")


def test_an_existing_accounts_password_is_left_alone():
    User.objects.create_user("journalist", password="chosen-by-the-journalist")

    output = run_demo()

    journalist = User.objects.get(username="journalist")
    assert journalist.check_password("chosen-by-the-journalist")
    assert journalist.groups.filter(name="Journalist").exists()
    assert "already existed" in output


def test_refuses_with_debug_off(settings):
    settings.DEBUG = False
    before = snapshot()

    with pytest.raises(CommandError, match="DJANGO_DEBUG=true"):
        call_command("demo", stdout=StringIO())

    assert Source.objects.count() == 0
    assert User.objects.count() == 0
    assert snapshot() == before


def test_output_lists_accounts_and_khojas_page():
    output = run_demo()

    for username, password in [
        ("journalist", "counterclaim-journalist"),
        ("editor", "counterclaim-editor"),
        ("admin", "counterclaim-admin"),
    ]:
        assert username in output
        assert password in output
    assert reverse("claims:detail", args=[claim_of("Khaled Khoja").pk]) in output


def test_a_missing_or_repeated_passage_fails_loudly():
    with pytest.raises(CommandError, match="0 occurrences"):
        demo.find_passage("the text", "absent")
    with pytest.raises(CommandError, match="2 occurrences"):
        demo.find_passage("Homs and Homs", "Homs")
