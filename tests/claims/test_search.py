"""The search machinery under the browse page (``claims/search/``): the
document each claim is found by, how a reader's words become a query, the
highlighted snippets, keeping the document fresh on every write path, and
the database's own index on SQLite and PostgreSQL."""

from datetime import UTC, date, datetime
from importlib import import_module
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse

from claims.domain.annotating import add_appearance, create_claim_from_selection
from claims.domain.disputes import attach_claim, detach_claim
from claims.domain.editing import save_versioned
from claims.domain.speakers import merge_speakers
from claims.domain.workflow import publish_dispute, unpublish_dispute
from claims.models import Appearance, Claim
from claims.search.document import refresh_search_text, search_document
from claims.search.index import SQLITE_TRIGGERS, after_migrate, ensure_sqlite_index
from claims.search.query import fts5_query, matching, postgres_tsquery, search_terms
from claims.search.snippets import SNIPPET_LENGTH, Highlighter, snippet
from claims.words import MAX_TERMS
from sources.revising import reanchor_orphan, revise_source
from tests.factories import (
    make_appearance,
    make_claim,
    make_dispute,
    make_quote,
    make_source,
    make_speaker,
    make_user,
)

pytestmark = pytest.mark.django_db

PUBLISHED = datetime(2015, 10, 2, 9, tzinfo=UTC)
ARABIC = "قال الناشطون إن الغارة قتل 36 مدنيا في ريف حمص."
RUSSIAN = "Российские военные самолеты нанесли удары по позициям в Сирии."

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the tsvector column and its GIN index exist on PostgreSQL only"
)
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table exists on SQLite only")


def text_of(claim: Claim) -> str:
    return Claim.objects.values_list("search_text", flat=True).get(pk=claim.pk)


def found(query: str) -> list[Claim]:
    return list(matching(Claim.objects.all(), query))


# --- The document ----------------------------------------------------------------------


def test_the_document_holds_every_part_one_per_line_with_spaces_collapsed():
    document = search_document(
        text="Russian strikes  killed\n36 civilians.",
        speaker_name="Khaled Khoja",
        speaker_aliases=["خالد خوجة", " "],
        role="President of the Syrian National Coalition",
        venue="",
        dispute_question="Did the strikes kill civilians?",
        quotes=["36 civilians were killed", "Российские военные самолеты"],
    )
    assert document.split("\n") == [
        "Russian strikes killed 36 civilians.",
        "Khaled Khoja",
        "خالد خوجة",
        "President of the Syrian National Coalition",
        "Did the strikes kill civilians?",
        "36 civilians were killed",
        "Российские военные самолеты",
    ]


def test_a_claim_is_made_with_its_document():
    speaker = make_speaker(name="Sergei Lavrov", aliases=["Сергей Лавров"])
    dispute = make_dispute(question="Did the strikes kill civilians?", published_at=PUBLISHED)
    claim = make_claim(
        text="Completely untrue.",
        speaker=speaker,
        speaker_role="Foreign Minister",
        venue="TASS",
        dispute=dispute,
    )
    assert claim.search_text == text_of(claim)
    assert text_of(claim).split("\n") == [
        "Completely untrue.",
        "Sergei Lavrov",
        "Сергей Лавров",
        "Foreign Minister",
        "TASS",
        "Did the strikes kill civilians?",
    ]


def test_an_unpublished_disputes_question_is_left_out_until_it_is_published():
    editor = make_user(groups=["Editor"])
    dispute = make_dispute(question="Was the hospital hit twice?")
    claim = make_claim(dispute=dispute)
    assert "hospital" not in text_of(claim)

    publish_dispute(dispute=dispute, by=editor)
    assert "Was the hospital hit twice?" in text_of(claim)
    unpublish_dispute(dispute=dispute, by=editor)
    assert "hospital" not in text_of(claim)


# --- The query -------------------------------------------------------------------------


