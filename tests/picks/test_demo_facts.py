"""The demo's own facts, as corrected after a fact-check against published sources: each one is
checked on the loaded demo and, where readers see it, on the page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from django.urls import reverse

from core.models import SocialLink
from films.models import Film, Quote
from picks.demo import DATA_FILE, DemoDataError, demo_load, read_demo_data
from picks.demo.editorial import is_reserved_address
from picks.models import Post
from reviews.models import CriticQuote
from tests.asserts import text_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_magazine")]


def test_whiplash_runs_106_minutes(client):
    assert Film.objects.get(slug="whiplash").runtime_minutes == 106
    assert "1 h 46 min" in text_of(client.get(reverse("films:film_detail", args=["whiplash"])))


def test_la_la_land_box_office_is_shown_with_its_source_and_date(client):
    film = Film.objects.get(slug="la-la-land")
    assert film.box_office_usd == 472_000_000  # Box Office Mojo: $151.1M + $320.9M
    assert film.box_office_source == "https://www.boxofficemojo.com/title/tt3783958/"

    response = client.get(film.get_absolute_url())

    html = response.content.decode()
    assert f'href="{film.box_office_source}"' in html
    assert f'<time datetime="{film.box_office_as_of:%Y-%m-%d}">' in html
    text = re.sub(r"\s+,", ",", text_of(response))
    assert f"$472 million, boxofficemojo.com, as of {film.box_office_as_of:%-d %B %Y}" in text
    assert "446.1" not in text


def test_every_box_office_figure_in_the_data_names_its_source_and_date():
    films = Film.objects.filter(box_office_usd__isnull=False)
    assert films.exists()
    for film in films:
        assert film.box_office_source.startswith("https://"), film.slug
        assert film.box_office_as_of is not None, film.slug


def test_the_joined_sebastian_line_is_two_separate_quotes():
    texts = list(Quote.objects.filter(film__slug="la-la-land").values_list("text", flat=True))
    assert "This is the dream!" in texts
    assert any("it's conflict and it's compromise" in text for text in texts)
    assert not [t for t in texts if "dream" in t and "compromise" in t]
    # A cut is marked with an ellipsis, never recapitalised.
    mia = Quote.objects.get(film__slug="la-la-land", character="Mia Dolan")
    assert mia.text.startswith("…people love")


def test_every_critic_quote_cites_its_review_on_every_page_that_shows_it(client):
    quotes = list(CriticQuote.objects.all())
    assert quotes
    for quote in quotes:
        assert quote.link.startswith("https://"), quote
        film_page = client.get(quote.film.get_absolute_url()).content.decode()
        assert f'href="{quote.link}"' in film_page
    for post in Post.objects.published().filter(featured_critic_quotes__isnull=False).distinct():
        page = client.get(post.get_absolute_url()).content.decode()
        for quote in post.featured_critic_quotes.all():
            assert f'href="{quote.link}"' in page, post.slug


def test_social_links_are_on_reserved_example_domains(client):
    links = list(SocialLink.objects.all())
    assert links
    footer = client.get("/").content.decode()
    for link in links:
        assert is_reserved_address(link.url), link.url
        assert f'href="{link.url}"' in footer
    assert "instagram.com" not in footer and "bsky.app/profile" not in footer


def test_the_about_text_and_the_data_file_say_the_magazine_is_fiction(client):
    about = text_of(client.get("/"))
    assert "demo content" in about and "its history" in about and "are fiction" in about
    header = DATA_FILE.read_text(encoding="utf-8").split("\neditor:")[0]
    assert "FICTION" in header and "retired in 2021" in header and "our first choice" in header


def test_musical_is_a_genre_not_a_duplicate_tag():
    for slug in ("la-la-land", "singin-in-the-rain", "chicago"):
        film = Film.objects.get(slug=slug)
        assert film.genres.filter(slug="musical").exists()
        assert "musical" not in {name.lower() for name in film.tags.names()}, slug
    for post in Post.objects.all():
        assert "musical" not in {name.lower() for name in post.tags.names()}, post.slug


def test_the_corrected_sentences_in_the_posts():
    pick = Post.objects.get(slug="la-la-land-here-is-to-the-dreamers")
    assert "about $472 million" in pick.body and "446.1" not in pick.body

    ending = Post.objects.get(slug="la-la-land-ending-explained").body
    assert "dialogue-free" not in ending
    assert "Welcome to Seb's" in ending and "imagined life plays without a word" in ending

    hollywood = Post.objects.get(slug="hollywood-on-hollywood").body
    assert "flower pots" not in hollywood
    assert "in a bush and then in a corsage" in hollywood
    assert "All three, though, end in the same place" not in hollywood
    assert "only *Babylon* ends in the dark" in hollywood


def test_the_film_admin_edits_the_box_office_source_and_date_beside_the_figure(admin_client):
    film = Film.objects.get(slug="la-la-land")
    html = admin_client.get(reverse("admin:films_film_change", args=[film.pk])).content.decode()
    figure, as_of, source = (
        html.index(f'name="{name}"')
        for name in ("box_office_usd", "box_office_as_of", "box_office_source")
    )
    assert figure < as_of < source
    assert f'value="{film.box_office_source}"' in html


def write_changed_data(tmp_path: Path, change) -> Path:
    data = read_demo_data()
    change(data)
    path = tmp_path / "demo.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def unsourced_box_office(data) -> None:
    data["films"][0].pop("box_office_source")


def critic_quote_without_link(data) -> None:
    data["films"][0]["critic_quotes"][0].pop("link")


def social_link_on_a_real_service(data) -> None:
    data["site_settings"]["social_links"][0]["url"] = "https://www.instagram.com/someone/"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (unsourced_box_office, "box_office_source"),
        (critic_quote_without_link, "`link` of its review"),
        (social_link_on_a_real_service, "reserved example domain"),
    ],
)
def test_the_loader_refuses_an_unsourced_figure_quote_or_a_real_social_handle(
    tmp_path, change, message
):
    with pytest.raises(DemoDataError, match=message):
        demo_load(path=write_changed_data(tmp_path, change), dry_run=True)
