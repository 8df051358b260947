"""Films and their genres: the film record, and the queries for browsing and the film page."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Avg, Case, Count, Q, When
from django.urls import reverse
from taggit.managers import TaggableManager

from core.images import alt_text_constraint, checked_image_field, missing_alt_text
from core.search_vectors import stored_search_vector
from films.models.availability import Availability
from films.models.awards import AwardNomination
from films.models.credits import Credit
from films.models.people import Person
from films.models.quotes import Quote
from films.models.validators import IMDB_ID, VIMEO_ID, YOUTUBE_ID, validate_trailer_url


class Genre(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    # "Also a musical": the noun phrase recommendations use to explain themselves.
    noun = models.CharField(
        max_length=60, blank=True, help_text="How to say 'a film of this genre', e.g. 'a musical'."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{reverse('films:film_list')}?genre={self.slug}"

    @property
    def as_noun(self) -> str:
        return self.noun or f"a {self.name.lower()} film"


# A combined figure is a consensus: it needs at least this many outlets' scores.
COMBINED_SCORE_MIN_OUTLETS = 2


class FilmQuerySet(models.QuerySet):
    def public(self) -> FilmQuerySet:
        """Films readers may see: those an editor has published (a contributor's new film waits
        for review)."""
        return self.filter(is_published=True)

    def awaiting_review(self) -> FilmQuerySet:
        return self.filter(is_published=False)

    def visible_to(self, user) -> FilmQuerySet:
        """Readers see published films; staff who may look at film records also preview the
        ones waiting for review."""
        if user.is_authenticated and user.is_staff and user.has_perm("films.view_film"):
            return self.all()
        return self.public()

    def with_combined_score(self) -> FilmQuerySet:
        """Annotate `combined_score`: the mean of the film's scores on a 0-100 scale, or None
        when fewer than COMBINED_SCORE_MIN_OUTLETS outlets scored it (one outlet's figure is
        that outlet's, not a consensus); and `score_outlets`, how many did."""
        return self.annotate(
            score_outlets=Count("scores", distinct=True),
            combined_score=Case(
                When(
                    score_outlets__gte=COMBINED_SCORE_MIN_OUTLETS,
                    then=Avg("scores__normalized"),
                ),
                default=None,
            ),
        )

    def for_cards(self) -> FilmQuerySet:
        """What a film card shows: poster, title, year and the combined score."""
        return self.with_combined_score()

    def for_detail(self) -> FilmQuerySet:
        """Everything the film page shows, in a fixed number of queries whatever the cast size."""
        return self.with_combined_score().prefetch_related(
            "genres",
            "tags",
            models.Prefetch(
                "nominations", queryset=AwardNomination.objects.select_related("person")
            ),
            "availability",
            models.Prefetch(
                "credits", queryset=Credit.objects.of_published_people().select_related("person")
            ),
            self.with_outlets("scores"),
            self.with_outlets("critic_quotes"),
            models.Prefetch("quotes", queryset=Quote.objects.select_related("person")),
        )

    def with_outlets(self, relation: str) -> models.Prefetch:
        """Prefetch a reviews relation ("scores", "critic_quotes") with each row's outlet.

        The reviews layer sits above films: its models are reached through the relation,
        never imported here.
        """
        related_model = self.model._meta.get_field(relation).related_model
        return models.Prefetch(relation, queryset=related_model.objects.select_related("outlet"))

    def for_about_cards(self) -> FilmQuerySet:
        """A film as a post's "about the film" card: scores with outlets and its directors."""
        return self.with_combined_score().prefetch_related(
            self.with_outlets("scores"),
            "availability",
            models.Prefetch(
                "credits",
                queryset=Credit.objects.of_published_people().directors().select_related("person"),
                to_attr="director_credits",
            ),
        )

    def top_rated(self) -> FilmQuerySet:
        return (
            self.with_combined_score()
            .filter(combined_score__isnull=False)
            .order_by("-combined_score", "title")
        )

    def browse(
        self,
        *,
        genre: Genre | None = None,
        decade: int | None = None,
        min_score: int | None = None,
        streaming_on: str | None = None,
        sort: str = "score",
    ) -> FilmQuerySet:
        """The /films/ page: filters combine; sort by score (best first), year (newest) or title."""
        films = self.with_combined_score()
        if genre is not None:
            films = films.filter(genres=genre)
        if decade is not None:
            films = films.filter(release_date__year__gte=decade, release_date__year__lt=decade + 10)
        if min_score is not None:
            films = films.filter(combined_score__gte=min_score)
        if streaming_on:
            streams = Availability.objects.streaming().filter(service=streaming_on)
            films = films.filter(pk__in=streams.values("film_id"))
        orderings = {
            "score": [models.F("combined_score").desc(nulls_last=True), "title", "id"],
            "year": [models.F("release_date").desc(nulls_last=True), "title", "id"],
            "title": ["title", "id"],
        }
        return films.order_by(*orderings.get(sort, orderings["score"]))


class Film(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    release_date = models.DateField(null=True, blank=True)
    runtime_minutes = models.PositiveSmallIntegerField("runtime (minutes)", null=True, blank=True)
    tagline = models.CharField(max_length=250, blank=True)
    synopsis = models.TextField(
        "spoiler-free synopsis", blank=True, help_text="What the film is about, without spoilers."
    )
    storyline = models.TextField(
        "full storyline", blank=True, help_text="The whole plot. May contain spoilers."
    )
    poster = checked_image_field(upload_to="posters/")
    poster_alt = models.CharField(
        "poster alt text",
        max_length=250,
        blank=True,
        help_text="What the poster shows. Required with a poster.",
    )
    trailer_url = models.URLField(
        blank=True,
        validators=[validate_trailer_url],
        help_text="A YouTube or Vimeo link. Readers load it only when they press play.",
    )
    budget_usd = models.BigIntegerField("budget (US$)", null=True, blank=True)
    box_office_usd = models.BigIntegerField("worldwide box office (US$)", null=True, blank=True)
    # Box office keeps growing after release: a figure is shown with where and when it was read.
    box_office_source = models.URLField(
        "box office source",
        blank=True,
        help_text="Where the figure comes from, e.g. its Box Office Mojo page.",
    )
    box_office_as_of = models.DateField(
        "box office as of", null=True, blank=True, help_text="The day the figure was read."
    )
    studio = models.CharField("studio / distributor", max_length=200, blank=True)
    certificate_body = models.CharField(
        "rating body", max_length=20, blank=True, help_text="Who rated it, e.g. BBFC or MPA."
    )
    certificate = models.CharField(
        "certificate", max_length=10, blank=True, help_text="The rating it gave, e.g. 12A or PG-13."
    )
    original_language = models.CharField(max_length=60, blank=True, help_text="e.g. English.")
    countries = models.CharField(
        "countries of production",
        max_length=200,
        blank=True,
        help_text="Comma-separated, e.g. United States, France.",
    )
    genres = models.ManyToManyField(Genre, blank=True, related_name="films")
    tags = TaggableManager(blank=True)
    tmdb_id = models.PositiveIntegerField("TMDb id", null=True, blank=True, unique=True)
    imdb_id = models.CharField("IMDb id", max_length=12, blank=True, validators=[IMDB_ID])
    is_published = models.BooleanField(
        "published",
        default=True,
        help_text="Readers see the film only when ticked. A contributor's new film waits here "
        "for an editor's review.",
    )
    # What site search reads: the database keeps it up to date (core/search_vectors.py).
    search_vector = stored_search_vector(("title", "A"), ("tagline", "B"), ("synopsis", "C"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FilmQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        indexes = [
            models.Index(fields=["title"], name="film_title_idx"),
            models.Index(fields=["release_date"], name="film_release_date_idx"),
        ]
        permissions = [("publish_film", "Can publish films (review contributors' films)")]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_usd__isnull=True) | Q(budget_usd__gte=0),
                name="film_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(box_office_usd__isnull=True) | Q(box_office_usd__gte=0),
                name="film_box_office_not_negative",
            ),
            alt_text_constraint(image="poster", alt="poster_alt", name="film_poster_has_alt_text"),
            models.CheckConstraint(
                condition=Q(certificate="") | ~Q(certificate_body=""),
                name="film_certificate_names_its_rating_body",
                violation_error_message="Say which body gave the certificate (e.g. BBFC).",
            ),
            models.UniqueConstraint(
                fields=["imdb_id"],
                condition=~Q(imdb_id=""),
                name="film_unique_imdb_id",
                violation_error_message="Another film already has this IMDb id.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title

    def get_absolute_url(self) -> str:
        return reverse("films:film_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors = missing_alt_text(self, image="poster", alt="poster_alt", noun="poster")
        for field in ("budget_usd", "box_office_usd"):
            value = getattr(self, field)
            if value is not None and value < 0:
                errors[field] = "Money figures cannot be negative."
        if errors:
            raise ValidationError(errors)

    @property
    def year(self) -> int | None:
        return self.release_date.year if self.release_date else None

    @property
    def country_list(self) -> list[str]:
        return [name.strip() for name in self.countries.split(",") if name.strip()]

    @property
    def runtime_display(self) -> str:
        """128 minutes reads "2 h 8 min"."""
        if not self.runtime_minutes:
            return ""
        hours, minutes = divmod(self.runtime_minutes, 60)
        if not hours:
            return f"{minutes} min"
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"

    @property
    def trailer_embed_url(self) -> str:
        """The privacy-friendly player address the page loads only when a reader presses play."""
        if not self.trailer_url:
            return ""
        if match := YOUTUBE_ID.search(self.trailer_url):
            return f"https://www.youtube-nocookie.com/embed/{match[1]}?autoplay=1&rel=0"
        if match := VIMEO_ID.search(self.trailer_url):
            return f"https://player.vimeo.com/video/{match[1]}?autoplay=1&dnt=1"
        return ""

    # The properties below read prefetched rows (see FilmQuerySet.for_detail): no query each.

    @property
    def cast(self) -> list[Credit]:
        """Cast credits in billing order."""
        return [credit for credit in self.credits.all() if credit.role == Credit.Role.CAST]

    @property
    def directors(self) -> list[Person]:
        """Directors, from the prefetched credits."""
        return [
            credit.person
            for credit in self.credits.all()
            if credit.role == Credit.Role.CREW and credit.job == Credit.Job.DIRECTOR
        ]

    @property
    def key_crew(self) -> list[tuple[str, list[Person]]]:
        """(job label, people) pairs in the order of Credit.Job: Director first, then writers..."""
        by_job: dict[str, list[Person]] = {}
        for credit in self.credits.all():
            if credit.role == Credit.Role.CREW:
                by_job.setdefault(credit.job, []).append(credit.person)
        return [(job.label, by_job[job.value]) for job in Credit.Job if job.value in by_job]

    @property
    def award_summaries(self) -> list[str]:
        """One line per ceremony: "6 wins from 14 Academy Award nominations"."""
        tally: dict[str, list[int]] = {}
        for nomination in self.nominations.all():
            wins_and_total = tally.setdefault(nomination.ceremony, [0, 0])
            wins_and_total[0] += nomination.won
            wins_and_total[1] += 1
        lines = []
        for ceremony, (wins, total) in tally.items():
            award = ceremony[:-1] if ceremony.endswith("s") else ceremony
            nominations = f"{total} {award} nomination{'' if total == 1 else 's'}"
            if wins:
                lines.append(f"{wins} win{'' if wins == 1 else 's'} from {nominations}")
            else:
                lines.append(nominations)
        return lines

    @property
    def award_wins(self) -> list[AwardNomination]:
        return [nomination for nomination in self.nominations.all() if nomination.won]
