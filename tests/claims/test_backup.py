"""``manage.py export`` and ``manage.py import``: a whole newsroom goes into
one file and comes back out of it unchanged, and an import that cannot be
done writes nothing.

The round trip empties the database between the export and the import, so
it is a transactional test; it then puts back what ``migrate`` makes, as a
newly migrated database holds it.
"""

import json
import os
import subprocess
import sys
import threading
import time
from decimal import Decimal
from importlib import import_module
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from claims.domain import backup, workflow
from claims.domain.editing import save_versioned, withdraw
from claims.domain.lookups import find_speakers
from claims.models import Claim, ClaimRelation, Evidence, Rating, RatingScale, Speaker, Verdict, VerdictVote
from claims.search.query import matching
from sources.models import Quote, Source
from sources.revising import revise_source
from tests.factories import make_claim, make_figure, make_source, make_user


@pytest.fixture(autouse=True)
def debug_on(settings) -> None:
    # The demo refuses to run with DEBUG off, as pytest-django runs tests.
    settings.DEBUG = True


def put_back_migrated_rows() -> None:
    """The rating scale and groups the data migrations make, which a flush empties."""
    import_module("claims.migrations.0002_default_rating_scale").create_default_scale(apps, None)
    import_module("claims.migrations.0003_groups").assign_group_permissions(Group, Permission)


def export_text() -> str:
    out = StringIO()
    backup.export_data(out)
    return out.getvalue()


def build_newsroom(settings) -> dict:
    """The demo, plus what it lacks: a revised source with an orphaned quote,
    a superseded verdict approved by two votes, a rejected verdict, withdrawn
    evidence and relation, edits in the history, a range figure, non-Latin
    text, and an inactive account with a permission of its own. Returns what
    the spot checks compare after the round trip."""
    settings.VERDICT_APPROVALS_REQUIRED = 2
    call_command("demo", stdout=StringIO())
    journalist = User.objects.get(username="journalist")
    editor = User.objects.get(username="editor")
    second_editor = make_user(username="second-editor", groups=["Editor"])
    khoja = Claim.objects.get(speaker__name="Khaled Khoja")
    lavrov = Claim.objects.get(speaker__name="Sergei Lavrov")

    source = Source.objects.get()
    text = source.current_revision().text
    lost = Quote.objects.get(exact__startswith="Americans complained")
    report = revise_source(
        source=source, text=text.replace(lost.exact, "Officials declined to comment."), by=journalist
    )
    assert [quote.pk for quote in report.orphaned] == [lost.pk]

    newer = workflow.propose_verdict(
        claim=khoja,
        rating=Rating.objects.get(slug="mostly-true"),
        rationale="<p>Later reports put the toll at <strong>33</strong>.</p>",
        evidence=khoja.evidence.all()[:1],
        by=journalist,
    )
    workflow.submit_verdict(verdict=newer, by=journalist)
    workflow.approve_verdict(verdict=newer, by=editor)
    workflow.approve_verdict(verdict=newer, by=second_editor)
    rejected = workflow.propose_verdict(
        claim=lavrov, rating=Rating.objects.get(slug="false"), rationale="<p>Too early.</p>", by=journalist
    )
    workflow.submit_verdict(verdict=rejected, by=journalist)
    workflow.reject_verdict(verdict=rejected, by=editor, reason="Wait for the casualty lists.")

    lavrov.text = "The allegations were “completely untrue” — Лавров, ١ أكتوبر 😀"
    save_versioned(lavrov, fields=["text"], expected_version=lavrov.version, by=editor)
    evidence = Evidence.objects.filter(claim=khoja).first()
    withdraw(evidence, reason="Duplicate of the AFP report.", expected_version=evidence.version, by=editor)
    relation = ClaimRelation.objects.first()
    withdraw(relation, reason="Not a contradiction after all.", expected_version=relation.version, by=editor)
    speaker = Speaker.objects.get(name="Khaled Khoja")
    speaker.aliases = ["خالد خوجة", "Халед Ходжа"]
    speaker.save()
    make_figure(
        claim=khoja, counted="area struck", minimum=Decimal("1.5"), maximum=Decimal("12.25"), unit="km²"
    )
    inactive = make_user(username="former", first_name="Ирина", last_name="الحسن", is_active=False)
    inactive.user_permissions.add(Permission.objects.get(codename="publish_claim"))

    assert Verdict.objects.get(pk=khoja.verdicts.exclude(pk=newer.pk).get().pk).state == "superseded"
    return {
        "votes": sorted(
            VerdictVote.objects.filter(verdict=newer).values_list(
                "editor__username", "decision", "created_at"
            )
        ),
        "orphan": Quote.objects.filter(pk=lost.pk).values().get(),
        "history": list(
            Claim.history.filter(id=lavrov.pk)
            .order_by("history_id")
            .values_list("history_id", "text", "version", "history_type", "history_user__username")
        ),
        "newer": newer.pk,
        "lavrov": lavrov.pk,
    }