def test_the_query_keeps_only_words_lower_cased_and_each_once():
    assert search_terms('  "36" Civilians* OR civilians -killed & (x) | !y :* _z ') == [
        "36",
        "civilians",
        "or",
        "killed",
        "x",
        "y",
        "z",
    ]
    assert search_terms("Российские ВОЕННЫЕ") == ["российские", "военные"]
    assert search_terms("قتل 36 مدنيا") == ["قتل", "36", "مدنيا"]
    assert search_terms(" ?!* \"' ") == []
    assert len(search_terms(" ".join(f"w{n}" for n in range(20)))) == MAX_TERMS


def test_each_word_is_a_required_prefix_in_either_databases_syntax():
    assert postgres_tsquery(["36", "civil"]) == "36:* & civil:*"
    assert fts5_query(["36", "civil"]) == '"36"* "civil"*'


@pytest.mark.parametrize(
    "query",
    [
        "' OR 1=1 --",
        '"unbalanced',
        "civil* AND NOT kill",
        "a:* | b & !c <-> d",
        "NEAR(a b) ^x {c}",
        "\\'; DROP TABLE claims_claim; --",
        "\x00nul",
        "🙂 emoji",
    ],
)
def test_operators_and_quotes_in_the_query_are_harmless(query):
    claim = make_claim(text="Russian strikes killed 36 civilians in northern Homs.")
    results = found(query)  # runs on the database: any syntax error would raise here
    assert results in ([], [claim])
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_words_are_prefixes_and_all_are_required():
    khoja = make_claim(text="Russian strikes killed 36 civilians in northern Homs.")
    lavrov = make_claim(text="The allegations are completely untrue.")
    assert found("civil") == [khoja]
    assert found("36 civilians") == [khoja]
    assert found("civilians untrue") == []
    assert found("ALLEGATION") == [lavrov]


def test_an_empty_query_filters_nothing_and_lists_newest_first():
    old = make_claim(claimed_on=date(2015, 9, 30))
    new = make_claim(claimed_on=date(2015, 10, 1))
    undated = make_claim()
    assert found("") == found("?!") == [new, old, undated]


def test_results_are_ranked_then_newest_first():
    once = make_claim(text="A strike in Homs.", claimed_on=date(2015, 10, 1))
    twice = make_claim(text="Homs, Homs and Homs again: a strike in Homs.", claimed_on=date(2015, 9, 1))
    assert found("homs") == [twice, once]


def test_arabic_and_russian_words_are_found_in_quotes_in_any_case():
    arabic = make_appearance(
        quote=make_quote(revision=make_source(text=ARABIC).current_revision(), exact="قتل 36 مدنيا")
    )
    russian = make_appearance(
        quote=make_quote(
            revision=make_source(text=RUSSIAN).current_revision(), exact="Российские военные самолеты"
        )
    )
    assert found("مدنيا") == [arabic.claim]
    assert found("قتل 36") == [arabic.claim]
    assert found("российские") == [russian.claim]
    assert found("ВОЕННЫЕ САМОЛЕТ") == [russian.claim]


@on_sqlite
def test_without_fts5_sqlite_falls_back_to_matching_words_anywhere(monkeypatch):
    monkeypatch.setattr("claims.search.query.fts5_available", lambda: False)
    claim = make_claim(text="Russian strikes killed 36 civilians in northern Homs.")
    make_claim(text="Completely untrue.")
    assert found("ilians 36") == [claim]
    assert found("ilians untrue") == []


# --- Snippets --------------------------------------------------------------------------


def test_matched_words_are_marked_whole_in_any_case():
    marked = Highlighter.of("CIVIL 36").mark("Russian strikes killed 36 civilians; civil defence said so.")
    assert marked == (
        "Russian strikes killed <mark>36</mark> <mark>civilians</mark>; <mark>civil</mark> defence said so."
    )


def test_a_word_is_matched_at_its_start_only():
    assert (
        Highlighter.of("ill").mark("killed, ill and illness")
        == "killed, <mark>ill</mark> and <mark>illness</mark>"
    )


def test_arabic_and_russian_words_are_marked():
    assert Highlighter.of("مدنيا").mark("قتل 36 مدنيا") == "قتل 36 <mark>مدنيا</mark>"
    assert Highlighter.of("российские самолет").mark(RUSSIAN) == (
        "<mark>Российские</mark> военные <mark>самолеты</mark> нанесли удары по позициям в Сирии."
    )


