"""Speakers become conflict-safe (a ``version`` counter, on the history rows
too, so that a conflict can say what changed since the version a form was
opened at) and findable in any case, script or accents (``lookup_names``:
the folded name and aliases, which ``Speaker.save()`` keeps and this
migration fills for the speakers already there).

Existing speakers and their history rows start at version 1: a form opened
before this migration carries no version and is refused with a request to
reload, and the first conflict after it compares with the state at version 1,
the speaker as it was when the migration ran.
"""

from django.db import migrations, models

from claims.domain.lookups import fill_lookup_names


def fill(apps, schema_editor):
    fill_lookup_names(apps.get_model("claims", "Speaker"))


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0005_home_and_feed_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalspeaker",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name="speaker",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name="speaker",
            name="lookup_names",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
    ]
