"""Our verdict: a Best Pick's rating (out of 5, in half steps) and one-line verdict, checked by the
database and the form, required to publish, and shown on cards, in the post and in its JSON-LD."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from picks.models import Post
from picks.workflow import post_publish
from tests.factories import image_file, make_film, make_post, make_section
from tests.picks.test_discovery import by_type, json_ld
from tests.picks.test_roles import change_url, post_form

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


@pytest.fixture
def best_pick():
    return make_section(name="Best Pick", slug="best-pick")


@pytest.mark.parametrize("rating", ["0", "5.5", "3.3", "-1"])
def test_the_database_refuses_a_rating_off_the_half_steps(rating):
    post = make_post()
    post.rating = Decimal(rating)
    with pytest.raises(IntegrityError), transaction.atomic():
        post.save(update_fields=["rating"])


@pytest.mark.parametrize("rating", ["0.5", "3", "4.5", "5"])
def test_the_database_keeps_a_rating_in_half_steps(rating):
    post = make_post(rating=Decimal(rating))
    post.refresh_from_db()
    assert post.rating == Decimal(rating)


def test_the_post_form_says_what_a_rating_may_be(client, editor):
    post = make_post(status=Post.Status.DRAFT)
    client.force_login(editor)
    data = post_form(post=post, rating="3.3", verdict="Nearly there.")
    response = client.post(change_url(post), data)
    assert response.status_code == 200
    assert "Our rating is out of 5, in half steps" in response.content.decode()
    post.refresh_from_db()
    assert post.rating is None


def test_a_best_pick_without_our_verdict_cannot_be_published(editor, best_pick):
    post = make_post(
        section=best_pick,
        status=Post.Status.DRAFT,
        films=[make_film()],
        hero_image=image_file("hero.png"),
        hero_image_alt="A banner",
    )
    with pytest.raises(ValidationError) as error:
        post_publish(post=post, by=editor)
    assert "needs our rating" in str(error.value) and "one-line verdict" in str(error.value)

    post.rating, post.verdict = Decimal("4.5"), "A musical that knows what dreams cost."
    post.save()
    assert post_publish(post=post, by=editor).is_live


def test_other_sections_publish_without_a_verdict(editor):
    post = make_post(status=Post.Status.DRAFT)
    assert post_publish(post=post, by=editor).is_live


def test_the_verdict_shows_on_cards_and_in_the_post(client, best_pick):
    post = make_post(
        section=best_pick, rating=Decimal("4.5"), verdict="Here's to the fools who dream."
    )
    for url in ("/", best_pick.get_absolute_url(), post.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "Our verdict" in html, url
        assert '<span class="verdict__stars" aria-hidden="true">★★★★½</span>' in html, url
        assert "4.5 out of 5" in html and "Here&#x27;s to the fools who dream." in html, url


def test_a_whole_rating_reads_without_a_decimal(client):
    post = make_post(rating=Decimal("4"), verdict="Solid.")
    html = client.get(post.get_absolute_url()).content.decode()
    assert "4 out of 5" in html and "★★★★<" in html


def test_a_post_without_a_rating_shows_no_verdict(client):
    post = make_post()
    assert "Our verdict" not in client.get(post.get_absolute_url()).content.decode()


def test_the_review_json_ld_carries_our_rating(client, best_pick):
    film = make_film(title="Heat")
    post = make_post(section=best_pick, films=[film], rating=Decimal("3.5"), verdict="Long, good.")
    review = by_type(json_ld(client.get(post.get_absolute_url()).content.decode()), "Review")
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 3.5,
        "bestRating": 5,
        "worstRating": 0.5,
    }


def test_a_review_without_a_rating_has_no_review_rating(client, best_pick):
    post = make_post(section=best_pick, films=[make_film()])
    review = by_type(json_ld(client.get(post.get_absolute_url()).content.decode()), "Review")
    assert "reviewRating" not in review
