"""Who did what on a film: cast members with their characters, crew members with their jobs.

Films and people are named by label ("films.Film"): their modules read credits, so credits
import neither.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


class CreditQuerySet(models.QuerySet):
    def of_published_people(self) -> CreditQuerySet:
        """Credits whose person readers may see: what a film page lists."""
        return self.filter(person__is_published=True)

    def on_published_films(self) -> CreditQuerySet:
        """Credits whose film readers may see: what a person's filmography lists."""
        return self.filter(film__is_published=True)

    def cast(self) -> CreditQuerySet:
        return self.filter(role=Credit.Role.CAST)

    def crew(self) -> CreditQuerySet:
        return self.filter(role=Credit.Role.CREW)

    def directors(self) -> CreditQuerySet:
        return self.filter(role=Credit.Role.CREW, job=Credit.Job.DIRECTOR)


class Credit(models.Model):
    class Role(models.TextChoices):
        CAST = "cast", "Cast"
        CREW = "crew", "Crew"

    class Job(models.TextChoices):
        DIRECTOR = "director", "Director"
        SCREENPLAY = "screenplay", "Screenplay"
        STORY = "story", "Story"
        MUSIC = "music", "Music"
        PRODUCER = "producer", "Producer"
        CINEMATOGRAPHY = "cinematography", "Cinematography"
        EDITING = "editing", "Editing"
        PRODUCTION_DESIGN = "production_design", "Production design"
        CHOREOGRAPHY = "choreography", "Choreography"

    film = models.ForeignKey("films.Film", on_delete=models.PROTECT, related_name="credits")
    person = models.ForeignKey("films.Person", on_delete=models.PROTECT, related_name="credits")
    role = models.CharField(max_length=4, choices=Role.choices, default=Role.CAST)
    character = models.CharField(max_length=200, blank=True, help_text="For cast: who they play.")
    job = models.CharField(
        max_length=20, choices=Job.choices, blank=True, help_text="For crew: what they did."
    )
    billing_order = models.PositiveSmallIntegerField(
        default=100, help_text="Lower numbers are billed first."
    )

    objects = CreditQuerySet.as_manager()

    class Meta:
        ordering = ["film", "role", "billing_order", "id"]
        indexes = [
            models.Index(fields=["film", "role", "billing_order"], name="credit_film_billing_idx"),
            models.Index(fields=["person", "role"], name="credit_person_role_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(role="cast") & Q(job="")) | (Q(role="crew") & ~Q(job="")),
                name="credit_crew_has_job_cast_has_none",
            ),
            models.UniqueConstraint(
                fields=["film", "person", "job"],
                condition=Q(role="crew"),
                name="credit_unique_crew_job",
                violation_error_message="This person already has this job on this film.",
            ),
            models.UniqueConstraint(
                fields=["film", "person", "character"],
                condition=Q(role="cast"),
                name="credit_unique_cast_character",
                violation_error_message="This person is already credited with this character.",
            ),
        ]

    def __str__(self) -> str:
        if self.role == self.Role.CAST:
            return f"{self.person} as {self.character or 'themself'} in {self.film.title}"
        return f"{self.person}, {self.get_job_display().lower()}, {self.film.title}"

    def clean(self) -> None:
        if self.role == self.Role.CREW and not self.job:
            raise ValidationError({"job": "Say what this crew member did (Director, Music...)."})
        if self.role == self.Role.CAST and self.job:
            raise ValidationError(
                {"job": "Cast members have a character, not a job. Clear the job."}
            )
