"""The admin's "Imported from" panel: which fields came from where, and which editors changed."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from films.models import FieldSource, Film, Person

LA_LA_LAND = Path(__file__).resolve().parent.parent / "data" / "import" / "tmdb_la_la_land.json"

pytestmark = pytest.mark.django_db


def import_la_la_land() -> Film:
    call_command("import_film", "--tmdb-json", str(LA_LA_LAND), stdout=StringIO())
    return Film.objects.get(tmdb_id=313369)


def test_film_admin_shows_imported_fields_and_the_ones_an_editor_changed(editor_client):
    film = import_la_la_land()
    film.runtime_minutes = 130
    film.save()

    page = editor_client.get(reverse("admin:films_film_change", args=[film.pk])).content.decode()

    assert "Imported from TMDb or IMDb" in page
    assert "<td>runtime (minutes)</td><td>TMDb</td>" in page
    assert "changed by an editor since" in page
    assert "as imported" in page
    assert "Imports also added 9 credits" in page


def test_person_admin_shows_the_source_of_an_imported_person(editor_client):
    import_la_la_land()
    stone = Person.objects.get(name="Emma Stone")

    page = editor_client.get(reverse("admin:films_person_change", args=[stone.pk])).content.decode()

    assert "<td>TMDb id</td><td>TMDb</td>" in page


def test_a_hand_made_film_says_nothing_was_imported(editor_client):
    film = Film.objects.create(title="Typed Here", slug="typed-here")

    page = editor_client.get(reverse("admin:films_film_change", args=[film.pk])).content.decode()

    assert "Nothing imported: every field was typed here." in page


def test_deleting_an_imported_film_forgets_its_sources():
    film = import_la_la_land()
    film.credits.all().delete()
    film.delete()

    assert not FieldSource.objects.filter(record_type="films.film").exists()
