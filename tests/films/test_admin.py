"""The films admin: the film form with its inlines, people, and clear answers to mistakes."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from films.models import Credit, Film
from reviews.models import Outlet, Score
from tests.admin_forms import empty_inlines, management_form
from tests.factories import (
    image_file,
    make_credit,
    make_critic_quote,
    make_film,
    make_nomination,
    make_outlet,
    make_person,
    make_post,
    make_quote,
    make_score,
)

FILM_INLINES = ("credits", "scores", "critic_quotes", "quotes", "nominations", "availability")


def film_form(**fields) -> dict[str, str]:
    data = {"title": "Whiplash", "slug": "whiplash", "release_date": "2014-10-10"}
    data.update(empty_inlines(*FILM_INLINES))
    data.update(fields)
    return data


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


def test_directors_and_writers_are_fields_of_the_film_form_stored_as_credits(editor_client):
    first, second, writer = make_person(name="Lana"), make_person(name="Lilly"), make_person()
    data = film_form(directors=[str(second.pk), str(first.pk)], writers=[str(writer.pk)])
    response = editor_client.post(reverse("admin:films_film_add"), data)
    assert response.status_code == 302
    film = Film.objects.get(slug="whiplash")
    directors = film.credits.directors().order_by("billing_order")
    assert [credit.person for credit in directors] == [second, first]  # in the order chosen
    assert film.credits.get(job=Credit.Job.SCREENPLAY).person == writer

    change = reverse("admin:films_film_change", args=[film.pk])
    html = editor_client.get(change).content.decode()
    assert 'name="credits-TOTAL_FORMS" value="0"' in html  # no Crew rows for them
    assert f'<option value="{second.pk}" selected>Lilly</option>' in html
    editor_client.post(change, film_form(directors=[str(first.pk)]))
    assert [c.person for c in film.credits.directors()] == [first]
    assert not film.credits.filter(job=Credit.Job.SCREENPLAY).exists()
