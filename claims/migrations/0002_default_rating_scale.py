"""The default rating scale. Administrators edit it in the admin; README.md documents it."""

from django.db import migrations

DEFAULT_RATINGS = [
    # label, slug, ClaimReview ratingValue (None: off the true–false line), colour, description
    ("True", "true", 5, "#15803d", "Accurate, and nothing significant is missing."),
    ("Mostly true", "mostly-true", 4, "#65a30d", "Accurate, but needs clarification or more context."),
    ("Half true", "half-true", 3, "#ca8a04", "Partly accurate, but leaves out important details or takes things out of context."),
    ("Mostly false", "mostly-false", 2, "#ea580c", "Contains an element of truth, but ignores facts that would give a different impression."),
    ("False", "false", 1, "#b91c1c", "Not accurate."),
    ("Misleading", "misleading", None, "#7c3aed", "Uses accurate facts in a way that leads to a false conclusion."),
    ("Unproven", "unproven", None, "#475569", "The evidence available cannot prove or disprove it."),
]


def create_default_scale(apps, schema_editor):
    RatingScale = apps.get_model("claims", "RatingScale")
    Rating = apps.get_model("claims", "Rating")
    scale, _ = RatingScale.objects.get_or_create(
        name="Counterclaim default",
        defaults={
            "description": "Five steps from True to False, plus two ratings off that line.",
            "best_rating": 5,
            "worst_rating": 1,
            "is_default": True,
        },
    )
    for order, (label, slug, value, colour, description) in enumerate(DEFAULT_RATINGS, start=1):
        Rating.objects.get_or_create(
            scale=scale,
            slug=slug,
            defaults={
                "label": label,
                "order": order,
                "rating_value": value,
                "colour": colour,
                "description": description,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]

    operations = [migrations.RunPython(create_default_scale, migrations.RunPython.noop)]
