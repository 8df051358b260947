"""The admin's "Imported from" panel on a film or person: which fields came from which source and
when, and which an editor has changed since (films/admin.py shows it read-only)."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from films.models import FieldSource, value_fingerprint

ROW_KINDS = {"credit": "credits", "watch": "where-to-watch rows"}


def _current(record: models.Model, name: str):
    if name == "genres":
        return sorted(record.genres.values_list("name", flat=True))
    return getattr(record, name)


def import_sources_panel(record: models.Model):
    """A table of imported fields, or a sentence saying nothing was imported."""
    if not record.pk:
        return "Nothing imported yet."
    sources = list(FieldSource.objects.of(record))
    if not sources:
        return "Nothing imported: every field was typed here."
    rows, added = [], dict.fromkeys(ROW_KINDS, 0)
    for source in sources:
        kind = source.field.split(":", 1)[0]
        if kind in ROW_KINDS and ":" in source.field:
            added[kind] += 1
            continue
        try:
            label = record._meta.get_field(source.field).verbose_name
        except FieldDoesNotExist:
            label = source.field
        as_imported = value_fingerprint(_current(record, source.field)) == source.fingerprint
        rows.append(
            (
                label,
                source.get_source_display(),
                timezone.localtime(source.imported_at).strftime("%d %b %Y %H:%M"),
                "as imported" if as_imported else "changed by an editor since",
            )
        )
    table = format_html(
        '<table class="import-sources"><thead><tr><th scope="col">Field</th>'
        '<th scope="col">Source</th><th scope="col">Imported</th><th scope="col">Now</th>'
        "</tr></thead><tbody>{}</tbody></table>",
        format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
    )
    extra = [f"{count} {ROW_KINDS[kind]}" for kind, count in added.items() if count]
    if extra:
        table = format_html(
            "{}<p>Imports also added {} (never re-added once an editor removes one).</p>",
            table,
            " and ".join(extra),
        )
    return table


class ImportSourcesAdminMixin:
    """Adds the read-only `import_sources` panel; list it in a fieldset."""

    @admin.display(description="imported fields")
    def import_sources(self, record):
        return import_sources_panel(record)
