"""Sections of the magazine: what a post belongs to, and what a retired section hands on to."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse


class SectionQuerySet(models.QuerySet):
    def public(self) -> SectionQuerySet:
        """Every section has a public page; retired ones keep their archive."""
        return self.all()

    def active(self) -> SectionQuerySet:
        return self.filter(is_active=True)


class Section(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")
    is_active = models.BooleanField(
        "active", default=True, help_text="Untick to retire: the archive stays readable."
    )
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
        help_text="For a retired section: the section that carries on its work.",
    )

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(replaced_by=models.F("pk")), name="section_not_replaced_by_itself"
            ),
        ]

    def __str__(self) -> str:
        return self.name if self.is_active else f"{self.name} (retired)"

    def get_absolute_url(self) -> str:
        return reverse("picks:section_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.replaced_by_id and self.replaced_by_id == self.pk:
            raise ValidationError({"replaced_by": "A section cannot replace itself."})
        if self.replaced_by_id and self.is_active:
            raise ValidationError(
                {"replaced_by": "Only a retired section has a replacement. Untick 'active' first."}
            )
