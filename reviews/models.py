"""What critics say: the outlets, their scores for each film, and quotable lines from reviews."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.text import Truncator

from films.models import Film


class Outlet(models.Model):
    class Kind(models.TextChoices):
        PUBLICATION = "publication", "Publication"
        AGGREGATOR = "aggregator", "Score aggregator"

    class Scale(models.TextChoices):
        HUNDRED = "100", "0–100"
        PERCENT = "percent", "Percent"
        TEN = "10", "0–10"
        STARS = "5", "0–5 stars"

    SCALE_MAXIMUM = {
        Scale.HUNDRED: Decimal(100),
        Scale.PERCENT: Decimal(100),
        Scale.TEN: Decimal(10),
        Scale.STARS: Decimal(5),
    }

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    website = models.URLField(blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.PUBLICATION)
    scale = models.CharField(max_length=8, choices=Scale.choices, default=Scale.HUNDRED)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def scale_maximum(self) -> Decimal:
        return self.SCALE_MAXIMUM[self.Scale(self.scale)]

    def clean(self) -> None:
        if self.pk:
            previous = Outlet.objects.filter(pk=self.pk).values_list("scale", flat=True).first()
            if previous and previous != self.scale and self.scores.exists():
                raise ValidationError(
                    {
                        "scale": "This outlet already has scores on its old scale. "
                        "Change or delete those scores before changing the scale."
                    }
                )


class Score(models.Model):
    film = models.ForeignKey(Film, on_delete=models.PROTECT, related_name="scores")
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="scores")
    value = models.DecimalField(
        max_digits=5, decimal_places=1, help_text="On the outlet's own scale."
    )
    # A copy of the outlet's maximum: a CheckConstraint sees one row only, yet must bound value.
    scale_maximum = models.DecimalField(max_digits=5, decimal_places=1, editable=False)
    normalized = models.DecimalField(
        "score out of 100",
        max_digits=5,
        decimal_places=1,
        editable=False,
        help_text="The value on a common 0-100 scale, for comparing and sorting.",
    )
    review_count = models.PositiveIntegerField(null=True, blank=True)
    as_of = models.DateField("as of", null=True, blank=True)

    class Meta:
        ordering = ["film", "-outlet__kind", "outlet__name"]
        indexes = [models.Index(fields=["film", "normalized"], name="score_film_normalized_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["film", "outlet"], name="score_one_per_film_and_outlet"
            ),
            models.CheckConstraint(
                condition=Q(scale_maximum__gt=0), name="score_scale_maximum_positive"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0) & Q(value__lte=F("scale_maximum")),
                name="score_value_within_scale",
            ),
            models.CheckConstraint(
                condition=Q(normalized__gte=0) & Q(normalized__lte=100),
                name="score_normalized_0_to_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.outlet.name}: {self.display} for {self.film.title}"

    def save(self, *args, **kwargs) -> None:
        self.scale_maximum = self.outlet.scale_maximum
        self.normalized = (Decimal(self.value) * 100 / self.scale_maximum).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.outlet_id and self.value is not None:
            maximum = self.outlet.scale_maximum
            if not (0 <= self.value <= maximum):
                top = f"{maximum.normalize():f}"  # "100", not "1E+2"
                raise ValidationError(
                    {
                        "value": f"{self.outlet.name} scores run from 0 to {top}; "
                        f"{self.value} is outside that range."
                    }
                )

    @property
    def is_aggregate_rating(self) -> bool:
        """An aggregator's mean rating with its review count: what schema.org calls an
        AggregateRating. A percent-positive figure (Rotten Tomatoes) is not a rating, and a
        figure without a review count cannot be stated honestly."""
        return (
            self.outlet.kind == Outlet.Kind.AGGREGATOR
            and self.outlet.scale != Outlet.Scale.PERCENT
            and bool(self.review_count)
        )

    @property
    def display_with_scale(self) -> str:
        """The score with its scale, so a bare number is never left to guess: 93/100, 91%,
        8.0/10, 4.5/5."""
        if self.outlet.scale == Outlet.Scale.HUNDRED:
            return f"{self.display}/100"
        return self.display

    @property
    def display(self) -> str:
        """The score as the outlet prints it: 93, 91%, 8.0/10, 4.5/5."""
        scale = self.outlet.scale
        if scale == Outlet.Scale.PERCENT:
            return f"{self.value:.0f}%"
        if scale == Outlet.Scale.TEN:
            return f"{self.value:.1f}/10"
        if scale == Outlet.Scale.STARS:
            return f"{self.value.normalize():f}/5"
        return f"{self.value:.0f}"


class CriticQuote(models.Model):
    film = models.ForeignKey(Film, on_delete=models.PROTECT, related_name="critic_quotes")
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="critic_quotes")
    critic = models.CharField(max_length=200, blank=True)
    quote = models.TextField(help_text="A short line from the review, quoted exactly.")
    link = models.URLField(blank=True, help_text="The full review.")
    published_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["film", "outlet__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["film", "outlet", "quote"], name="critic_quote_unique_per_film_outlet"
            ),
        ]

    def __str__(self) -> str:
        text = Truncator(self.quote).chars(60)
        return f"“{text}” — {self.outlet.name}"

    @property
    def attribution(self) -> str:
        return f"{self.critic}, {self.outlet.name}" if self.critic else self.outlet.name
