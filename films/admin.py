"""The admin editors keep films, people, credits, quotes and awards in.

The reviews app adds its scores and critics' quotes to the film form (reviews/admin.py).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from core.admin_tools import (
    CheckedImagesMixin,
    LabelledRowsFormSet,
    PreloadedAutocompleteInline,
    UniqueRowsFormSet,
    thumbnail,
)
from films.importers.sources_panel import ImportSourcesAdminMixin
from films.models import Availability, AwardNomination, Credit, Film, Genre, Person, Quote
from films.people_in_place import (
    CreatingAutocompleteSelectMultiple,
    PeopleCreatedInPlaceInline,
    PersonCreatedInPlaceAdmin,
)
from films.review import can_publish_records, records_set_published
from films.tag_input import TagNamesAdminMixin


class CreditFormSet(UniqueRowsFormSet):
    duplicate_message = (
        "The same person is listed twice with the same character or job. Remove one row."
    )

    def row_key(self, data: dict):
        person = data.get("person")
        role = data.get("role")
        detail = data.get("job") if role == Credit.Role.CREW else data.get("character")
        return (getattr(person, "pk", None), role, detail)


class AwardNominationFormSet(UniqueRowsFormSet):
    duplicate_message = "The same nomination is listed twice. Remove one row."

    def row_key(self, data: dict):
        person = data.get("person")
        return (
            data.get("ceremony"),
            data.get("year"),
            data.get("category"),
            getattr(person, "pk", None),
        )


# Crew jobs with a field of their own on the film form: no Crew row needed for them.
CREW_FIELDS = {"directors": Credit.Job.DIRECTOR, "writers": Credit.Job.SCREENPLAY}


def _crew_field(label: str) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        queryset=Person.objects.all(),
        required=False,
        label=label,
        widget=CreatingAutocompleteSelectMultiple(Credit._meta.get_field("person"), admin.site),
        help_text="Type a name to find them, or to add someone new; saved as the film's credits, "
        "in this order.",
    )


class FilmAdminForm(forms.ModelForm):
    """The film form, with its directors and writers chosen as people (stored as credits)."""

    directors = _crew_field("Directors")
    writers = _crew_field("Writers")

    # No Meta: FilmAdmin builds the form's fields from its fieldsets.

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        credits = (
            self.instance.credits.filter(role=Credit.Role.CREW, job__in=CREW_FIELDS.values())
            if self.instance.pk
            else Credit.objects.none()
        )
        chosen: dict[str, list[int]] = {job: [] for job in CREW_FIELDS.values()}
        for job, person_id in credits.order_by("billing_order", "id").values_list(
            "job", "person_id"
        ):
            chosen[job].append(person_id)
        for name, job in CREW_FIELDS.items():
            if name in self.fields and not self.is_bound:
                self.fields[name].initial = chosen[job]

    def _in_chosen_order(self, name: str) -> list[Person]:
        people = {str(person.pk): person for person in self.cleaned_data[name]}
        return [people[key] for key in dict.fromkeys(self.data.getlist(name)) if key in people]

    def clean_directors(self) -> list[Person]:
        return self._in_chosen_order("directors")

    def clean_writers(self) -> list[Person]:
        return self._in_chosen_order("writers")


@transaction.atomic
def film_set_crew(*, film: Film, job: str, people: list[Person]) -> None:
    """The film's credits for one crew job become exactly `people`, billed in that order."""
    kept = {
        credit.person_id: credit for credit in film.credits.filter(role=Credit.Role.CREW, job=job)
    }
    wanted = [person.pk for person in people]
    film.credits.filter(role=Credit.Role.CREW, job=job).exclude(person_id__in=wanted).delete()
    for order, person in enumerate(people):
        credit = kept.get(person.pk) or Credit(
            film=film, person=person, role=Credit.Role.CREW, job=job
        )
        credit.billing_order = order
        credit.full_clean()
        credit.save()


class CreditInline(PeopleCreatedInPlaceInline, PreloadedAutocompleteInline, admin.TabularInline):
    """Cast and the rest of the crew; directors and writers have fields of their own."""

    model = Credit
    formset = CreditFormSet
    fields = ("person", "role", "character", "job", "billing_order")
    autocomplete_fields = ("person",)
    extra = 0

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("film", "person")
            .exclude(role=Credit.Role.CREW, job__in=CREW_FIELDS.values())
        )


