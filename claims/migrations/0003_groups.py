"""The Journalist and Editor groups with their model permissions.

Nobody but an administrator may delete: the workspace withdraws instead.
Only editors approve verdicts and publish.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WORKSPACE_MODELS = {
    "sources": ["source", "sourcerevision", "quote"],
    "claims": [
        "speaker",
        "claim",
        "appearance",
        "figure",
        "claimrelation",
        "evidence",
        "dispute",
        "verdict",
    ],
}
READ_ONLY_MODELS = {"claims": ["ratingscale", "rating", "verdictvote", "verdicttransition"]}
EDITOR_ONLY = [
    ("claims", "approve_verdict"),
    ("claims", "publish_claim"),
    ("claims", "publish_dispute"),
]


def journalist_codenames():
    for app_label, models in WORKSPACE_MODELS.items():
        for model in models:
            for action in ("view", "add", "change"):
                yield app_label, f"{action}_{model}"
    for app_label, models in READ_ONLY_MODELS.items():
        for model in models:
            yield app_label, f"view_{model}"


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations have run; make
    # them now so that the groups can hold them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

    assign_group_permissions(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def assign_group_permissions(Group, Permission):
    """Create both groups and give them exactly their permissions. Also used
    by the browser tests, whose flushes empty the tables migrations filled."""

    def permissions(pairs):
        found = []
        for app_label, codename in pairs:
            found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        return found

    journalist, _ = Group.objects.get_or_create(name="Journalist")
    journalist.permissions.set(permissions(journalist_codenames()))
    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.set(permissions([*journalist_codenames(), *EDITOR_ONLY]))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Journalist", "Editor"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("sources", "0001_initial"),
        ("claims", "0002_default_rating_scale"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
