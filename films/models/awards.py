"""Award nominations and wins, for a film or for one person's work on it.

The film and the person are named by label ("films.Film"): the film's module reads nominations.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


class AwardNominationQuerySet(models.QuerySet):
    def wins(self) -> AwardNominationQuerySet:
        return self.filter(won=True)


class AwardNomination(models.Model):
    film = models.ForeignKey("films.Film", on_delete=models.PROTECT, related_name="nominations")
    person = models.ForeignKey(
        "films.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="nominations"
    )
    ceremony = models.CharField(max_length=100, default="Academy Awards")
    year = models.PositiveSmallIntegerField(help_text="The year of the ceremony.")
    category = models.CharField(max_length=200)
    won = models.BooleanField(default=False)

    objects = AwardNominationQuerySet.as_manager()

    class Meta:
        ordering = ["film", "ceremony", "-won", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["film", "ceremony", "year", "category", "person"],
                condition=Q(person__isnull=False),
                name="award_unique_person_nomination",
                violation_error_message="This person already has this nomination for this film.",
            ),
            models.UniqueConstraint(
                fields=["film", "ceremony", "year", "category"],
                condition=Q(person__isnull=True),
                name="award_unique_film_nomination",
                violation_error_message="This film already has this nomination.",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1900) & Q(year__lte=2200),
                name="award_year_plausible",
                violation_error_message="The ceremony year must be between 1900 and 2200.",
            ),
        ]

    def __str__(self) -> str:
        outcome = "won" if self.won else "nominated"
        return f"{self.ceremony} {self.year}: {self.category} ({outcome})"

    def clean(self) -> None:
        if self.year is not None and not (1900 <= self.year <= 2200):
            raise ValidationError(
                {"year": "Give the ceremony's year as four digits, between 1900 and 2200."}
            )