def test_accents_do_not_stop_a_match():
    assert Highlighter.of("ete").mark("Un été à Homs") == "Un <mark>été</mark> à Homs"


def test_the_text_is_escaped_around_and_inside_marks():
    marked = Highlighter.of("script").mark('<script>alert("x")</script> & more')
    assert marked == "&lt;<mark>script</mark>&gt;alert(&quot;x&quot;)&lt;/<mark>script</mark>&gt; &amp; more"


def test_a_long_text_is_cut_around_its_first_match_at_word_boundaries():
    words = " ".join(f"word{n}" for n in range(100))
    text = f"{words} civilians were killed {words}"
    marked = str(Highlighter.of("civilians").mark(text))
    assert marked.startswith("…") and marked.endswith("…")
    assert "<mark>civilians</mark>" in marked
    plain = marked.replace("<mark>", "").replace("</mark>", "").strip("…")
    assert len(plain) <= SNIPPET_LENGTH
    assert plain in text and plain.split(" ")[0].startswith("word")  # whole words only
    assert text.index(plain) < text.index("civilians") - 20  # some context before the match


def test_the_snippet_is_the_part_with_most_words_and_says_where_it_is():
    source = make_source(title="Middle East Eye, 1 October 2015")
    claim = make_claim(
        text="Russia killed civilians.", speaker=make_speaker(name="Khaled Khoja", aliases=["خوجة"])
    )
    make_appearance(
        claim=claim, quote=make_quote(revision=source.current_revision(), exact="36 civilians were killed")
    )
    claim = Claim.objects.prefetch_related("appearances__quote__revision__source").get(pk=claim.pk)

    in_quote = snippet(claim, Highlighter.of("36 civilians"))
    assert in_quote.where == "in a quote from “Middle East Eye, 1 October 2015”"
    assert in_quote.html == "<mark>36</mark> <mark>civilians</mark> were killed"
    assert snippet(claim, Highlighter.of("russia")).where == "in the claim's wording"
    assert snippet(claim, Highlighter.of("khoja")).where == "in the speaker's name"
    assert snippet(claim, Highlighter.of("خوجة")).where == "in another name of the speaker"


def test_a_script_in_a_quote_comes_back_escaped():
    source = make_source(text='He wrote <script>alert("pwned")</script> on the wall.')
    claim = make_claim(text="A message on the wall.")
    make_appearance(
        claim=claim,
        quote=make_quote(revision=source.current_revision(), exact='<script>alert("pwned")</script>'),
    )
    claim = Claim.objects.prefetch_related("appearances__quote__revision__source").get(pk=claim.pk)
    shown = snippet(claim, Highlighter.of("pwned"))
    assert shown.html == "&lt;script&gt;alert(&quot;<mark>pwned</mark>&quot;)&lt;/script&gt;"
    assert "<script" not in shown.html


# --- Kept fresh on every write path ------------------------------------------------------


def test_refreshing_never_moves_the_version_nor_writes_history():
    claim = make_claim(text="Before.")
    history_rows = claim.history.count()
    Claim.objects.filter(pk=claim.pk).update(search_text="stale")
    refresh_search_text([claim.pk])
    claim.refresh_from_db()
    assert claim.search_text.startswith("Before.")
    assert claim.version == 1
    assert claim.history.count() == history_rows


def test_a_claim_made_from_a_selection_is_found_by_its_quote():
    source = make_source()
    revision = source.current_revision()
    start = revision.text.index("36 civilians")
    claim = create_claim_from_selection(
        revision=revision,
        start=start,
        end=start + len("36 civilians were killed"),
        exact="36 civilians were killed",
        text="The strikes killed 36 people.",
        speaker=make_speaker(name="Ministry"),
        role="spokesman",
        by=None,
    )
    assert text_of(claim).split("\n") == [
        "The strikes killed 36 people.",
        "Ministry",
        "spokesman",
        "36 civilians were killed",
    ]


