"""The demo shows what film readers expect: verdicts, named writers, where to watch (marked
illustrative), full awards records and film facts."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from films.models import Availability, Film
from picks.demo import read_demo_data
from picks.models import AuthorProfile, Post
from picks.workflow import best_pick_problems

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())


def test_every_best_pick_carries_our_verdict_and_could_be_published(demo):
    picks = Post.objects.filter(section__slug="best-pick")
    assert picks.count() >= 3
    for post in picks:
        assert post.rating is not None and post.verdict, post.slug
    for post in picks.published():
        assert best_pick_problems(post=post, film_count=post.film_links.count()) == {}, post.slug


def test_at_least_two_named_writers_with_bios_drawn_portraits_and_posts(demo, media_root):
    writers = AuthorProfile.objects.all()
    assert writers.count() >= 2
    for writer in writers:
        assert writer.bio and "fictional" in writer.bio.lower()
        assert writer.photo and (media_root / writer.photo.name).exists()
        assert writer.photo_alt.startswith("Name card for")
        assert Post.objects.published().filter(author=writer.user).exists()
        assert not writer.user.has_usable_password()


def test_availability_for_six_films_is_marked_illustrative_and_dated(demo):
    data = read_demo_data()["availability"]
    assert data["illustrative"] is True and data["checked_on"]
    films = Film.objects.filter(availability__isnull=False).distinct()
    assert films.count() >= 6
    for entry in Availability.objects.all():
        assert entry.checked_on and (not entry.link or entry.link.startswith("https://example."))


@pytest.mark.parametrize(
    ("slug", "nominations", "wins"),
    [("la-la-land", 14, 6), ("whiplash", 5, 3), ("moonlight", 8, 3)],
)
def test_full_nominations_for_the_three_award_films(demo, client, slug, nominations, wins):
    film = Film.objects.get(slug=slug)
    assert film.nominations.count() == nominations
    assert film.nominations.filter(won=True).count() == wins
    html = client.get(film.get_absolute_url()).content.decode()
    assert html.count('<th scope="row">') == nominations


def test_every_film_has_certificate_language_and_countries(demo):
    for film in Film.objects.filter(slug__in=[row["slug"] for row in read_demo_data()["films"]]):
        assert film.certificate and film.certificate_body, film.slug
        assert film.original_language and film.country_list, film.slug
