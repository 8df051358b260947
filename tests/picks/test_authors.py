"""Named writers: author pages at /authors/<slug>/ with name, photo, bio and posts; bylines link
there, and the JSON-LD author is a Person with that page's URL."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from picks.models import AuthorProfile, Post
from tests.factories import image_file, make_film, make_post, make_section, make_user
from tests.picks.test_discovery import by_type, json_ld

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def make_author(**fields) -> AuthorProfile:
    fields.setdefault("user", make_user(is_staff=True))
    fields.setdefault("display_name", "Ana Lima")
    fields.setdefault("slug", "ana-lima")
    fields.setdefault("bio", "Ana writes about musicals and the people who make them.")
    return AuthorProfile.objects.create(**fields)


def test_the_author_page_shows_name_photo_bio_and_published_posts_only(client):
    author = make_author(photo=image_file("ana.png"), photo_alt="A drawn portrait of Ana")
    make_post(author=author.user, title="Why musicals matter")
    make_post(author=author.user, title="A draft", status=Post.Status.DRAFT)
    make_post(title="Someone else's post")

    response = client.get("/authors/ana-lima/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Ana Lima</h1>" in html
    assert 'alt="A drawn portrait of Ana"' in html
    assert "Ana writes about musicals" in html
    assert "Why musicals matter" in html
    assert "A draft" not in html and "Someone else" not in html


def test_an_unknown_author_is_a_404(client):
    assert client.get("/authors/nobody/").status_code == 404


def test_the_author_page_is_paginated_with_bounded_queries(
    client, settings, django_assert_max_num_queries
):
    settings.MARQUEE_PAGE_SIZE = 3
    author = make_author()
    for _ in range(4):
        make_post(author=author.user, films=[make_film()])
    with django_assert_max_num_queries(12):
        first = client.get(author.get_absolute_url())
    assert first.context["paginator"].num_pages == 2
    for _ in range(6):
        make_post(author=author.user, films=[make_film()])
    with django_assert_max_num_queries(12):
        assert client.get(author.get_absolute_url() + "?page=2").status_code == 200


def test_bylines_link_to_the_author_page_on_cards_and_the_post(client):
    author = make_author()
    post = make_post(author=author.user)
    link = '<a class="byline" href="/authors/ana-lima/">Ana Lima</a>'
    assert link in client.get("/").content.decode()
    assert link in client.get(post.get_absolute_url()).content.decode()


def test_a_byline_without_a_profile_is_plain_text(client):
    post = make_post(author=make_user(first_name="Bo", last_name="Ray", is_staff=True))
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Bo Ray" in html and 'class="byline"' not in html


def test_json_ld_author_is_a_person_with_the_author_page(client):
    author = make_author()
    section = make_section(name="Best Pick", slug="best-pick")
    post = make_post(author=author.user, section=section, films=[make_film()])
    review = by_type(json_ld(client.get(post.get_absolute_url()).content.decode()), "Review")
    assert review["author"] == {
        "@type": "Person",
        "name": "Ana Lima",
        "url": "http://testserver/authors/ana-lima/",
    }


def test_feeds_name_the_writer_by_their_profile(client):
    author = make_author()
    make_post(author=author.user, title="Feed me")
    assert "Ana Lima" in client.get("/feeds/atom/").content.decode()


def test_a_photo_needs_alt_text_in_the_database():
    author = make_author()
    author.photo = "authors/ana.png"
    with pytest.raises(IntegrityError), transaction.atomic():
        author.save()


def test_the_admin_lists_adds_and_changes_author_profiles(editor_client):
    author = make_author(photo=image_file("ana.png"), photo_alt="Ana")
    for url in (
        reverse("admin:picks_authorprofile_changelist"),
        reverse("admin:picks_authorprofile_add"),
        reverse("admin:picks_authorprofile_change", args=[author.pk]),
    ):
        assert editor_client.get(url).status_code == 200, url


def test_the_admin_form_asks_for_photo_alt_text(editor_client):
    user = make_user(is_staff=True)
    response = editor_client.post(
        reverse("admin:picks_authorprofile_add"),
        {"user": user.pk, "display_name": "Jo", "slug": "jo", "bio": "", "photo": image_file()},
    )
    assert response.status_code == 200
    assert "Describe the photo for readers who cannot see it." in response.content.decode()
    assert not AuthorProfile.objects.exists()