def test_an_appearance_added_and_removed():
    source = make_source()
    revision = source.current_revision()
    claim = make_claim(text="Claim.")
    start = revision.text.index("The army denied")
    appearance = add_appearance(
        claim=claim, revision=revision, start=start, end=start + len("The army denied"), exact=None, by=None
    )
    assert "The army denied" in text_of(claim)
    appearance.delete()
    assert "army" not in text_of(claim)


def test_an_appearance_moved_to_another_claim_refreshes_both():
    appearance = make_appearance()
    other = make_claim(text="Other.")
    first = appearance.claim
    appearance.claim = other
    appearance.save()
    assert "36 civilians were killed" in text_of(other)
    assert "36 civilians" not in text_of(first)


def test_the_claim_editor_refreshes_the_document(client, journalist):
    claim = make_claim(text="Old wording.", speaker=make_speaker(name="Ministry"))
    client.force_login(journalist)
    response = client.post(
        reverse("workspace:claim-edit", args=[claim.pk]),
        {
            "claim-version": claim.version,
            "claim-text": "New wording about Homs.",
            "claim-speaker": claim.speaker_id,
            "claim-speaker_name": "Ministry",
            "claim-speaker_role": "spokesman",
            "claim-claimed_on": "",
            "claim-venue": "press conference",
            "claim-dispute": "",
            "claim-dispute_stance": "",
        },
    )
    assert response.status_code == 302
    assert text_of(claim).split("\n") == [
        "New wording about Homs.",
        "Ministry",
        "spokesman",
        "press conference",
    ]
    claim.refresh_from_db()
    assert claim.version == 2  # the edit's own version step, and no other


def test_a_versioned_save_refreshes_and_keeps_the_instance_in_step():
    claim = make_claim(text="Old wording.")
    claim.text = "New wording."
    save_versioned(claim, fields=["text"], expected_version=1, by=None)
    assert text_of(claim).startswith("New wording.")
    assert claim.search_text == text_of(claim)


def test_publication_and_withdrawal_do_not_rewrite_the_document():
    claim = make_claim(text="Wording.")
    with pytest.MonkeyPatch.context() as patch:
        calls = []
        patch.setattr("claims.search.signals.refresh_search_text", lambda ids, **kw: calls.append(ids) or {})
        claim.published_at = PUBLISHED
        claim.save(update_fields=["published_at"])
    assert calls == []


def test_a_revision_that_changes_a_quotes_words_refreshes_its_claim():
    source = make_source(text="The ministry said that 36 civilians were killed in the strikes on Homs today.")
    appearance = make_appearance(
        quote=make_quote(revision=source.current_revision(), exact="36 civilians were killed")
    )
    revise_source(
        source=source,
        text="The ministry said that 37 civilians were killed in the strikes on Homs today.",
        by=None,
    )
    appearance.quote.refresh_from_db()
    assert appearance.quote.exact == "37 civilians were killed"
    assert "37 civilians were killed" in text_of(appearance.claim)
    assert "36 civilians" not in text_of(appearance.claim)


def test_re_selecting_a_quote_refreshes_its_claim():
    source = make_source(text="The ministry said 36 civilians were killed.")
    appearance = make_appearance(
        quote=make_quote(revision=source.current_revision(), exact="36 civilians were killed")
    )
    revise_source(source=source, text="Completely different words now.", by=None)
    appearance.quote.refresh_from_db()
    assert appearance.quote.orphaned
    reanchor_orphan(quote=appearance.quote, start=0, end=len("Completely different"), by=None)
    assert "Completely different" in text_of(appearance.claim)
    assert "36 civilians" not in text_of(appearance.claim)


def test_renaming_a_speaker_and_editing_aliases_refresh_their_claims(client, journalist):
    speaker = make_speaker(name="Lavrov")
    claims = [make_claim(speaker=speaker), make_claim(speaker=speaker)]
    client.force_login(journalist)
    response = client.post(
        reverse("workspace:speaker-edit", args=[speaker.pk]),
        {
            "version": speaker.version,
            "name": "Sergei Lavrov",
            "kind": "person",
            "aliases": "Сергей Лавров",
            "wikidata_id": "",
        },
    )
    assert response.status_code == 302
    for claim in claims:
        assert "Sergei Lavrov\nСергей Лавров" in text_of(claim)


