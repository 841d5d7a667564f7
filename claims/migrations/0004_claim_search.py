"""Readers' search: each claim's search document, the database's full-text
index over it, and the indexes the public browse page filters and sorts by.

The full-text index depends on the database (claims/search/index.py holds the
statements, which its post_migrate check also uses on SQLite):
PostgreSQL gets a stored generated tsvector column with a GIN index, SQLite
an FTS5 table kept in step by triggers.
"""

from django.db import migrations, models

from claims.models import NullsLastIndex
from claims.search.document import search_document
from claims.search.index import install_search_index, uninstall_search_index


def fill_search_text(apps, schema_editor):
    Claim = apps.get_model("claims", "Claim")
    Appearance = apps.get_model("claims", "Appearance")
    ids = list(Claim.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), 500):
        batch = ids[start : start + 500]
        quotes = {}
        for claim_id, exact in (
            Appearance.objects.filter(claim_id__in=batch)
            .order_by("claim_id", "added_at", "pk")
            .values_list("claim_id", "quote__exact")
        ):
            quotes.setdefault(claim_id, []).append(exact)
        claims = list(Claim.objects.filter(pk__in=batch).select_related("speaker", "dispute"))
        for claim in claims:
            dispute = claim.dispute
            claim.search_text = search_document(
                text=claim.text,
                speaker_name=claim.speaker.name,
                speaker_aliases=[a for a in claim.speaker.aliases or () if isinstance(a, str)],
                role=claim.speaker_role,
                venue=claim.venue,
                dispute_question=dispute.question if dispute is not None and dispute.published_at else "",
                quotes=quotes.get(claim.pk, []),
            )
        Claim.objects.bulk_update(claims, ["search_text"])


def install(apps, schema_editor):
    install_search_index(schema_editor)


def uninstall(apps, schema_editor):
    uninstall_search_index(schema_editor)


PUBLIC = models.Q(("published_at__isnull", False), ("withdrawn_at__isnull", True))


class Migration(migrations.Migration):
    dependencies = [("claims", "0003_groups")]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="search_text",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        migrations.RunPython(install, uninstall),
        migrations.AddIndex(
            model_name="claim",
            index=NullsLastIndex(
                models.OrderBy(models.F("claimed_on"), descending=True, nulls_last=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=PUBLIC,
                name="claim_public_newest_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=NullsLastIndex(
                models.F("speaker"),
                models.OrderBy(models.F("claimed_on"), descending=True, nulls_last=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=PUBLIC,
                name="claim_public_speaker_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=NullsLastIndex(
                models.F("dispute"),
                models.OrderBy(models.F("claimed_on"), descending=True, nulls_last=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=PUBLIC,
                name="claim_public_dispute_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="verdict",
            index=models.Index(
                condition=models.Q(("state", "approved")),
                fields=["rating", "claim"],
                name="verdict_approved_rating_idx",
            ),
        ),
    ]