class QuoteInline(PreloadedAutocompleteInline, admin.TabularInline):
    model = Quote
    fields = ("text", "character", "person", "order")
    autocomplete_fields = ("person",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("film", "person")


class AwardNominationInline(PreloadedAutocompleteInline, admin.TabularInline):
    model = AwardNomination
    formset = AwardNominationFormSet
    fields = ("ceremony", "year", "category", "person", "won")
    autocomplete_fields = ("person",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("film", "person")


class AvailabilityInline(admin.TabularInline):
    """Where to watch, as an editor last checked it; readers see the date checked."""

    model = Availability
    formset = LabelledRowsFormSet
    fields = ("service", "kind", "region", "link", "checked_on")
    extra = 0


class FilmographyInline(admin.TabularInline):
    """A person's credits, read-only: credits are edited on the film they belong to."""

    model = Credit
    fk_name = "person"
    verbose_name = "credit"
    verbose_name_plural = "filmography (edit credits on each film)"
    fields = ("film_link", "role", "character", "job", "billing_order")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("film", "person")
            .order_by("-film__release_date", "film__title", "role", "billing_order")
        )

    @admin.display(description="film")
    def film_link(self, credit: Credit):
        url = reverse("admin:films_film_change", args=[credit.film_id])
        return format_html('<a href="{}">{}</a>', url, credit.film)


class ReleaseDecadeFilter(admin.SimpleListFilter):
    title = "release decade"
    parameter_name = "decade"
    FIRST_DECADE = 1900
    LAST_DECADE = 2030

    def lookups(self, request, model_admin):
        decades = range(self.LAST_DECADE, self.FIRST_DECADE - 10, -10)
        return [(str(decade), f"{decade}s") for decade in decades]

    def queryset(self, request, queryset):
        value = self.value()
        if not value or not (value.isascii() and value.isdecimal()):
            return queryset
        decade = int(value)
        if decade % 10 or not self.FIRST_DECADE <= decade <= self.LAST_DECADE:
            return queryset
        return queryset.filter(release_date__year__gte=decade, release_date__year__lt=decade + 10)


@admin.register(Genre)
class GenreAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "noun", "film_count")
    search_fields = ("name", "noun")
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request):
        # The count groups rows, which drops Meta.ordering: restate it for stable pages.
        return (
            super()
            .get_queryset(request)
            .annotate(film_count=Count("films", distinct=True))
            .order_by(*Genre._meta.ordering)
        )

    @admin.display(description="films", ordering="film_count")
    def film_count(self, genre: Genre) -> int:
        return genre.film_count


class ReviewedRecordAdmin(admin.ModelAdmin):
    """Films and people: what a contributor adds waits unpublished until an editor publishes it.

    Only editors see the "published" box on the add form and the publish actions; a forged
    POST from anyone else cannot set it (save_model puts the stored value back).
    """

    actions = ("publish_selected", "unpublish_selected")

    class Media:
        # A warning before leaving with unsaved changes; names for the autocomplete boxes.
        js = ["core/unsaved_changes.js", "core/admin_labels.js"]

    def has_publish_permission(self, request) -> bool:
        return can_publish_records(request.user, self.model)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None or self.has_publish_permission(request):
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "is_published"]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return fields if self.has_publish_permission(request) else (*fields, "is_published")

    def save_model(self, request, obj, form, change: bool) -> None:
        if not self.has_publish_permission(request):
            if change:
                obj.is_published = (
                    type(obj).objects.values_list("is_published", flat=True).get(pk=obj.pk)
                )
            else:
                obj.is_published = False
                self.message_user(
                    request,
                    f"“{obj}” waits for an editor's review: readers see it once it is published.",
                    messages.INFO,
                )
        super().save_model(request, obj, form, change)

    def _set_published(self, request, queryset, published: bool, done: str) -> None:
        changed = records_set_published(records=queryset, published=published, by=request.user)
        noun = (
            self.model._meta.verbose_name if changed == 1 else self.model._meta.verbose_name_plural
        )
        self.message_user(request, f"{changed} {noun} {done}.", messages.SUCCESS)

    @admin.action(description="Publish: show to readers", permissions=["publish"])
    def publish_selected(self, request, queryset) -> None:
        self._set_published(request, queryset, True, "published")

    @admin.action(
        description="Unpublish: hide from readers until reviewed", permissions=["publish"]
    )
    def unpublish_selected(self, request, queryset) -> None:
        self._set_published(request, queryset, False, "unpublished")


@admin.register(Person)
class PersonAdmin(
    PersonCreatedInPlaceAdmin, ImportSourcesAdminMixin, CheckedImagesMixin, ReviewedRecordAdmin
):
    list_display = (
        "photo_thumbnail",
        "name",
        "birth_date",
        "imdb_id",
        "credit_count",
        "is_published",
    )
    list_display_links = ("photo_thumbnail", "name")
    search_fields = ("name", "alternative_names", "imdb_id")
    list_filter = ("is_published", ("photo", admin.EmptyFieldListFilter))
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("photo_preview", "import_sources", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "slug", "is_published", "alternative_names")}),
        ("About", {"fields": ("birth_date", "birth_place", "bio", "imdb_id", "tmdb_id")}),
        ("Photo", {"fields": ("photo", "photo_preview", "photo_alt")}),
        ("Imported from TMDb or IMDb", {"fields": ("import_sources",), "classes": ("collapse",)}),
        ("Record", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )
    inlines = (FilmographyInline,)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(credit_count=Count("credits"))
            .order_by(*Person._meta.ordering)
        )

    @admin.display(description="photo")
    def photo_thumbnail(self, person: Person):
        return thumbnail(person.photo)

    @admin.display(description="current photo")
    def photo_preview(self, person: Person):
        return thumbnail(person.photo, person.photo_alt, "admin-preview")

    @admin.display(description="credits", ordering="credit_count")
    def credit_count(self, person: Person) -> int:
        return person.credit_count