def test_a_speaker_edit_that_changes_no_name_rewrites_nothing(monkeypatch):
    speaker = make_speaker(name="Lavrov")
    make_claim(speaker=speaker)
    calls = []
    monkeypatch.setattr(
        "claims.search.signals.refresh_search_text", lambda ids, **kw: calls.append(list(ids)) or {}
    )
    speaker.description = "Russian Foreign Minister"
    speaker.save()
    assert calls == []


def test_merging_speakers_gives_the_moved_claims_the_survivors_names():
    survivor = make_speaker(name="Sergei Lavrov")
    duplicate = make_speaker(name="Сергей Лавров", aliases=["S. Lavrov"])
    own, moved = make_claim(speaker=survivor), make_claim(speaker=duplicate)
    merge_speakers(survivor=survivor, duplicate=duplicate, by=make_user())
    for claim in (own, moved):
        assert "Sergei Lavrov\nСергей Лавров\nS. Lavrov" in text_of(claim)


def test_editing_a_disputes_question_refreshes_its_claims(client, journalist):
    dispute = make_dispute(question="Did the strikes kill civilians?", published_at=PUBLISHED)
    claim = make_claim(dispute=dispute)
    client.force_login(journalist)
    response = client.post(
        reverse("workspace:dispute-edit", args=[dispute.pk]),
        {
            "question": "Did the strikes on Homs kill civilians?",
            "date": "",
            "place": "",
            "summary": "",
            "version": 1,
        },
    )
    assert response.status_code == 302
    assert "Did the strikes on Homs kill civilians?" in text_of(claim)


def test_attaching_detaching_and_deleting_a_dispute():
    dispute = make_dispute(question="Was a hospital hit?", published_at=PUBLISHED)
    claim = make_claim()
    attach_claim(dispute=dispute, claim=claim, stance="affirms", by=make_user())
    assert "Was a hospital hit?" in text_of(claim)
    detach_claim(dispute=dispute, claim=claim, by=make_user())
    assert "hospital" not in text_of(claim)

    attach_claim(dispute=dispute, claim=claim, stance="affirms", by=make_user())
    dispute.delete()
    assert "hospital" not in text_of(claim)


def test_the_demo_is_found_by_its_quotes(settings):
    settings.DEBUG = True  # the demo refuses to run otherwise
    call_command("demo", stdout=StringIO())
    khoja = Claim.objects.get(speaker__name="Khaled Khoja")
    assert found("36 civilians") == [khoja]
    quotes = list(Appearance.objects.filter(claim=khoja).values_list("quote__exact", flat=True))
    assert quotes and all(quote in text_of(khoja) for quote in quotes)


def test_the_data_migration_fills_existing_claims():
    claim = make_appearance().claim
    expected = text_of(claim)
    Claim.objects.update(search_text="")
    import_module("claims.migrations.0004_claim_search").fill_search_text(apps, None)
    assert text_of(claim) == expected


# --- The admin ---------------------------------------------------------------------------


