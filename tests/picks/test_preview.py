"""Preview: the unsaved change form, rendered by the public post page, for staff only."""

from __future__ import annotations

import pytest
from django.utils import timezone

from picks.models import Post
from tests.factories import image_file, make_film, make_post, make_section
from tests.picks.test_roles import post_form

pytestmark = pytest.mark.django_db

BANNER = "Preview — not published."


def preview_url(post: Post | None = None) -> str:
    return f"/admin/picks/post/{post.pk}/preview/" if post else "/admin/picks/post/preview/"


def with_films(data: dict, films) -> dict:
    data = {**data, "film_links-TOTAL_FORMS": str(len(films))}
    for index, film in enumerate(films):
        data[f"film_links-{index}-film"] = film.pk
        data[f"film_links-{index}-order"] = str(index)
    return data


def published_form(post: Post, **changes) -> dict:
    when = timezone.localtime(post.publish_at)
    return post_form(
        post,
        status="published",
        publish_at_0=when.strftime("%Y-%m-%d"),
        publish_at_1=when.strftime("%H:%M:%S"),
        **changes,
    )


def test_preview_shows_unsaved_edits_of_a_published_post_and_saves_nothing(client, editor):
    old_film, new_film = make_film(title="Old Film"), make_film(title="Brand New Film")
    post = make_post(
        title="The saved title", body="Saved words.", films=[old_film], tags=["saved-tag"]
    )
    client.force_login(editor)
    data = with_films(
        published_form(
            post, title="An unsaved title", body="Unsaved **words**.", tags="noir, heist"
        ),
        [new_film],
    )
    response = client.post(preview_url(post), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert BANNER in html
    assert "An unsaved title" in html and "Unsaved <strong>words</strong>." in html
    assert "Brand New Film" in html and "Old Film" not in html
    assert ">noir<" in html and ">heist<" in html and "saved-tag" not in html
    assert "no-store" in response["Cache-Control"]

    post.refresh_from_db()
    assert (post.title, post.body) == ("The saved title", "Saved words.")
    assert post.films_in_order == [old_film]
    assert list(post.tags.names()) == ["saved-tag"]
    client.logout()
    public = client.get(post.get_absolute_url()).content.decode()
    assert "The saved title" in public and "An unsaved title" not in public
    assert BANNER not in public


def test_preview_of_a_new_post_with_a_hero_image_saves_nothing(client, editor):
    film = make_film(title="Heat")
    client.force_login(editor)
    data = with_films(
        post_form(
            section=make_section(name="Best Pick", slug="best-pick").pk,
            title="Best Pick: Heat",
            slug="best-pick-heat",
            tags="crime",
            hero_image=image_file("hero.png"),
            hero_image_alt="Two men across a diner table",
        ),
        [film],
    )
    response = client.post(preview_url(), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert BANNER in html and "Best Pick: Heat" in html and ">crime<" in html
    assert '<img src="data:image/png;base64,' in html
    assert 'alt="Two men across a diner table"' in html
    assert not Post.objects.exists()


def test_preview_with_errors_says_what_to_fix(client, editor):
    post = make_post(title="Fine as it is")
    client.force_login(editor)
    response = client.post(preview_url(post), published_form(post, title=""))
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_preview_is_refused_to_anonymous_users(client):
    post = make_post(status=Post.Status.DRAFT)
    response = client.post(preview_url(post), post_form(post, title="Leaked"))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_preview_is_refused_to_a_reader(client, reader):
    post = make_post(status=Post.Status.DRAFT)
    client.force_login(reader)
    response = client.post(preview_url(post), post_form(post))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_contributor_previews_their_draft_but_not_someone_elses(client, contributor, editor):
    mine = make_post(status=Post.Status.DRAFT, author=contributor, title="My draft")
    theirs = make_post(status=Post.Status.DRAFT, author=editor, title="Editor's draft")
    client.force_login(contributor)
    response = client.post(preview_url(mine), post_form(mine, title="My better draft"))
    assert response.status_code == 200 and "My better draft" in response.content.decode()
    response = client.post(preview_url(theirs), post_form(theirs, title="Peek"))
    assert response.status_code == 403
    assert "Peek" not in response.content.decode()


def test_preview_answers_only_a_submitted_form(client, editor):
    post = make_post()
    client.force_login(editor)
    assert client.get(preview_url(post)).status_code == 405


def test_change_form_has_a_preview_button_that_opens_a_new_tab(client, editor):
    post = make_post()
    client.force_login(editor)
    html = client.get(f"/admin/picks/post/{post.pk}/change/").content.decode()
    assert f'formaction="{preview_url(post)}" formtarget="_blank"' in html


def test_preview_costs_a_bounded_number_of_queries(client, editor, django_assert_max_num_queries):
    films = [make_film() for _ in range(6)]
    post = make_post(films=films[:1])
    client.force_login(editor)
    data = with_films(published_form(post, tags="a, b, c, d"), films)
    # Validating the films inline costs two queries a row, as saving the form does; the
    # page itself is a fixed number (one of them where to watch, for all the film cards).
    with django_assert_max_num_queries(35 + 2 * len(films)):
        response = client.post(preview_url(post), data)
    assert response.status_code == 200 and BANNER in response.content.decode()
