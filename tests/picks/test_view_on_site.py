"""The admin's "view on site" redirect shows staff only the posts they may see."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from picks.models import Post
from tests.factories import make_comment, make_film, make_post

pytestmark = pytest.mark.django_db


def view_on_site_url(obj, object_id=None) -> str:
    content_type = ContentType.objects.get_for_model(obj)
    return f"/admin/r/{content_type.pk}/{object_id or obj.pk}/"


def draft(**fields) -> Post:
    return make_post(status=Post.Status.DRAFT, **fields)


def scheduled(**fields) -> Post:
    return make_post(publish_at=timezone.now() + timedelta(days=3), **fields)


def test_a_contributor_cannot_learn_the_slug_of_someone_elses_draft(client, contributor, editor):
    post = draft(author=editor, slug="secret-draft")
    client.force_login(contributor)
    response = client.get(view_on_site_url(post))
    assert response.status_code == 404
    assert "secret-draft" not in response.content.decode()


def test_a_contributor_cannot_learn_the_slug_of_a_scheduled_post(client, contributor, editor):
    post = scheduled(author=editor, slug="coming-friday")
    client.force_login(contributor)
    assert client.get(view_on_site_url(post)).status_code == 404


def test_a_contributor_cannot_reach_a_hidden_post_through_one_of_its_comments(
    client, contributor, editor
):
    comment = make_comment(post=draft(author=editor))
    client.force_login(contributor)
    assert client.get(view_on_site_url(comment)).status_code == 404


def test_a_contributor_is_taken_to_their_own_draft(client, contributor):
    post = draft(author=contributor, slug="my-draft")
    client.force_login(contributor)
    response = client.get(view_on_site_url(post))
    assert response.status_code == 302
    assert response.url.endswith("/my-draft/")


def test_a_contributor_is_taken_to_a_published_post_and_its_comments(client, contributor, editor):
    post = make_post(author=editor, slug="out-now")
    comment = make_comment(post=post)
    client.force_login(contributor)
    response = client.get(view_on_site_url(post))
    assert response.status_code == 302
    assert response.url.endswith("/out-now/")
    response = client.get(view_on_site_url(comment))
    assert response.status_code == 302
    assert response.url.endswith(f"/out-now/#comment-{comment.pk}")


def test_an_editor_is_taken_to_every_post(client, editor, contributor):
    client.force_login(editor)
    for post in (draft(author=contributor), scheduled(author=contributor), make_post()):
        response = client.get(view_on_site_url(post))
        assert response.status_code == 302
        assert response.url.endswith(f"/{post.slug}/")


def test_other_records_still_redirect_to_their_page(client, contributor):
    film = make_film(slug="heat")
    client.force_login(contributor)
    response = client.get(view_on_site_url(film))
    assert response.status_code == 302
    assert response.url.endswith("/heat/")


@pytest.mark.parametrize("object_id", ["999999", "not-a-number"])
def test_a_missing_or_malformed_post_id_is_not_found(client, editor, object_id):
    client.force_login(editor)
    assert client.get(view_on_site_url(Post, object_id)).status_code == 404


def test_the_redirect_needs_a_staff_login(client, reader):
    url = view_on_site_url(make_post())
    assert client.get(url).url.startswith("/admin/login/")
    client.force_login(reader)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_the_change_form_still_links_to_the_redirect(client, editor):
    post = make_post()
    client.force_login(editor)
    page = client.get(f"/admin/picks/post/{post.pk}/change/").content.decode()
    assert view_on_site_url(post) in page