def _form_data(form) -> dict:
    """One admin form's fields as the browser would post them."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        key = form.add_prefix(name)
        if value is None or value is False:
            continue
        if hasattr(field.widget, "widgets"):  # a date and a time in two inputs
            for n, part in enumerate(field.widget.decompress(value)):
                data[f"{key}_{n}"] = "" if part is None else str(part)
        elif value is True:
            data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        else:
            data[key] = str(value)
    return data


def _admin_data(response) -> dict:
    """The POST data of an admin change page as it stands, inlines included."""
    data = _form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for form in formset.forms:
            data |= _form_data(form)
    return data


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("root", "root@example.org", "pw-admin-1"))
    return client


def test_the_admin_claim_form_and_its_appearance_inline_refresh_the_document(admin_client):
    claim = make_appearance().claim
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    data = _admin_data(admin_client.get(url))
    data["text"] = "Wording changed in the admin."
    data["appearances-0-DELETE"] = "on"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert not claim.appearances.exists()
    assert text_of(claim).startswith("Wording changed in the admin.")
    assert "36 civilians" not in text_of(claim)


def test_the_admin_speaker_dispute_and_quote_forms_refresh_the_document(admin_client):
    appearance = make_appearance(claim=make_claim(dispute=make_dispute(published_at=PUBLISHED)))
    claim = appearance.claim
    start = appearance.quote.revision.text.index("The army denied")
    moved = {"start": str(start), "end": str(start + len("The army denied"))}
    changes = [
        ("admin:claims_speaker_change", claim.speaker_id, {"name": "Renamed speaker"}),
        ("admin:claims_dispute_change", claim.dispute_id, {"question": "Renamed question?"}),
        # A quote's words must be the text at its position: moved to other words.
        ("admin:sources_quote_change", appearance.quote_id, {"exact": "The army denied", **moved}),
    ]
    for route, pk, fields in changes:
        url = reverse(route, args=[pk])
        data = {**_admin_data(admin_client.get(url)), **fields}
        assert admin_client.post(url, data).status_code == 302, route
    assert {"Renamed speaker", "Renamed question?", "The army denied"} <= set(text_of(claim).split("\n"))


# --- The database's index ---------------------------------------------------------------


@on_sqlite
def test_the_fts_index_follows_inserts_updates_and_deletes():
    def indexed(word: str) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT rowid FROM claims_claim_fts WHERE claims_claim_fts MATCH ?", [f'"{word}"'])
            return [row[0] for row in cursor.fetchall()]

    claim = make_claim(text="Alpha wording.")
    assert indexed("alpha") == [claim.pk]
    Claim.objects.filter(pk=claim.pk).update(text="Beta wording.")
    refresh_search_text([claim.pk])
    assert indexed("alpha") == [] and indexed("beta") == [claim.pk]
    claim.delete()
    assert indexed("beta") == []
    with connection.cursor() as cursor:  # the index agrees with its content table
        cursor.execute("INSERT INTO claims_claim_fts(claims_claim_fts, rank) VALUES ('integrity-check', 1)")


@on_sqlite
def test_triggers_lost_when_sqlite_rebuilds_the_table_come_back_after_migrate():
    claim = make_claim(text="Alpha wording.")
    with connection.cursor() as cursor:
        for name in SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
    Claim.objects.filter(pk=claim.pk).update(search_text="Gamma wording.")  # not indexed: no trigger

    after_migrate(sender=apps.get_app_config("claims"), using="default")

    assert found("gamma") == [claim]
    assert found("alpha") == []
    assert ensure_sqlite_index(connection) is False  # nothing missing any more


@on_postgres
def test_postgres_has_the_generated_column_and_its_gin_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT data_type, is_generated, generation_expression FROM information_schema.columns "
            "WHERE table_name = 'claims_claim' AND column_name = 'search_vector'"
        )
        data_type, generated, expression = cursor.fetchone()
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'claim_search_vector_idx'")
        (definition,) = cursor.fetchone()
    assert (data_type, generated) == ("tsvector", "ALWAYS")
    assert "to_tsvector('simple'::regconfig, translate(search_text, '<>&'::text, '   '::text))" in expression
    assert "USING gin (search_vector)" in definition


@on_postgres
def test_postgres_uses_the_gin_index_for_a_search():
    speaker = make_speaker()
    Claim.objects.bulk_create(
        Claim(
            text=f"Claim {n}",
            speaker=speaker,
            published_at=PUBLISHED,
            search_text=search_document(
                text=f"Claim {n} about {'Homs' if n % 50 == 0 else 'something else'}",
                speaker_name=speaker.name,
                speaker_aliases=[],
                role="",
                venue="",
                dispute_question="",
                quotes=[],
            ),
        )
        for n in range(500)
    )
    with connection.cursor() as cursor:
        # New rows wait in the GIN index's pending list until (auto)vacuum
        # merges them; the planner prices a search over that list high. The
        # merge is what a live database has done long before anyone searches.
        cursor.execute("SELECT gin_clean_pending_list('claim_search_vector_idx')")
        cursor.execute("ANALYZE claims_claim")
    query = matching(Claim.objects.public(), "homs")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = query.explain()
    assert "claim_search_vector_idx" in plan, plan
    assert len(query) == 10
