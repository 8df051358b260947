"""The admin editors work in: every page opens, lists stay cheap, and mistakes get clear answers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from core.models import SiteSettings, SlugRedirect, SocialLink
from films.models import Credit, Film
from picks.models import Post
from reviews.models import Outlet, Score
from tests.admin_forms import POST_INLINES, empty_inlines, management_form
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

EDITORIAL_APPS = ["core", "films", "reviews", "picks", "taggit"]
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
FILM_INLINES = ("credits", "scores", "critic_quotes", "quotes", "nominations")


@pytest.fixture
def editor(db):
    """A staff member with every permission on the magazine's records, and nothing else."""
    user = make_user(username="editor", first_name="Edith", last_name="Tor", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=EDITORIAL_APPS))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


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


def film_form(**fields) -> dict[str, str]:
    data = {"title": "Whiplash", "slug": "whiplash", "release_date": "2014-10-10"}
    data.update(empty_inlines(*FILM_INLINES))
    data.update(fields)
    return data


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


def test_film_change_page_queries_do_not_grow_with_credits_and_scores(
    editor_client, django_assert_max_num_queries
):
    film = make_film()
    url = reverse("admin:films_film_change", args=[film.pk])
    make_credit(film=film)
    make_score(film=film)
    make_critic_quote(film=film)
    make_quote(film=film)
    with django_assert_max_num_queries(40) as few:
        assert editor_client.get(url).status_code == 200
    for _ in range(15):
        make_credit(film=film)
        make_score(film=film)
        make_critic_quote(film=film)
        make_quote(film=film)
        make_nomination(film=film, person=make_person())
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert editor_client.get(url).status_code == 200


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


def test_each_inline_row_shows_its_own_person(editor_client):
    film = make_film()
    make_credit(film=film, person=make_person(name="Emma Stone"), character="Mia")
    make_credit(film=film, person=make_person(name="Ryan Gosling"), character="Sebastian")
    response = editor_client.get(reverse("admin:films_film_change", args=[film.pk]))
    credits = next(
        formset.formset
        for formset in response.context["inline_admin_formsets"]
        if formset.formset.prefix == "credits"
    )
    rendered = {form["character"].value(): str(form["person"]) for form in credits.forms}
    assert "Emma Stone</option>" in rendered["Mia"] and "Ryan" not in rendered["Mia"]
    assert "Ryan Gosling</option>" in rendered["Sebastian"] and "Emma" not in rendered["Sebastian"]


def test_changelists_show_thumbnails_without_inline_styles(editor_client):
    make_film(title="Poster film", poster=image_file("p.png"), poster_alt="A poster")
    html = editor_client.get(reverse("admin:films_film_changelist")).content.decode()
    assert 'class="admin-thumbnail"' in html
    assert "/media/posters/" in html
    assert "core/admin.css" in html
    assert "style=" not in html.split('id="changelist"', 1)[1]