@pytest.mark.django_db(transaction=True)
def test_export_import_export_gives_the_same_bytes(settings, tmp_path):
    put_back_migrated_rows()
    before = build_newsroom(settings)
    path = tmp_path / "newsroom.json"
    call_command("export", "-o", str(path), stderr=StringIO())
    exported = path.read_bytes()

    call_command("flush", interactive=False)
    put_back_migrated_rows()
    assert not Claim.objects.exists() and not User.objects.exists()
    out = StringIO()
    call_command("import", str(path), stdout=out)

    assert export_text().encode("utf-8") == exported
    assert out.getvalue().startswith("Imported ")
    # Field by field, for what the bytes would hide behind a coincidence.
    assert (
        sorted(
            VerdictVote.objects.filter(verdict=before["newer"]).values_list(
                "editor__username", "decision", "created_at"
            )
        )
        == before["votes"]
    )
    assert len(before["votes"]) == 2
    assert Quote.objects.filter(pk=before["orphan"]["id"]).values().get() == before["orphan"]
    assert before["orphan"]["orphaned"] is True
    history = list(
        Claim.history.filter(id=before["lavrov"])
        .order_by("history_id")
        .values_list("history_id", "text", "version", "history_type", "history_user__username")
    )
    assert history == before["history"]
    assert history[-1][1].endswith("Лавров, ١ أكتوبر 😀") and history[-1][4] == "editor"
    assert Verdict.objects.get(pk=before["newer"]).state == Verdict.State.APPROVED
    # What the database derives from the rows (PostgreSQL's search vector,
    # SQLite's full-text table) was rebuilt as they went in.
    found = matching(Claim.objects.public(), "36 civilians")
    assert list(found.values_list("speaker__name", flat=True)) == ["Khaled Khoja"]
    # Password hashes came along: the accounts sign in with their passwords.
    assert User.objects.get(username="editor").check_password("counterclaim-editor")
    former = User.objects.get(username="former")
    assert not former.is_active and (former.first_name, former.last_name) == ("Ирина", "الحسن")
    assert list(former.user_permissions.values_list("codename", flat=True)) == ["publish_claim"]
    assert User.objects.get(username="second-editor").has_perm("claims.approve_verdict")


