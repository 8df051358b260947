"""The comment form on a page the cache shares: its per-view tokens come afterwards, from the
token endpoint (with scripts) or a send-again step (without), and nothing is stored without a
valid token."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from core.models import SiteSettings
from picks.models import Comment, Post
from tests.factories import make_comment, make_post
from tests.picks.test_comments import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache", "page_cache_on")]


@pytest.fixture
def page_cache_on(settings):
    settings.MARQUEE_PAGE_CACHE = True


@pytest.fixture
def post() -> Post:
    SiteSettings.load()
    post = make_post(title="Whiplash, tempo and fear")
    make_comment(post=post, body="Not quite my tempo.")
    return post


def hidden(html: str, name: str) -> list[str]:
    return re.findall(rf'name="{name}" value="([^"]*)"', html)


def csrf_client() -> Client:
    return Client(enforce_csrf_checks=True)


def test_the_shared_page_carries_no_per_view_token(post):
    html = Client().get(post.get_absolute_url()).content.decode()
    assert hidden(html, "csrfmiddlewaretoken") == ["", ""]  # the form and the flag button
    assert hidden(html, "started") == [""]
    assert reverse("picks:comment_tokens", args=[post.slug]) in html
    assert "picks/comment_tokens.js" in html


def test_staff_get_the_tokens_in_the_page(editor_client, post):
    html = editor_client.get(post.get_absolute_url()).content.decode()
    assert all(hidden(html, "csrfmiddlewaretoken"))
    assert all(hidden(html, "started"))


def test_the_token_endpoint_gives_a_fresh_pair_that_posts_a_comment(post):
    reader = csrf_client()
    reader.get(post.get_absolute_url())  # cached copy
    html = Client().get(post.get_absolute_url()).content.decode()
    assert hidden(html, "started") == [""]
    response = reader.get(reverse("picks:comment_tokens", args=[post.slug]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    tokens = response.json()
    assert tokens["csrf"] and tokens["started"]
    assert tokens != reader.get(reverse("picks:comment_tokens", args=[post.slug])).json()
    data = form_data(post, csrfmiddlewaretoken=tokens["csrf"], started=tokens["started"])
    data["started"] = form_data(post)["started"]  # opened ten seconds ago, not just now
    sent = reader.post(reverse("picks:comment_create", args=[post.slug]), data)
    assert sent.status_code == 303
    assert Comment.objects.filter(body="The epilogue broke my heart.").exists()


def test_a_new_comment_approved_at_once_shows_on_the_cached_page(post):
    url = post.get_absolute_url()
    Client().get(url)
    make_comment(post=post, body="Rushing or dragging?")
    assert "Rushing or dragging?" in Client().get(url).content.decode()


def test_without_scripts_the_comment_comes_back_to_be_sent_again(post):
    reader = csrf_client()
    html = reader.get(post.get_absolute_url()).content.decode()
    data = form_data(post, comment="Typed with scripts off.", started="")
    data["csrfmiddlewaretoken"] = hidden(html, "csrfmiddlewaretoken")[0]  # empty
    response = reader.post(reverse("picks:comment_create", args=[post.slug]), data)
    assert response.status_code == 403
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "Your comment was not sent yet" in page
    assert "Typed with scripts off." in page
    assert not Comment.objects.filter(body="Typed with scripts off.").exists()
    # The step's form is this reader's own: both tokens filled, and it sends the comment.
    again = {
        **data,
        "csrfmiddlewaretoken": hidden(page, "csrfmiddlewaretoken")[0],
        "started": form_data(post)["started"],
    }
    assert again["csrfmiddlewaretoken"]
    assert hidden(page, "started")[0]
    sent = reader.post(reverse("picks:comment_create", args=[post.slug]), again)
    assert sent.status_code == 303
    assert Comment.objects.filter(body="Typed with scripts off.").exists()


@pytest.mark.parametrize("token", ["", "forged-token-value-of-the-right-length-000000000000000000"])
def test_a_post_without_a_valid_csrf_token_never_stores_a_comment(post, token):
    reader = csrf_client()
    reader.get(reverse("picks:comment_tokens", args=[post.slug]))  # has a cookie, not the token
    data = form_data(post, comment="Forged or stale.", csrfmiddlewaretoken=token)
    response = reader.post(reverse("picks:comment_create", args=[post.slug]), data)
    assert response.status_code == 403
    assert not Comment.objects.filter(body="Forged or stale.").exists()


def test_a_post_without_a_valid_started_token_never_stores_a_comment(post):
    reader = csrf_client()
    tokens = reader.get(reverse("picks:comment_tokens", args=[post.slug])).json()
    data = form_data(post, comment="No start.", csrfmiddlewaretoken=tokens["csrf"], started="x")
    response = reader.post(reverse("picks:comment_create", args=[post.slug]), data)
    assert response.status_code == 400
    assert not Comment.objects.filter(body="No start.").exists()


def test_a_flag_without_a_token_asks_again_on_a_page_of_its_own(post):
    comment = post.comments.get()
    reader = csrf_client()
    response = reader.post(reverse("picks:comment_flag", args=[comment.pk]))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Press Flag again" in html
    assert all(hidden(html, "csrfmiddlewaretoken"))
    comment.refresh_from_db()
    assert comment.flag_count == 0


def test_no_tokens_for_a_post_readers_cannot_see(db):
    draft = make_post(status=Post.Status.DRAFT)
    assert Client().get(reverse("picks:comment_tokens", args=[draft.slug])).status_code == 404
