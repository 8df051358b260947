"""Tags typed as plain comma-separated names: shown as `New York, Seoul` (taggit's own field
quotes names with spaces and splits on spaces when there is no comma), matched to existing
tags whatever their case, and suggested from the tags in use (a <datalist>, which
films/tag_input.js fills for the name being typed after a comma)."""

from __future__ import annotations

from django import forms
from django.db.models import Count, Q
from taggit.managers import TaggableManager
from taggit.models import Tag

SUGGESTIONS = 400  # the most used tags; a datalist filters them as the editor types


def split_names(text: str) -> list[str]:
    """'New York, seoul, , "Noir"' -> ['New York', 'seoul', 'Noir']: commas only, each name
    once (first spelling wins), stray quotes dropped."""
    names: dict[str, str] = {}
    for part in text.split(","):
        name = " ".join(part.strip().strip('"').split())
        if name and name.lower() not in names:
            names[name.lower()] = name
    return list(names.values())


def existing_spellings(names: list[str]) -> list[str]:
    """Each name as an existing tag spells it, so "musical" joins the tag "Musical" (one query)."""
    if not names:
        return []
    query = Q()
    for name in names:
        query |= Q(name__iexact=name)
    known = {tag.lower(): tag for tag in Tag.objects.filter(query).values_list("name", flat=True)}
    return [known.get(name.lower(), name) for name in names]


class TagNamesWidget(forms.TextInput):
    template_name = "films/widgets/tag_names.html"

    class Media:
        js = ["films/tag_input.js"]

    def format_value(self, value):
        if value is not None and not isinstance(value, str):
            names = [getattr(tag, "name", str(tag)) for tag in value]
            value = ", ".join(sorted(names, key=str.lower))
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["datalist_id"] = f"{widget['attrs'].get('id') or name}-suggestions"
        widget["attrs"]["list"] = widget["datalist_id"]
        widget["attrs"]["autocomplete"] = "off"
        widget["attrs"]["data-tag-input"] = ""
        widget["suggestions"] = (
            Tag.objects.annotate(uses=Count("taggit_taggeditem_items"))
            .order_by("-uses", "name")
            .values_list("name", flat=True)[:SUGGESTIONS]
        )
        return context


class TagNamesField(forms.CharField):
    """For a TaggableManager in the admin: cleans to a list of names, as taggit's field does."""

    widget = TagNamesWidget
    default_help_text = "Separate tags with commas; existing tags are suggested as you type."

    def __init__(self, **kwargs):
        kwargs["help_text"] = self.default_help_text  # taggit's own speaks of its quoting
        super().__init__(**kwargs)

    def clean(self, value) -> list[str]:
        return existing_spellings(split_names(super().clean(value) or ""))

    def has_changed(self, initial, data) -> bool:
        if self.disabled:
            return False
        before = {getattr(tag, "name", str(tag)).lower() for tag in initial or []}
        return before != {name.lower() for name in split_names(data or "")}


class TagNamesAdminMixin:
    """For a ModelAdmin: every TaggableManager gets the plain comma-separated tag field."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, TaggableManager):
            return db_field.formfield(form_class=TagNamesField, **kwargs)
        return super().formfield_for_dbfield(db_field, request, **kwargs)
