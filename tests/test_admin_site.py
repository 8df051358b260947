"""The admin as a whole: every page opens for an editor, lists stay cheap, hostile text is
escaped, and staff without permissions are kept out."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from core.models import SiteSettings, SocialLink
from tests.factories import (
    image_file,
    make_credit,
    make_critic_quote,
    make_film,
    make_genre,
    make_nomination,
    make_outlet,
    make_person,
    make_post,
    make_quote,
    make_score,
    make_section,
    make_user,
)

OUR_MODELS = {
    "Genre",
    "Person",
    "Film",
    "Credit",
    "Quote",
    "AwardNomination",
    "Outlet",
    "Score",
    "CriticQuote",
    "Section",
    "Post",
    "SiteSettings",
    "SlugRedirect",
}


@pytest.fixture
def one_of_everything(db):
    film = make_film(
        title="La La Land",
        slug="la-la-land-draft",
        poster=image_file("poster.png"),
        poster_alt="Two dancers against a violet sky",
        genres=[make_genre(name="Musical", slug="musical")],
        tags=["jazz"],
    )
    film.slug = "la-la-land"
    film.save()  # leaves a SlugRedirect behind
    person = make_person(name="Emma Stone", slug="emma-stone")
    make_credit(film=film, person=person, character="Mia")
    make_quote(film=film, person=person, character="Mia")
    make_nomination(film=film, person=person, category="Best Actress", won=True)
    metacritic = make_outlet(name="Metacritic", slug="metacritic")
    make_score(film=film, outlet=metacritic, value=Decimal("93"))
    make_critic_quote(film=film, outlet=metacritic)
    make_post(films=[film], section=make_section(name="Best Pick", slug="best-pick"))
    settings_row = SiteSettings.load()
    SocialLink.objects.create(site_settings=settings_row, label="Mastodon", url="https://a.test/")
    return film


def test_editor_can_open_every_changelist_add_and_change_page(editor_client, one_of_everything):
    index = editor_client.get(reverse("admin:index"))
    assert index.status_code == 200
    listed = [model for app in index.context["app_list"] for model in app["models"]]
    assert OUR_MODELS <= {model["object_name"] for model in listed}

    failures = []
    for entry in listed:
        urls = [entry["admin_url"]]
        if entry.get("add_url"):
            urls.append(entry["add_url"])
        first = entry["model"]._default_manager.order_by("pk").first()
        if first is not None:
            meta = entry["model"]._meta
            urls.append(
                reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk])
            )
        elif entry["object_name"] in OUR_MODELS:
            failures.append(f"{entry['object_name']}: no record to open")
        for url in urls:
            response = editor_client.get(url, follow=True)
            if response.status_code != 200:
                failures.append(f"{url}: {response.status_code}")
    assert failures == []


@pytest.mark.parametrize(
    ("url_name", "make_rows"),
    [
        ("admin:films_film_changelist", lambda n: [make_score() for _ in range(n)]),
        ("admin:films_person_changelist", lambda n: [make_credit() for _ in range(n)]),
        ("admin:films_credit_changelist", lambda n: [make_credit() for _ in range(n)]),
        ("admin:films_quote_changelist", lambda n: [make_quote() for _ in range(n)]),
        ("admin:films_awardnomination_changelist", lambda n: [make_nomination() for _ in range(n)]),
        ("admin:reviews_score_changelist", lambda n: [make_score() for _ in range(n)]),
        ("admin:reviews_criticquote_changelist", lambda n: [make_critic_quote() for _ in range(n)]),
        ("admin:reviews_outlet_changelist", lambda n: [make_score() for _ in range(n)]),
        (
            "admin:picks_post_changelist",
            lambda n: [make_post(films=[make_film()]) for _ in range(n)],
        ),
        ("admin:picks_section_changelist", lambda n: [make_post() for _ in range(n)]),
    ],
)
def test_changelist_queries_do_not_grow_with_rows(
    editor_client, django_assert_max_num_queries, url_name, make_rows
):
    make_rows(2)
    with django_assert_max_num_queries(20) as few:
        assert editor_client.get(reverse(url_name)).status_code == 200
    make_rows(25)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert editor_client.get(reverse(url_name)).status_code == 200


def test_changelists_show_thumbnails_without_inline_styles(editor_client):
    make_film(title="Poster film", poster=image_file("p.png"), poster_alt="A poster")
    html = editor_client.get(reverse("admin:films_film_changelist")).content.decode()
    assert 'class="admin-thumbnail"' in html
    assert "/media/posters/" in html
    assert "core/admin.css" in html
    assert "style=" not in html.split('id="changelist"', 1)[1]


def test_malformed_changelist_filter_is_not_a_server_error(editor_client):
    response = editor_client.get(reverse("admin:films_film_changelist"), {"decade": "abc"})
    assert response.status_code == 200
    response = editor_client.get(reverse("admin:films_film_changelist"), {"bogus": "1"})
    assert response.status_code == 302  # Django's admin drops an unknown filter: ?e=1
    assert response.url.endswith("?e=1")


def test_staff_without_permissions_cannot_open_the_film_list(db, client):
    client.force_login(make_user(is_staff=True))
    assert client.get(reverse("admin:films_film_changelist")).status_code == 403


def test_hostile_titles_are_escaped_in_the_changelist(editor_client):
    make_film(title="<script>alert(1)</script>")
    html = editor_client.get(reverse("admin:films_film_changelist")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
