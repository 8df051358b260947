"""A person created from the film form's name boxes (cast, directors, writers): type a name that is
not in the records, choose "Create “Name”", and the person exists and is chosen, without a
pop-up window. A contributor's new person waits unpublished for an editor, as on the person form.
"""

from __future__ import annotations

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.urls import path, reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from core.admin_tools import PreloadedAutocompleteSelect
from films.models import Person
from films.review import can_publish_records

# The longest slug a name gets before a number is added to tell two people apart.
SLUG_STEM_LENGTH = 180


def unique_person_slug(name: str) -> str:
    stem = slugify(name)[:SLUG_STEM_LENGTH].strip("-") or "person"
    taken = set(
        Person.objects.filter(slug__startswith=stem)
        .order_by()
        .values_list("slug", flat=True)[:1000]
    )
    if stem not in taken:
        return stem
    number = 2
    while f"{stem}-{number}" in taken:
        number += 1
    return f"{stem}-{number}"


@transaction.atomic
def person_create_in_place(*, name: str, by) -> Person:
    """A new person named `name`: published if `by` may publish people, otherwise waiting for
    review. Raises ValidationError for a name the person form would refuse."""
    person = Person(
        name=" ".join(name.split()),
        slug=unique_person_slug(name),
        is_published=can_publish_records(by, Person),
    )
    person.full_clean()
    person.save()
    return person


class NewPersonForm(forms.Form):
    name = forms.CharField(max_length=Person._meta.get_field("name").max_length)


@require_POST
def person_create_view(request: HttpRequest, *, model_admin) -> JsonResponse:
    """POST name=…: the new person's id and label, as the autocomplete lists them (201)."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = NewPersonForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    person = person_create_in_place(name=form.cleaned_data["name"], by=request.user)
    note = "" if person.is_published else " (waits for an editor's review)"
    return JsonResponse(
        {"id": str(person.pk), "text": str(person), "note": note, "published": person.is_published},
        status=201,
    )


class CreatingMixin:
    """An admin autocomplete whose list ends with "Create “<what was typed>”" (films/
    person_create.js), for those who may add people."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-create-url"] = reverse("admin:films_person_create_in_place")
        return attrs

    @property
    def media(self):
        base = super().media
        # One list, so the script comes after admin/js/autocomplete.js, which it wraps.
        return forms.Media(css=base._css, js=[*base._js, "films/person_create.js"])


class CreatingAutocompleteSelect(CreatingMixin, AutocompleteSelect):
    pass


class CreatingAutocompleteSelectMultiple(CreatingMixin, AutocompleteSelectMultiple):
    pass


class CreatingPreloadedSelect(CreatingMixin, PreloadedAutocompleteSelect):
    """An inline row's person box: labels from the joined row, and "Create “<name>”"."""


class PeopleCreatedInPlaceInline:
    """An inline whose person box offers "Create “<name>”" (the film form's credits)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "person":
            kwargs["widget"] = CreatingPreloadedSelect(db_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PersonCreatedInPlaceAdmin:
    """PersonAdmin's URL for creating a person from a name box."""

    def get_urls(self):
        def create_in_place(request):
            return person_create_view(request, model_admin=self)

        view = self.admin_site.admin_view(create_in_place)
        return [
            path("create-in-place/", view, name="films_person_create_in_place"),
            *super().get_urls(),
        ]
