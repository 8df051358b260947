"""The films and people a post names, on its admin page, with the editor's "not this"."""

import pytest
from django.urls import reverse

from picks.models import Post
from tests.factories import make_person, make_post, make_user

pytestmark = pytest.mark.django_db

EMMA_LINK = '<a href="/people/emma-stone/" rel="noopener">Emma Stone</a>'


@pytest.fixture
def post():
    make_person(name="Emma Stone", slug="emma-stone")
    return make_post(body="Emma Stone sings. Emma Stone dances.")


def test_the_post_page_in_the_admin_lists_what_it_names(client, editor, post):
    client.force_login(editor)
    page = client.get(reverse("admin:picks_post_change", args=[post.pk])).content.decode()
    assert "Films and people named" in page
    assert "Emma Stone <span class='mention-kind'>(person)</span>" in page
    review = reverse("admin:picks_post_mention", args=[post.pk, post.mentions.get().pk])
    assert f"<a href='{review}'>Not this…</a>" in page


def test_not_this_asks_first_then_removes_the_link_for_good(client, editor, post):
    client.force_login(editor)
    mention = post.mentions.get()
    review = reverse("admin:picks_post_mention", args=[post.pk, mention.pk])

    asked = client.get(review)
    assert "Not this: remove the link" in asked.content.decode()
    assert EMMA_LINK in Post.objects.get(pk=post.pk).body_html

    answered = client.post(review)
    assert answered.status_code == 302
    assert answered["Location"] == reverse("admin:picks_post_change", args=[post.pk])
    mention.refresh_from_db()
    assert (mention.is_rejected, mention.rejected_by) == (True, editor)
    post.refresh_from_db()
    assert EMMA_LINK not in post.body_html
    assert "no longer linked" in client.get(answered["Location"]).content.decode()

    post.save()
    assert EMMA_LINK not in Post.objects.get(pk=post.pk).body_html

    client.post(review)  # the same page restores it
    mention.refresh_from_db()
    assert not mention.is_rejected
    assert EMMA_LINK in Post.objects.get(pk=post.pk).body_html


def test_a_contributor_cannot_turn_down_a_mention_in_someone_elses_post(client, contributor, post):
    client.force_login(contributor)
    review = reverse("admin:picks_post_mention", args=[post.pk, post.mentions.get().pk])
    response = client.post(review)
    assert response.status_code in (302, 403)
    assert not post.mentions.get().is_rejected


def test_a_mention_of_another_post_is_not_found_through_this_one(client, editor, post):
    other = make_post(body="Nothing named.", author=make_user())
    client.force_login(editor)
    review = reverse("admin:picks_post_mention", args=[other.pk, post.mentions.get().pk])
    assert client.post(review).status_code == 404
