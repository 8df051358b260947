"""The films and people a post names: recognised in its text when it is saved
(picks/mentions/), or linked by the editor; an editor can say "not this" to a wrong one."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from films.models import Film, Person
from picks.models.posts import Post


class MentionQuerySet(models.QuerySet):
    def kept(self) -> MentionQuerySet:
        """Mentions an editor has not turned down: what links and "Mentioned in" lists show."""
        return self.filter(is_rejected=False)

    def rejected(self) -> MentionQuerySet:
        return self.filter(is_rejected=True)

    def targets(self) -> set[tuple[str, int]]:
        """("film", pk) and ("person", pk) pairs, as picks.mentions names them."""
        return {
            ("film", film_id) if film_id else ("person", person_id)
            for film_id, person_id in self.values_list("film_id", "person_id")
        }


class Mention(models.Model):
    """One film or person a post names, however many times: the first surface as written."""

    class Source(models.TextChoices):
        TEXT = "text", "Recognised in the text"
        LINK = "link", "Linked by the writer"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    # A mention of a record that is deleted means nothing: it goes with it.
    film = models.ForeignKey(
        Film, on_delete=models.CASCADE, null=True, blank=True, related_name="mentions"
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="mentions"
    )
    surface = models.CharField("as written", max_length=200)
    count = models.PositiveIntegerField("times named", default=1)
    source = models.CharField(max_length=4, choices=Source.choices, default=Source.TEXT)
    is_rejected = models.BooleanField(
        "not this",
        default=False,
        help_text="The words name something else: no link, and not linked again on later saves.",
    )
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    rejected_at = models.DateTimeField(null=True, blank=True)

    objects = MentionQuerySet.as_manager()

    class Meta:
        ordering = ["post", "-count", "surface", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(film__isnull=False) & Q(person__isnull=True))
                | (Q(film__isnull=True) & Q(person__isnull=False)),
                name="mention_names_a_film_or_a_person",
                violation_error_message="A mention names either a film or a person.",
            ),
            models.UniqueConstraint(
                fields=["post", "film"], condition=Q(film__isnull=False), name="mention_film_once"
            ),
            models.UniqueConstraint(
                fields=["post", "person"],
                condition=Q(person__isnull=False),
                name="mention_person_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.post} names {self.target}"

    @property
    def target(self) -> Film | Person:
        return self.film if self.film_id else self.person

    @property
    def kind(self) -> str:
        return "film" if self.film_id else "person"
