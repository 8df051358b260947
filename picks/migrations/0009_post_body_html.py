"""Posts store their body as readers see it (body_html), rendered when saved instead of on every
page view, and a body is limited to BODY_MAX_CHARS. Existing posts are rendered here.

The rendering is today's (picks/markdown.py), library images included: stored HTML is only ever
the current renderer's output, and every later save renders again.
"""

import django.core.validators
from django.db import migrations, models

from picks.markdown import render_markdown


def render_existing_posts(apps, schema_editor) -> None:
    Post = apps.get_model("picks", "Post")
    for post in Post.objects.only("pk", "body").iterator():
        Post.objects.filter(pk=post.pk).update(body_html=render_markdown(post.body))


class Migration(migrations.Migration):
    dependencies = [
        ("picks", "0008_featured_quotes_through_models"),
    ]

    operations = [
        migrations.AddField(
            model_name="post",
            name="body_html",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AlterField(
            model_name="post",
            name="body",
            field=models.TextField(
                blank=True,
                help_text="Markdown: **bold**, *italic*, [link](https://…), ## headings, > quotes, - lists. HTML is removed.",
                validators=[
                    django.core.validators.MaxLengthValidator(
                        100000,
                        message="A post body can be at most %(limit_value)d characters (this one has %(show_value)d).",
                    )
                ],
            ),
        ),
        # Backwards, reversing the AddField drops the column: there is nothing to undo first.
        migrations.RunPython(render_existing_posts, migrations.RunPython.noop, elidable=True),
    ]