@pytest.mark.django_db(transaction=True)
def test_after_an_import_new_rows_get_fresh_ids():
    # The flush restarts every id sequence at 1, so on PostgreSQL this fails
    # unless the import moved each sequence past the imported ids.
    put_back_migrated_rows()
    claim = make_claim()
    source = make_source()
    user = make_user()
    exported = export_text()
    call_command("flush", interactive=False)
    put_back_migrated_rows()

    backup.import_data(StringIO(exported))
    new_claim = make_claim(speaker=Speaker.objects.get())
    new_source = make_source()
    new_user = make_user()

    assert new_claim.pk > claim.pk
    assert new_source.pk > source.pk
    assert new_user.pk > user.pk
    assert Claim.history.filter(id=new_claim.pk).exists()
    assert Claim.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_newsroom_moves_from_a_sqlite_file_into_this_database(tmp_path):
    # The README's example: the demo is loaded into a SQLite file by another
    # process, exported, and imported here (into PostgreSQL when the tests
    # run on it); exporting it here gives the very same bytes.
    put_back_migrated_rows()
    environment = {
        **os.environ,
        "DJANGO_DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'elsewhere.sqlite3'}",
    }
    path = tmp_path / "newsroom.json"
    for command in (["migrate", "--no-input"], ["demo"], ["export", "-o", str(path)]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=django_settings.BASE_DIR,
            env=environment,
            check=True,
            capture_output=True,
        )

    call_command("import", str(path), stdout=StringIO())

    assert export_text().encode("utf-8") == path.read_bytes()
    assert Claim.objects.get(speaker__name="Khaled Khoja").verdicts.get().state == Verdict.State.APPROVED


@pytest.mark.django_db(transaction=True)
def test_an_export_reads_one_snapshot_and_does_not_hold_up_writers():
    # Someone saves a claim while the export is being written: the save goes
    # through at once (it would wait for the whole export, and on SQLite
    # fail after the busy timeout, if the export held the write lock), and
    # the file holds the database as it was when the export began.
    put_back_migrated_rows()
    make_claim()
    saved: dict[str, float] = {}

    def save_a_claim() -> None:
        try:
            began = time.monotonic()
            make_claim(text="Saved during the export.")
            saved["seconds"] = time.monotonic() - began
        finally:
            connections.close_all()

    class Stream(StringIO):
        def write(self, text: str) -> int:
            if '"auth.group"' in text and not saved:
                writer = threading.Thread(target=save_a_claim)
                writer.start()
                writer.join(timeout=30)
            return super().write(text)

    stream = Stream()
    backup.export_data(stream)

    assert saved["seconds"] < 2
    assert Claim.objects.count() == 2
    assert len(json.loads(stream.getvalue())["models"]["claims.claim"]["rows"]) == 1


def test_the_file_is_versioned_json_with_rows_ordered_by_primary_key(db):
    make_claim()
    make_claim()
    document = json.loads(export_text())

    assert document["format"] == "counterclaim"
    assert document["format_version"] == backup.FORMAT_VERSION
    assert list(document["models"]) == sorted(document["models"])
    claims = document["models"]["claims.claim"]
    ids = [row[claims["fields"].index("id")] for row in claims["rows"]]
    assert ids == sorted(ids) and len(ids) == 2
    # Permissions by natural key, not by an id that differs between databases.
    group_permissions = document["models"]["auth.group_permissions"]
    column = group_permissions["fields"].index("permission")
    assert ["approve_verdict", "claims", "verdict"] in [row[column] for row in group_permissions["rows"]]
    assert {"claims.historicalclaim", "claims.historicalverdict_evidence", "claims.verdict_evidence"} <= set(
        document["models"]
    )


def test_exporting_twice_gives_the_same_bytes(db):
    make_figure(value=Decimal("36"))
    assert export_text() == export_text()


def test_a_file_without_the_search_column_gets_it_computed(small_export):
    # A column the database derives from others may be missing from a file
    # written before it existed: the import computes it.
    document = json.loads(small_export)
    claims = document["models"]["claims.claim"]
    column = claims["fields"].index("search_text")
    expected = claims["rows"][0][column]
    del claims["fields"][column]
    del claims["rows"][0][column]

    backup.import_data(StringIO(json.dumps(document)))

    assert expected and Claim.objects.get().search_text == expected


def test_a_file_without_the_speakers_lookup_names_gets_them_computed(small_export):
    # Written before speakers had the column: the import folds their names,
    # or they could not be found by name in the workspace.
    document = json.loads(small_export)
    speakers = document["models"]["claims.speaker"]
    column = speakers["fields"].index("lookup_names")
    expected = speakers["rows"][0][column]
    del speakers["fields"][column]
    del speakers["rows"][0][column]

    backup.import_data(StringIO(json.dumps(document)))

    speaker = Speaker.objects.get()
    assert expected and speaker.lookup_names == expected
    assert list(find_speakers(speaker.name.upper())) == [speaker]


