from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("sources", "0001_initial")]

    operations = [
        migrations.AddIndex(
            model_name="source",
            index=models.Index(fields=["language"], name="source_language_idx"),
        ),
    ]