@admin.register(Film)
class FilmAdmin(
    ImportSourcesAdminMixin, TagNamesAdminMixin, CheckedImagesMixin, ReviewedRecordAdmin
):
    form = FilmAdminForm
    list_display = (
        "poster_thumbnail",
        "title",
        "release_date",
        "runtime_minutes",
        "studio",
        "combined_score",
        "is_published",
    )
    list_display_links = ("poster_thumbnail", "title")
    list_filter = ("is_published", ReleaseDecadeFilter, "genres")
    search_fields = ("title", "slug", "tagline", "imdb_id")
    date_hierarchy = "release_date"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("genres",)
    readonly_fields = ("poster_preview", "import_sources", "created_at", "updated_at")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "slug",
                    "is_published",
                    "tagline",
                    "release_date",
                    "runtime_minutes",
                )
            },
        ),
        ("Made by", {"fields": ("directors", "writers")}),
        ("Story", {"fields": ("synopsis", "storyline")}),
        ("Classification", {"fields": ("genres", "tags")}),
        (
            "Poster and trailer",
            {"fields": ("poster", "poster_preview", "poster_alt", "trailer_url")},
        ),
        (
            "Facts",
            {
                "fields": (
                    "studio",
                    "budget_usd",
                    ("box_office_usd", "box_office_as_of"),
                    "box_office_source",
                    "imdb_id",
                    "tmdb_id",
                )
            },
        ),
        (
            "Certificate, language and countries",
            {"fields": ("certificate_body", "certificate", "original_language", "countries")},
        ),
        ("Imported from TMDb or IMDb", {"fields": ("import_sources",), "classes": ("collapse",)}),
        ("Record", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )
    inlines = (CreditInline, QuoteInline, AwardNominationInline, AvailabilityInline)

    @classmethod
    def add_inlines(cls, *inlines, after) -> None:
        """For the layer above (reviews): put its inlines on the film form, after `after`."""
        position = cls.inlines.index(after) + 1
        cls.inlines = (*cls.inlines[:position], *inlines, *cls.inlines[position:])

    def get_queryset(self, request):
        return super().get_queryset(request).with_combined_score().order_by(*Film._meta.ordering)

    def save_related(self, request, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        for name, job in CREW_FIELDS.items():
            if name in form.cleaned_data:
                film_set_crew(film=form.instance, job=job, people=list(form.cleaned_data[name]))

    @admin.display(description="poster")
    def poster_thumbnail(self, film: Film):
        return thumbnail(film.poster)

    @admin.display(description="current poster")
    def poster_preview(self, film: Film):
        return thumbnail(film.poster, film.poster_alt, "admin-preview")

    @admin.display(description="combined score", ordering="combined_score")
    def combined_score(self, film: Film):
        return None if film.combined_score is None else f"{film.combined_score:.0f}"


@admin.register(Credit)
class CreditAdmin(admin.ModelAdmin):
    list_display = ("person", "role", "part", "film", "billing_order")
    list_display_links = ("person", "part")
    list_filter = ("role", "job")
    list_select_related = ("film", "person")
    search_fields = ("person__name", "film__title", "character")
    autocomplete_fields = ("film", "person")

    @admin.display(description="character or job")
    def part(self, credit: Credit) -> str:
        return credit.get_job_display() if credit.role == Credit.Role.CREW else credit.character


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ("short_text", "speaker", "film", "order")
    list_select_related = ("film", "person")
    search_fields = ("text", "character", "film__title", "person__name")
    autocomplete_fields = ("film", "person")

    def get_queryset(self, request):
        # Quote.__str__ names the film: the autocomplete lists need it joined too.
        return super().get_queryset(request).select_related("film", "person")

    @admin.display(description="quote", ordering="text")
    def short_text(self, quote: Quote) -> str:
        return Truncator(quote.text).chars(80)


@admin.register(AwardNomination)
class AwardNominationAdmin(admin.ModelAdmin):
    list_display = ("category", "film", "person", "ceremony", "year", "won")
    list_filter = ("won", "ceremony", "year")
    list_select_related = ("film", "person")
    search_fields = ("category", "film__title", "person__name", "ceremony")
    autocomplete_fields = ("film", "person")
