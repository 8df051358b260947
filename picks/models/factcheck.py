"""What the fact-check found in a post, kept so an editor's "checked" mark survives a re-run.

A finding is identified by its key (the rule, the claim and the sentence it comes from): the
same sentence checked again finds the same key and keeps its mark; a changed sentence gets a
new key, and the old finding is resolved.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class FactFindingQuerySet(models.QuerySet):
    def current(self) -> FactFindingQuerySet:
        """Findings the post's text still contains."""
        return self.filter(resolved_at__isnull=True)

    def contradictions(self) -> FactFindingQuerySet:
        return self.filter(severity=FactFinding.Severity.CONTRADICTION)

    def unchecked(self) -> FactFindingQuerySet:
        return self.filter(checked_at__isnull=True)

    def blocking(self) -> FactFindingQuerySet:
        """What stops a Best Pick going out: contradictions in the text nobody has checked."""
        return self.current().contradictions().unchecked()


class FactFinding(models.Model):
    class Kind(models.TextChoices):
        CAST = "cast", "Who plays whom"
        CREW = "crew", "Who made it"
        FIGURE = "figure", "Figure"
        UNKNOWN = "unknown", "Not in our records"

    class Severity(models.TextChoices):
        CONTRADICTION = "contradiction", "Contradiction"
        SUGGESTION = "suggestion", "Suggestion"

    post = models.ForeignKey("Post", on_delete=models.CASCADE, related_name="fact_findings")
    key = models.CharField(max_length=64, help_text="The rule, claim and sentence, hashed.")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    severity = models.CharField(max_length=13, choices=Severity.choices)
    field = models.CharField(max_length=20, default="body", help_text="body or standfirst.")
    sentence = models.TextField()
    message = models.TextField(help_text="What the records say, in a sentence.")
    found_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(
        null=True, blank=True, help_text="When the text stopped saying it."
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    checked_at = models.DateTimeField(null=True, blank=True)

    objects = FactFindingQuerySet.as_manager()

    class Meta:
        ordering = ["post", "severity", "id"]  # contradictions first
        constraints = [
            models.UniqueConstraint(fields=["post", "key"], name="fact_finding_unique_per_post"),
        ]

    def __str__(self) -> str:
        return f"{self.get_severity_display()}: {self.message}"

    @property
    def is_checked(self) -> bool:
        return self.checked_at is not None

    @property
    def is_blocking(self) -> bool:
        return (
            self.severity == self.Severity.CONTRADICTION
            and self.resolved_at is None
            and self.checked_at is None
        )
