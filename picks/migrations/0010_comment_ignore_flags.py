"""Editors can keep a comment despite reader flags: flags are still counted but no longer send
it back to moderation."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("picks", "0009_post_body_html"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="ignore_flags",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Reader flags are still counted but no longer send this comment back to "
                    "moderation."
                ),
                verbose_name="kept despite flags",
            ),
        ),
    ]
