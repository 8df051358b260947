"""Creating a person in place from the film form's name boxes (cast rows, directors, writers)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from films.models import Person
from tests.factories import make_person, make_user

pytestmark = pytest.mark.django_db

URL = "/admin/films/person/create-in-place/"


def test_an_editor_creates_a_published_person_and_gets_their_id(client, editor):
    client.force_login(editor)
    response = client.post(URL, {"name": "  Miles   Teller "})
    assert response.status_code == 201
    person = Person.objects.get()
    assert (person.name, person.slug, person.is_published) == ("Miles Teller", "miles-teller", True)
    assert response.json() == {
        "id": str(person.pk),
        "text": "Miles Teller",
        "note": "",
        "published": True,
    }


def test_a_contributors_new_person_waits_for_review(client, contributor):
    client.force_login(contributor)
    response = client.post(URL, {"name": "Paul Reiser"})
    assert response.status_code == 201
    assert response.json()["note"] == " (waits for an editor's review)"
    assert Person.objects.get().is_published is False


def test_a_second_person_of_the_same_name_gets_their_own_address(client, editor):
    make_person(name="John Smith", slug="john-smith")
    make_person(name="John Smith", slug="john-smith-2")
    client.force_login(editor)
    client.post(URL, {"name": "John Smith"})
    assert Person.objects.filter(name="John Smith").count() == 3
    assert Person.objects.filter(slug="john-smith-3").exists()


def test_a_name_without_letters_for_a_slug_still_gets_one(client, editor):
    client.force_login(editor)
    assert client.post(URL, {"name": "周杰倫"}).status_code == 201
    assert Person.objects.get().slug == "person"


@pytest.mark.parametrize(
    ("name", "message"),
    [("   ", "This field is required."), ("x" * 201, "at most 200 characters")],
)
def test_a_bad_name_is_refused_with_what_to_fix(client, editor, name, message):
    client.force_login(editor)
    response = client.post(URL, {"name": name})
    assert response.status_code == 400
    assert message in response.json()["errors"]["name"][0]["message"]
    assert not Person.objects.exists()


def test_hostile_names_are_stored_as_text(client, editor):
    client.force_login(editor)
    response = client.post(URL, {"name": "<img src=x onerror=alert(1)>"})
    assert response.status_code == 201
    assert Person.objects.get().name == "<img src=x onerror=alert(1)>"
    assert response["Content-Type"] == "application/json"


def test_creating_needs_a_post_and_the_add_people_permission(client, reader):
    client.force_login(make_user(username="looker", is_staff=True))
    assert client.post(URL, {"name": "Anyone"}).status_code == 403
    client.force_login(reader)
    assert client.post(URL, {"name": "Anyone"}).status_code == 302  # to the admin login
    assert not Person.objects.exists()


def test_get_is_not_allowed(client, editor):
    client.force_login(editor)
    assert client.get(URL).status_code == 405


def test_creating_costs_a_few_queries_however_many_share_the_name(
    client, editor, django_assert_max_num_queries
):
    client.force_login(editor)
    for n in range(1, 20):
        make_person(name="Jane Doe", slug="jane-doe" if n == 1 else f"jane-doe-{n}")
    with django_assert_max_num_queries(14):  # session, user, permissions, slugs, the insert
        assert client.post(URL, {"name": "Jane Doe"}).status_code == 201
    assert Person.objects.filter(slug="jane-doe-20").exists()


def test_the_film_forms_name_boxes_offer_to_create(editor_client):
    html = editor_client.get(reverse("admin:films_film_add")).content.decode()
    assert html.count(f'data-create-url="{URL}"') >= 3  # directors, writers, the credit row
    autocomplete = html.index("admin/js/autocomplete.js")
    assert html.index("films/person_create.js") > autocomplete  # it wraps the admin's set-up
