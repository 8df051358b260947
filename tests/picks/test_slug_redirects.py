"""A changed slug leaves its old value in SlugRedirect, so old links can still be followed."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.urls import reverse

from core.models import SlugRedirect
from films.models import Film
from tests.factories import make_film, make_person, make_post, make_section

pytestmark = pytest.mark.django_db

FACTORIES = {
    "film": make_film,
    "person": make_person,
    "post": make_post,
    "section": make_section,
}


def redirects_for(instance) -> list[str]:
    return sorted(
        SlugRedirect.objects.filter(
            content_type=ContentType.objects.get_for_model(instance), object_id=instance.pk
        ).values_list("old_slug", flat=True)
    )


def rename(instance, slug: str) -> None:
    instance.slug = slug
    instance.save()


@pytest.mark.parametrize("kind", FACTORIES)
def test_changing_a_slug_records_the_old_one(kind):
    instance = FACTORIES[kind](slug="first-slug")
    rename(instance, "second-slug")
    redirect = SlugRedirect.objects.get()
    assert redirect.old_slug == "first-slug"
    assert redirect.object_id == instance.pk
    assert redirect.content_type.model_class() is type(instance)


def test_saving_without_a_slug_change_records_nothing():
    film = make_film(slug="la-la-land")
    film.title = "La La Land (2016)"
    film.save()
    film.save(update_fields=["title"])
    assert not SlugRedirect.objects.exists()


def test_every_earlier_slug_keeps_working_after_several_renames():
    film = make_film(slug="a")
    rename(film, "b")
    rename(film, "c")
    assert redirects_for(film) == ["a", "b"]


def test_going_back_to_an_old_slug_removes_its_redirect():
    film = make_film(slug="la-la-land")
    rename(film, "la-la-land-2016")
    rename(film, "la-la-land")
    assert redirects_for(film) == ["la-la-land-2016"]


def test_a_new_page_taking_a_freed_slug_wins_over_the_redirect():
    old = make_film(slug="whiplash")
    rename(old, "whiplash-short-film")
    newer = make_film(slug="whiplash")
    assert redirects_for(old) == []
    assert Film.objects.get(slug="whiplash") == newer
    rename(newer, "whiplash-2014")  # and it can be renamed away again
    assert redirects_for(newer) == ["whiplash"]


def test_a_failed_rename_leaves_no_redirect():
    make_film(slug="taken")
    film = make_film(slug="mine")
    film.slug = "taken"
    with pytest.raises(IntegrityError), transaction.atomic():
        film.save()
    assert not SlugRedirect.objects.exists()


def test_deleting_a_page_forgets_its_old_slugs():
    film = make_film(slug="first")
    rename(film, "second")
    film.delete()
    assert not SlugRedirect.objects.exists()


def test_renaming_in_the_admin_records_the_old_slug(admin_client):
    section = make_section(name="Mini Blog", slug="mini-blog")
    response = admin_client.post(
        reverse("admin:picks_section_change", args=[section.pk]),
        {"name": "Best Pick", "slug": "best-pick", "order": "0", "is_active": "on"},
    )
    assert response.status_code == 302
    assert redirects_for(section) == ["mini-blog"]
