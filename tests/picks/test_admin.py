"""The posts admin: the post form, bylines, and sections that keep their posts."""

from __future__ import annotations

from django.urls import reverse

from picks.models import Post
from tests.admin_forms import POST_INLINES, empty_inlines, management_form
from tests.factories import (
    make_credit,
    make_critic_quote,
    make_film,
    make_person,
    make_post,
    make_quote,
    make_section,
    make_user,
)


def test_person_and_post_change_pages_queries_do_not_grow(
    editor_client, django_assert_max_num_queries
):
    person = make_person()
    post = make_post()
    urls = [
        reverse("admin:films_person_change", args=[person.pk]),
        reverse("admin:picks_post_change", args=[post.pk]),
    ]

    def add_rows(count: int) -> None:
        for _ in range(count):
            film = make_film()
            make_credit(person=person, film=film)
            post.film_links.create(film=film)
            post.featured_quotes.add(make_quote(film=film))
            post.featured_critic_quotes.add(make_critic_quote(film=film))

    add_rows(1)
    baseline = []
    for url in urls:
        with django_assert_max_num_queries(40) as few:
            assert editor_client.get(url).status_code == 200
        baseline.append(len(few.captured_queries))
    add_rows(12)
    for url, most in zip(urls, baseline, strict=True):
        with django_assert_max_num_queries(most):
            assert editor_client.get(url).status_code == 200


def test_post_body_says_it_takes_markdown(editor_client):
    html = editor_client.get(reverse("admin:picks_post_add")).content.decode()
    assert "Markdown" in html and "**bold**" in html


def post_form(section, **fields) -> dict[str, str]:
    data = {
        "title": "Best Pick: Whiplash",
        "slug": "best-pick-whiplash",
        "section": str(section.pk),
        "status": Post.Status.DRAFT,
        "comments_open": "on",
        **empty_inlines(*POST_INLINES),
    }
    data.update(fields)
    return data


def test_new_post_is_signed_by_the_editor_who_wrote_it(editor_client, records_editor):
    section = make_section()
    film = make_film()
    data = post_form(
        section,
        **management_form("film_links", total=1),
        **{"film_links-0-film": str(film.pk), "film_links-0-order": "0"},
    )
    response = editor_client.post(reverse("admin:picks_post_add"), data)
    assert response.status_code == 302
    post = Post.objects.get(slug="best-pick-whiplash")
    assert post.author == records_editor
    assert list(post.films.all()) == [film]


def test_post_keeps_an_author_the_editor_chose(editor_client):
    colleague = make_user(is_staff=True)
    response = editor_client.post(
        reverse("admin:picks_post_add"), post_form(make_section(), author=str(colleague.pk))
    )
    assert response.status_code == 302
    assert Post.objects.get(slug="best-pick-whiplash").author == colleague


def test_section_with_posts_cannot_be_deleted(editor_client):
    post = make_post()
    response = editor_client.post(
        reverse("admin:picks_section_delete", args=[post.section.pk]), {"post": "yes"}
    )
    assert response.status_code == 200
    assert "can't be deleted: it holds posts" in response.content.decode()
    post.refresh_from_db()
