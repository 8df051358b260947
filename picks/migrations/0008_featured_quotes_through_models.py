"""A post's featured quotes go through models of their own whose quote key is PROTECT, so
Django itself refuses to delete a quote a post features. The tables stay as they were."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("films", "0003_search_indexes"),
        ("reviews", "0001_initial"),
        ("picks", "0007_site_records_move_to_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="PostQuote",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "post",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="quote_links",
                                to="picks.post",
                            ),
                        ),
                        (
                            "quote",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="featured_links",
                                to="films.quote",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "featured film quote",
                        "verbose_name_plural": "featured film quotes",
                        "db_table": "picks_post_featured_quotes",
                        "ordering": ["id"],
                        "unique_together": {("post", "quote")},
                    },
                ),
                migrations.CreateModel(
                    name="PostCriticQuote",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "post",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="critic_quote_links",
                                to="picks.post",
                            ),
                        ),
                        (
                            "quote",
                            models.ForeignKey(
                                db_column="criticquote_id",
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="featured_links",
                                to="reviews.criticquote",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "featured critic's quote",
                        "verbose_name_plural": "featured critics' quotes",
                        "db_table": "picks_post_featured_critic_quotes",
                        "ordering": ["id"],
                        "unique_together": {("post", "quote")},
                    },
                ),
                migrations.AlterField(
                    model_name="post",
                    name="featured_quotes",
                    field=models.ManyToManyField(
                        blank=True,
                        help_text="Memorable lines from the film to show with the post.",
                        related_name="featured_in",
                        through="picks.PostQuote",
                        to="films.quote",
                    ),
                ),
                migrations.AlterField(
                    model_name="post",
                    name="featured_critic_quotes",
                    field=models.ManyToManyField(
                        blank=True,
                        help_text="Critics' lines to show with the post.",
                        related_name="featured_in",
                        through="picks.PostCriticQuote",
                        to="reviews.criticquote",
                    ),
                ),
            ],
        ),
    ]
