"""Memorable lines from a film, each with the character who says it and the actor, if any.

The film and the actor are named by label ("films.Film"): the film's module reads quotes.
"""

from __future__ import annotations

from django.db import models
from django.utils.text import Truncator


class Quote(models.Model):
    film = models.ForeignKey("films.Film", on_delete=models.PROTECT, related_name="quotes")
    text = models.TextField()
    character = models.CharField(
        max_length=200, blank=True, help_text="Who says it in the film, e.g. Sebastian."
    )
    person = models.ForeignKey(
        "films.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quotes",
        help_text="The actor who says it, if any.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["film", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["film", "text"], name="quote_unique_text_per_film"),
        ]

    def __str__(self) -> str:
        text = Truncator(self.text).chars(60)
        return f"“{text}” ({self.film.title})"

    @property
    def speaker(self) -> str:
        return self.character or (self.person.name if self.person_id else "")
