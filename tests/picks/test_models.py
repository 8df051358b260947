"""Sections, posts and site settings: validation, named constraints, protected deletes."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import ProtectedError

from core.models import SiteSettings, SlugRedirect
from films.models import Film
from picks.models import Post, PostFilm, Section
from tests.asserts import database_refuses, validation_errors
from tests.factories import make_film, make_post, make_section, make_user

pytestmark = pytest.mark.django_db


# Section


def test_section_cannot_replace_itself():
    section = make_section(is_active=False)
    section.replaced_by = section
    assert validation_errors(section) == {"replaced_by": ["A section cannot replace itself."]}
    message = database_refuses(section.save)
    assert "section_not_replaced_by_itself" in message


def test_only_a_retired_section_has_a_replacement():
    section = make_section(is_active=True)
    section.replaced_by = make_section()
    assert validation_errors(section) == {
        "replaced_by": ["Only a retired section has a replacement. Untick 'active' first."]
    }


def test_retired_section_names_its_successor():
    best_pick = make_section(name="Best Pick")
    mini_blog = make_section(name="Mini Blog", is_active=False, replaced_by=best_pick)
    mini_blog.full_clean()
    assert str(mini_blog) == "Mini Blog (retired)"


def test_section_with_posts_cannot_be_deleted():
    post = make_post()
    with pytest.raises(ProtectedError):
        post.section.delete()
    assert Section.objects.filter(pk=post.section.pk).exists()
    post.refresh_from_db()


def test_section_that_another_replaces_cannot_be_deleted():
    best_pick = make_section()
    make_section(is_active=False, replaced_by=best_pick)
    with pytest.raises(ProtectedError):
        best_pick.delete()


def test_section_name_and_slug_are_unique():
    make_section(name="Best Pick", slug="best-pick")
    assert set(validation_errors(Section(name="Best Pick", slug="best-pick"))) == {
        "name",
        "slug",
    }
    database_refuses(lambda: make_section(slug="best-pick"))


# Post


def test_published_post_without_a_date_is_refused_by_the_database():
    section = make_section()
    message = database_refuses(
        lambda: Post.objects.create(
            section=section, title="T", slug="t", status=Post.Status.PUBLISHED, publish_at=None
        )
    )
    assert "post_published_has_publish_date" in message


def test_validation_dates_a_post_published_without_a_date():
    post = Post(section=make_section(), title="T", slug="t", status=Post.Status.PUBLISHED)
    post.full_clean()
    assert post.publish_at is not None
    post.save()
    assert post.is_live


def test_hero_image_without_alt_text_is_refused_by_validation_and_database():
    post = make_post()
    post.hero_image = "heroes/la-la-land.png"
    assert validation_errors(post) == {
        "hero_image_alt": ["Describe the hero image for readers who cannot see it."]
    }
    message = database_refuses(lambda: make_post(hero_image="heroes/x.png"))
    assert "post_hero_image_has_alt_text" in message


def test_post_slug_is_unique():
    make_post(slug="best-pick-la-la-land")
    errors = validation_errors(Post(section=make_section(), title="T", slug="best-pick-la-la-land"))
    assert errors == {"slug": ["Post with this Slug already exists."]}
    database_refuses(lambda: make_post(slug="best-pick-la-la-land"))


def test_a_film_is_linked_to_a_post_once():
    film = make_film()
    post = make_post(films=[film])
    assert "__all__" in validation_errors(PostFilm(post=post, film=film))
    message = database_refuses(lambda: PostFilm.objects.create(post=post, film=film))
    assert "post_film" in message.lower() or "unique" in message.lower()


def test_film_a_post_is_about_cannot_be_deleted_even_through_the_link_alone():
    film = make_film()
    post = make_post(films=[film])
    with pytest.raises(ProtectedError):
        film.delete()
    assert Film.objects.filter(pk=film.pk).exists()
    assert list(post.films.all()) == [film]


def test_deleting_a_post_keeps_the_films_it_was_about():
    film = make_film()
    post = make_post(films=[film])
    post.delete()
    assert Film.objects.filter(pk=film.pk).exists()
    assert not PostFilm.objects.exists()


def test_author_with_posts_cannot_be_deleted():
    author = make_user()
    make_post(author=author)
    with pytest.raises(ProtectedError):
        author.delete()


def test_byline_names_the_author_or_the_editors():
    author = make_user(first_name="Ada", last_name="Lovelace")
    assert make_post(author=author).byline == "Ada Lovelace"
    assert make_post(author=None).byline == "The Marquee editors"


# Site settings and slug redirects


def test_site_settings_is_a_single_row():
    first = SiteSettings.load()
    second = SiteSettings(about_text="Another")
    second.save()  # always the same row
    assert SiteSettings.objects.count() == 1
    assert second.pk == first.pk
    message = database_refuses(lambda: SiteSettings.objects.bulk_create([SiteSettings(pk=2)]))
    assert "site_settings_single_row" in message
    assert (
        "Constraint “site_settings_single_row” is violated."
        in (validation_errors(SiteSettings(pk=2))["__all__"])
    )


def test_an_old_slug_redirects_to_one_object_per_kind():
    film_type = ContentType.objects.get_for_model(Film)
    SlugRedirect.objects.create(content_type=film_type, object_id=1, old_slug="old")
    again = SlugRedirect(content_type=film_type, object_id=2, old_slug="old")
    assert "__all__" in validation_errors(again)
    database_refuses(
        lambda: SlugRedirect.objects.create(content_type=film_type, object_id=2, old_slug="old")
    )
    post_type = ContentType.objects.get_for_model(Post)
    SlugRedirect.objects.create(content_type=post_type, object_id=1, old_slug="old")
