"""Where to watch a film: the services, cinemas and shops an editor has checked, with the date.

The film is named by label ("films.Film"): the film's module reads its availability.
"""

from __future__ import annotations

from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.db.models import Q

REGION = RegexValidator(r"^[A-Z]{2}$", "Give the region as a two-letter country code, e.g. GB.")
HTTPS_ONLY = URLValidator(schemes=["https"], message="Links must start with https://.")


class AvailabilityQuerySet(models.QuerySet):
    def streaming(self) -> AvailabilityQuerySet:
        return self.filter(kind=Availability.Kind.STREAM)

    def streaming_services(self) -> list[str]:
        """The services that stream a published film, for the browse filter."""
        return list(
            self.streaming()
            .filter(film__is_published=True)
            .order_by("service")
            .values_list("service", flat=True)
            .distinct()
        )


class Availability(models.Model):
    class Kind(models.TextChoices):
        STREAM = "stream", "Stream"
        RENT = "rent", "Rent"
        BUY = "buy", "Buy"
        CINEMA = "cinema", "In cinemas"

    film = models.ForeignKey("films.Film", on_delete=models.CASCADE, related_name="availability")
    service = models.CharField(max_length=100, help_text="e.g. Netflix, Apple TV, a cinema chain.")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STREAM)
    region = models.CharField(
        max_length=2,
        default="GB",
        validators=[REGION],
        help_text="Two-letter country code where this is true, e.g. GB, US.",
    )
    link = models.URLField(
        blank=True,
        validators=[HTTPS_ONLY],
        help_text="An https address of the film's page on the service (optional).",
    )
    checked_on = models.DateField("date checked", help_text="When an editor last checked this.")

    objects = AvailabilityQuerySet.as_manager()

    class Meta:
        ordering = ["region", "kind", "service"]
        verbose_name = "where to watch"
        verbose_name_plural = "where to watch"
        constraints = [
            models.UniqueConstraint(
                fields=["film", "service", "kind", "region"],
                name="availability_unique_per_film",
                violation_error_message="This film already lists that service, kind and region.",
            ),
            models.CheckConstraint(
                condition=Q(link="") | Q(link__startswith="https://"),
                name="availability_link_is_https",
                violation_error_message="Links must start with https://.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.service} ({self.region})"