def test_refused_film_delete_shows_the_protected_objects_page(editor_client):
    credit = make_credit(character="Sebastian")
    film = credit.film
    response = editor_client.post(
        reverse("admin:films_film_delete", args=[film.pk]), {"post": "yes"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "would require deleting the following protected related objects" in html
    assert "Sebastian" in html
    assert Film.objects.filter(pk=film.pk).exists()
    assert Credit.objects.filter(pk=credit.pk).exists()


def test_refused_bulk_delete_of_a_film_a_post_is_about_keeps_it(editor_client):
    film = make_film()
    post = make_post(films=[film], title="Why this film")
    response = editor_client.post(
        reverse("admin:films_film_changelist"),
        {"action": "delete_selected", "_selected_action": [film.pk], "post": "yes"},
    )
    assert response.status_code == 200
    assert "protected" in response.content.decode()
    assert Film.objects.filter(pk=film.pk).exists()
    assert post.films.filter(pk=film.pk).exists()


def test_out_of_range_score_in_the_film_inline_names_the_outlets_range(editor_client):
    metacritic = make_outlet(name="Metacritic", slug="metacritic", scale=Outlet.Scale.HUNDRED)
    data = film_form(
        **management_form("scores", total=1),
        **{"scores-0-outlet": str(metacritic.pk), "scores-0-value": "120"},
    )
    response = editor_client.post(reverse("admin:films_film_add"), data)
    assert response.status_code == 200
    score_formset = next(
        formset.formset
        for formset in response.context["inline_admin_formsets"]
        if formset.formset.prefix == "scores"
    )
    assert score_formset.forms[0].errors["value"] == [
        "Metacritic scores run from 0 to 100; 120 is outside that range."
    ]
    assert response.context["adminform"].form["title"].value() == "Whiplash"
    assert not Film.objects.filter(slug="whiplash").exists()
    assert not Score.objects.exists()


def test_film_added_with_credits_scores_and_quotes_in_one_go(editor_client):
    person = make_person(name="Miles Teller")
    outlet = make_outlet(scale=Outlet.Scale.TEN)
    data = film_form(
        **management_form("credits", total=1),
        **management_form("scores", total=1),
        **management_form("quotes", total=1),
        **{
            "credits-0-person": str(person.pk),
            "credits-0-role": "cast",
            "credits-0-character": "Andrew",
            "credits-0-billing_order": "1",
            "scores-0-outlet": str(outlet.pk),
            "scores-0-value": "8.5",
            "quotes-0-text": "Not quite my tempo.",
            "quotes-0-order": "0",
        },
    )
    response = editor_client.post(reverse("admin:films_film_add"), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    film = Film.objects.get(slug="whiplash")
    assert film.credits.get().character == "Andrew"
    assert film.scores.get().normalized == Decimal("85.0")
    assert film.quotes.get().text == "Not quite my tempo."


def test_the_same_cast_row_twice_is_a_form_error_not_a_crash(editor_client):
    person = make_person()
    row = {"person": str(person.pk), "role": "cast", "character": "Mia", "billing_order": "1"}
    data = film_form(**management_form("credits", total=2))
    for index in range(2):
        data.update({f"credits-{index}-{key}": value for key, value in row.items()})
    response = editor_client.post(reverse("admin:films_film_add"), data)
    assert response.status_code == 200
    assert "The same person is listed twice" in response.content.decode()
    assert not Film.objects.filter(slug="whiplash").exists()


def test_crew_credit_without_a_job_says_what_to_fill_in(editor_client):
    person = make_person()
    data = film_form(
        **management_form("credits", total=1),
        **{
            "credits-0-person": str(person.pk),
            "credits-0-role": "crew",
            "credits-0-billing_order": "1",
        },
    )
    response = editor_client.post(reverse("admin:films_film_add"), data)
    assert response.status_code == 200
    assert "Say what this crew member did" in response.content.decode()


def test_negative_budget_gets_one_clear_message_on_the_field(editor_client):
    response = editor_client.post(reverse("admin:films_film_add"), film_form(budget_usd="-5"))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["budget_usd"] == ["Money figures cannot be negative."]
    assert not form.non_field_errors()


def test_renamed_text_file_as_poster_gets_a_message_that_says_what_is_wrong(editor_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("poster.jpg", b"just some words", content_type="image/jpeg")
    response = editor_client.post(
        reverse("admin:films_film_add"), film_form(poster=fake, poster_alt="A poster")
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["poster"] == [
        "This file is not an image we can read. Upload a JPEG, PNG or WebP."
    ]
    assert not Film.objects.filter(slug="whiplash").exists()


def test_poster_upload_is_stored_through_the_storage_api(editor_client):
    response = editor_client.post(
        reverse("admin:films_film_add"),
        film_form(poster=image_file("whiplash.png"), poster_alt="A drummer"),
    )
    assert response.status_code == 302
    film = Film.objects.get(slug="whiplash")
    assert film.poster.name.startswith("posters/whiplash")
    assert film.poster.storage.exists(film.poster.name)


def test_malformed_changelist_filter_is_not_a_server_error(editor_client):
    response = editor_client.get(reverse("admin:films_film_changelist"), {"decade": "abc"})
    assert response.status_code == 200
    response = editor_client.get(reverse("admin:films_film_changelist"), {"bogus": "1"})
    assert response.status_code in (200, 302)


def test_decade_filter_lists_only_that_decades_films(editor_client):
    from datetime import date

    make_film(title="Casablanca", release_date=date(1942, 11, 26))
    make_film(title="Whiplash", release_date=date(2014, 10, 10))
    response = editor_client.get(reverse("admin:films_film_changelist"), {"decade": "2010"})
    html = response.content.decode()
    assert "Whiplash" in html and "Casablanca" not in html


def test_person_page_shows_the_filmography_read_only(editor_client):
    person = make_person(name="Ryan Gosling")
    make_credit(person=person, film=make_film(title="Drive"), character="Driver")
    make_credit(person=person, film=make_film(title="La La Land"), character="Sebastian")
    response = editor_client.get(reverse("admin:films_person_change", args=[person.pk]))
    html = response.content.decode()
    assert "Sebastian" in html and "Driver" in html
    assert "La La Land" in html and "/admin/films/film/" in html
    assert 'name="credits-0-character"' not in html  # shown, not editable here


def test_person_with_credits_cannot_be_deleted(editor_client):
    credit = make_credit()
    response = editor_client.post(
        reverse("admin:films_person_delete", args=[credit.person.pk]), {"post": "yes"}
    )
    assert response.status_code == 200
    assert "protected" in response.content.decode()
    credit.person.refresh_from_db()


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


def test_new_post_is_signed_by_the_editor_who_wrote_it(editor_client, editor):
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
    assert post.author == editor
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
    assert "protected" in response.content.decode()
    post.refresh_from_db()


def test_site_settings_is_one_row_that_cannot_be_added_twice_or_deleted(editor_client):
    row = SiteSettings.load()
    response = editor_client.get(reverse("admin:core_sitesettings_changelist"))
    assert response.status_code == 302
    assert response.url == reverse("admin:core_sitesettings_change", args=[row.pk])
    assert editor_client.get(reverse("admin:core_sitesettings_add")).status_code == 403
    delete = reverse("admin:core_sitesettings_delete", args=[row.pk])
    assert editor_client.post(delete, {"post": "yes"}).status_code == 403
    assert SiteSettings.objects.count() == 1


def test_site_settings_edits_footer_text_and_social_links(editor_client):
    row = SiteSettings.load()
    data = {
        "about_text": "A magazine about films worth your evening.",
        "follow_text": "Follow us.",
        **management_form("social_links", total=1),
        "social_links-0-label": "Mastodon",
        "social_links-0-url": "https://mastodon.test/@marquee",
        "social_links-0-order": "0",
    }
    response = editor_client.post(reverse("admin:core_sitesettings_change", args=[row.pk]), data)
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.about_text == "A magazine about films worth your evening."
    assert [link.label for link in row.social_links.all()] == ["Mastodon"]


def test_slug_redirects_are_listed_but_not_editable(editor_client):
    film = make_film(slug="old-title")
    film.slug = "new-title"
    film.save()
    redirect = SlugRedirect.objects.get()
    response = editor_client.get(reverse("admin:core_slugredirect_changelist"))
    html = response.content.decode()
    assert "old-title" in html
    assert reverse("admin:films_film_change", args=[film.pk]) in html
    assert editor_client.get(reverse("admin:core_slugredirect_add")).status_code == 403
    change = editor_client.get(reverse("admin:core_slugredirect_change", args=[redirect.pk]))
    assert 'name="old_slug"' not in change.content.decode()


def test_staff_without_permissions_cannot_open_the_film_list(db, client):
    client.force_login(make_user(is_staff=True))
    assert client.get(reverse("admin:films_film_changelist")).status_code == 403


def test_hostile_titles_are_escaped_in_the_changelist(editor_client):
    make_film(title="<script>alert(1)</script>")
    html = editor_client.get(reverse("admin:films_film_changelist")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
