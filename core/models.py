"""The site-wide records every layer may read: the footer's settings and old slugs' redirects."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class SiteSettings(models.Model):
    """The one record of site-wide text editors control: the footer's about text and links."""

    about_text = models.TextField(
        blank=True,
        default="Marquee is an independent magazine that recommends films worth your evening, "
        "with the facts, the scores and the quotes in one place.",
    )
    follow_text = models.CharField(
        max_length=200, blank=True, default="Follow Marquee for the next Best Pick."
    )

    class Meta:
        verbose_name = "site settings"
        verbose_name_plural = "site settings"
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="site_settings_single_row"),
        ]

    def __str__(self) -> str:
        return "Site settings"

    def save(self, *args, **kwargs) -> None:
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> SiteSettings:
        settings_row, _ = cls.objects.prefetch_related("social_links").get_or_create(pk=1)
        return settings_row


class SocialLink(models.Model):
    site_settings = models.ForeignKey(
        SiteSettings, on_delete=models.CASCADE, related_name="social_links"
    )
    label = models.CharField(max_length=60, help_text="e.g. Instagram, Mastodon, Newsletter.")
    url = models.URLField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.label


class SlugRedirect(models.Model):
    """An old slug of a film, person, post or section, so its old URL can redirect (301)."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    old_slug = models.SlugField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Not the name it had in picks: PostgreSQL and SQLite name indexes per database,
            # and the migration copies the rows while picks' table still holds that name.
            models.UniqueConstraint(
                fields=["content_type", "old_slug"], name="core_slug_redirect_unique_old_slug"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model}: {self.old_slug} → #{self.object_id}"