# --- Refusals: each writes nothing.


def migrated_state() -> list:
    return [
        list(RatingScale.objects.values_list("pk", "name")),
        list(Rating.objects.values_list("pk", "slug")),
        list(Group.objects.values_list("pk", "name")),
        Group.objects.get(name="Editor").permissions.count(),
        User.objects.count(),
        Claim.objects.count(),
    ]


def refusal(text: str) -> str:
    with pytest.raises(CommandError) as raised:
        backup.import_data(StringIO(text))
    return raised.value.args[0]


@pytest.fixture
def small_export(db) -> str:
    """An export of one claim, taken from this database and then removed
    from it, so that the database is as ``migrate`` left it."""
    make_claim()
    exported = export_text()
    Claim.objects.all().delete()
    Speaker.objects.all().delete()
    Claim.history.all().delete()
    Speaker.history.all().delete()
    return exported


def test_import_refuses_a_database_that_holds_content(db):
    claim = make_claim()
    exported = export_text()
    before = migrated_state()

    message = refusal(exported)

    assert message.startswith("The database already holds content (1 speakers, 1 claims, 2 other rows).")
    assert "Nothing was imported." in message
    assert migrated_state() == before
    assert list(Claim.objects.all()) == [claim]


def test_import_refuses_an_unknown_format_version(small_export):
    document = json.loads(small_export)
    document["format_version"] = 2
    before = migrated_state()

    message = refusal(json.dumps(document))

    assert message == (
        "This file is in export format version 2; this version of Counterclaim reads version 1 only. "
        "Nothing was imported."
    )
    assert migrated_state() == before


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"format": "counterclaim", ', "it is not valid JSON (line 1, column 28"),
        ("[1, 2]", 'it has no "format": "counterclaim" marker'),
        ('{"format": "counterclaim", "format_version": 1}', 'The file has no "models" object'),
        (
            '{"format": "counterclaim", "format_version": 1, "models": {"claims.nonsense": {}}}',
            "The file holds 'claims.nonsense', which this version of Counterclaim does not know.",
        ),
    ],
)
def test_import_refuses_a_file_that_is_not_an_export(db, text, expected):
    before = migrated_state()
    assert expected in refusal(text)
    assert migrated_state() == before


def test_import_refuses_a_row_with_an_invalid_value(small_export):
    document = json.loads(small_export)
    claims = document["models"]["claims.claim"]
    claims["rows"][0][claims["fields"].index("claimed_on")] = "last Wednesday"
    before = migrated_state()

    message = refusal(json.dumps(document))

    assert message == (
        "Row 1 of the file's claims.claim table has an invalid claimed_on: 'last Wednesday'. "
        "Nothing was imported."
    )
    assert migrated_state() == before


def test_import_refuses_rows_that_point_at_nothing_and_undoes_everything(small_export):
    # The claim's speaker is missing: the database refuses the claim only
    # after the groups and the rating scale were replaced and other rows
    # went in, all of which must be undone.
    document = json.loads(small_export)
    del document["models"]["claims.speaker"]
    before = migrated_state()

    message = refusal(json.dumps(document))

    assert message.startswith("The database refused the file's rows, so nothing was imported:")
    assert migrated_state() == before
    assert not Speaker.objects.exists()


def test_import_refuses_a_file_from_a_newer_schema(small_export):
    document = json.loads(small_export)
    document["migrations"]["claims"].append("9999_from_the_future")

    message = refusal(json.dumps(document))

    assert message.startswith(
        "The file was written by a newer Counterclaim: migration claims.9999_from_the_future "
        "is not applied to this database."
    )


def test_import_command_reports_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read .*missing.json: No such file or directory."):
        call_command("import", str(tmp_path / "missing.json"))


def test_export_command_writes_standard_output_unchanged(db):
    make_claim()
    out = StringIO()
    call_command("export", stdout=out)
    assert out.getvalue() == export_text()
