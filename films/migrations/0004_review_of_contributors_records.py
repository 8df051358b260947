"""Films and people carry a published flag: a contributor's new record waits for an editor.

Every existing record stays published (the default), so readers see what they saw before.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("films", "0003_search_indexes"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="film",
            options={
                "ordering": ["title"],
                "permissions": [("publish_film", "Can publish films (review contributors' films)")],
            },
        ),
        migrations.AlterModelOptions(
            name="person",
            options={
                "ordering": ["name"],
                "permissions": [
                    ("publish_person", "Can publish people (review contributors' people)")
                ],
                "verbose_name_plural": "people",
            },
        ),
        migrations.AddField(
            model_name="film",
            name="is_published",
            field=models.BooleanField(
                default=True,
                help_text="Readers see the film only when ticked. A contributor's new film waits "
                "here for an editor's review.",
                verbose_name="published",
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="is_published",
            field=models.BooleanField(
                default=True,
                help_text="Readers see the person only when ticked. A contributor's new person "
                "waits here for an editor's review.",
                verbose_name="published",
            ),
        ),
    ]
