"""The admin toolkit every app's admin shares: checked image uploads, thumbnails, the admin
stylesheet, and inline autocompletes that cost no query per row."""

from __future__ import annotations

from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html

from core.images import CheckedImageField
from core.kept_uploads import KeptImageInput

ADMIN_CSS = {"all": ["core/admin.css"]}
# Checked image uploads, kept across a failed submit; a typed "example.com" becomes https://
# (Django 6's default, early).
FORMFIELD_OVERRIDES = {
    models.ImageField: {"form_class": CheckedImageField, "widget": KeptImageInput},
    models.URLField: {"assume_scheme": "https"},
}


def thumbnail(image, alt: str = "", css_class: str = "admin-thumbnail"):
    """An <img> for a stored image, or None so the admin shows its empty-value dash. A new upload
    not stored yet (the form failed) has no picture to show here: its input shows it, kept."""
    if not image or not getattr(image, "_committed", True):
        return None
    return format_html('<img src="{}" alt="{}" class="{}">', image.url, alt, css_class)


class CheckedImagesMixin:
    """Image fields use CheckedImageField, so a bad upload gets a message that says what is
    wrong with it (truncated, a decompression bomb, not an image) before anything is stored,
    and a good one is stored upright, without its metadata, under its real format's name."""

    formfield_overrides = FORMFIELD_OVERRIDES

    class Media:
        css = ADMIN_CSS


class PreloadedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete that labels its selected option from the row's already-joined object.

    The stock widget runs one query per inline row to find the label of what is selected;
    a film with forty credits would cost forty queries.
    """

    preloaded: dict[str, models.Model] = {}

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if not selected or not selected <= self.preloaded.keys():
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required:
            options.append(self.create_option(name, "", "", False, 0))
        for key in sorted(selected):
            label = self.choices.field.label_from_instance(self.preloaded[key])
            options.append(self.create_option(name, key, label, True, len(options)))
        return [(None, options, 0)]


class LabelledRowsFormSet(BaseInlineFormSet):
    """Names each box of a tabular inline's rows for screen readers ("Order, row 1"): Django puts
    the field's name only in the column header, so a row's inputs and its Delete box are unnamed.
    """

    def add_fields(self, form, index):
        super().add_fields(form, index)
        row = "new row" if index is None else f"row {index + 1}"
        for field in form.fields.values():
            widget = getattr(field.widget, "widget", field.widget)  # inside the "+" wrapper
            widget.attrs.setdefault("aria-label", f"{field.label}, {row}")


class PreloadedAutocompleteFormSet(LabelledRowsFormSet):
    """Hands each row's joined related objects to its PreloadedAutocompleteSelect widgets."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if form.instance.pk is None:
            return form
        for name, field in form.fields.items():
            widget = getattr(field.widget, "widget", field.widget)  # inside the "+" wrapper
            if not isinstance(widget, PreloadedAutocompleteSelect):
                continue
            model_field = form.instance._meta.get_field(name)
            if model_field.is_cached(form.instance):
                related = getattr(form.instance, name)
                # A fresh dict on this form's own copy of the widget, never the shared one.
                widget.preloaded = {str(related.pk): related} if related is not None else {}
        return form


class PreloadedAutocompleteInline:
    """For inlines: autocomplete foreign keys whose labels come from the joined rows.

    Pair with a get_queryset that select_related()s those keys.
    """

    formset = PreloadedAutocompleteFormSet

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = PreloadedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class UniqueRowsFormSet(PreloadedAutocompleteFormSet):
    """Refuses two rows in one submission that break a conditional unique constraint.

    Django's formset only compares rows for unconditional constraints, so without this two
    identical new credits would reach the database and fail there (a 500, not a message).
    """

    duplicate_message = "Two rows say the same thing. Remove one of them."

    def row_key(self, data: dict):
        raise NotImplementedError

    def clean(self) -> None:
        super().clean()
        seen = set()
        duplicates = False
        for form in self.forms:
            if not form.has_changed() and form.instance.pk is None:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            if form.errors or not hasattr(form, "cleaned_data"):
                continue
            key = self.row_key(form.cleaned_data)
            if key in seen:
                form.add_error(None, self.duplicate_message)
                duplicates = True
            seen.add(key)
        if duplicates:
            raise ValidationError(self.duplicate_message)
