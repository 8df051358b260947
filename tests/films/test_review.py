"""Review of contributors' records: a film or person a contributor adds stays off every reader
page (its own page, lists, search, sitemap, feeds, cards, cast lists, filmographies,
recommendations) until an editor publishes it."""

from __future__ import annotations

import json
import re
from urllib.parse import urlparse

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from films.models import Credit, Film, Person
from films.recommendations import compute_recommendations
from films.review import records_set_published
from tests.admin_forms import empty_inlines
from tests.asserts import sitemap_entries, text_of
from tests.factories import make_credit, make_film, make_person, make_post, make_score

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

FILM_INLINES = ("credits", "scores", "critic_quotes", "quotes", "nominations", "availability")


@pytest.fixture
def catalogue():
    """A published film and person, each with an unpublished counterpart tied to them: the
    hidden film shares a star, a genre-free tag and a post with the published one."""
    shown = make_film(title="Shown Film", slug="shown-film", synopsis="Lighthouse keepers.")
    hidden = make_film(
        title="Hidden Gem",
        slug="hidden-gem",
        synopsis="Lighthouse smugglers.",
        tags=["lighthouse"],
        is_published=False,
    )
    shown.tags.set(["lighthouse"])
    for film in (shown, hidden):  # the front page lists top-rated films: two outlets each
        make_score(film=film)
        make_score(film=film)
    star = make_person(name="Stella Star", slug="stella-star")
    newcomer = make_person(
        name="Nell Newcomer", slug="nell-newcomer", bio="Lighthouse fan.", is_published=False
    )
    make_credit(film=shown, person=star, character="Keeper", billing_order=1)
    make_credit(film=hidden, person=star, character="Smuggler", billing_order=1)
    make_credit(film=shown, person=newcomer, character="Gull", billing_order=2)
    make_credit(film=shown, person=newcomer, role=Credit.Role.CREW, job=Credit.Job.MUSIC)
    post = make_post(
        title="Two films about the sea",
        slug="two-films",
        standfirst="Why the coast.",
        films=[hidden, shown],
    )
    return {"shown": shown, "hidden": hidden, "star": star, "newcomer": newcomer, "post": post}


# Their own pages


def test_an_unpublished_film_or_person_page_answers_404_to_readers(client, reader, catalogue):
    for user in (None, reader):
        if user:
            client.force_login(user)
        assert client.get("/films/hidden-gem/").status_code == 404
        assert client.get("/people/nell-newcomer/").status_code == 404
    assert client.get("/films/shown-film/").status_code == 200


def test_staff_preview_a_record_waiting_for_review_with_a_banner_never_cached(
    editor_client, catalogue
):
    response = editor_client.get("/films/hidden-gem/")
    assert response.status_code == 200
    assert "Waiting for an editor's review — readers can't see this film yet." in text_of(response)
    assert "no-store" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex">' in response.content.decode()
    person = editor_client.get("/people/nell-newcomer/")
    assert "readers can't see this person yet" in text_of(person)


def test_a_published_page_has_no_banner(editor_client, catalogue):
    response = editor_client.get("/films/shown-film/")
    assert "Waiting for an editor's review" not in text_of(response)
    assert "noindex" not in response.content.decode()


# Lists, search, sitemap, feeds


def test_film_list_home_and_tag_page_leave_out_unpublished_films(client, catalogue):
    for path in ("/films/", "/", "/tags/lighthouse/"):
        text = text_of(client.get(path))
        assert "Shown Film" in text, path
        assert "Hidden Gem" not in text, path


def test_search_finds_no_unpublished_film_or_person(client, catalogue):
    text = text_of(client.get("/search/", {"q": "lighthouse"}))
    assert "Shown Film" in text
    assert "Hidden Gem" not in text and "Nell Newcomer" not in text
    assert "Nell Newcomer" not in text_of(client.get("/search/", {"q": "nell"}))


def test_sitemap_lists_no_unpublished_film_or_person(client, catalogue):
    paths = {urlparse(url).path for url in sitemap_entries(client)}
    assert {"/films/shown-film/", "/people/stella-star/"} <= paths
    assert "/films/hidden-gem/" not in paths and "/people/nell-newcomer/" not in paths


def test_a_tag_only_an_unpublished_film_carries_is_not_in_the_sitemap(client, catalogue):
    catalogue["hidden"].tags.add("smuggling")
    assert "/tags/smuggling/" not in {urlparse(url).path for url in sitemap_entries(client)}
    assert client.get("/tags/smuggling/").status_code == 404


@pytest.mark.parametrize("url", ["/feeds/rss/", "/feeds/atom/"])
def test_feeds_list_the_post_without_naming_its_unpublished_film(client, catalogue, url):
    body = client.get(url).content.decode()
    assert "Two films about the sea" in body
    assert "Hidden Gem" not in body and "hidden-gem" not in body


# Where other records link to them


def test_film_page_cast_and_crew_leave_out_unpublished_people(client, catalogue):
    response = client.get("/films/shown-film/")
    text = text_of(response)
    assert "Stella Star" in text and "as Keeper" in text
    assert "Nell Newcomer" not in response.content.decode()  # nor in the JSON-LD
    assert "Music" not in text  # her crew credit was the only one


def test_filmography_leaves_out_unpublished_films(client, catalogue):
    response = client.get("/people/stella-star/")
    text = text_of(response)
    assert "Shown Film" in text and "Keeper" in text
    assert "Hidden Gem" not in text and "Smuggler" not in text


def test_post_page_and_cards_show_only_published_films(client, catalogue):
    response = client.get(catalogue["post"].get_absolute_url())
    html = response.content.decode()
    assert "/films/shown-film/" in html
    assert "Hidden Gem" not in html and "/films/hidden-gem/" not in html
    structured = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert "Hidden Gem" not in json.dumps(json.loads(structured.group(1)))
    for path in ("/", "/people/stella-star/", "/films/shown-film/"):
        assert "Hidden Gem" not in client.get(path).content.decode(), path


def test_recommendations_name_no_unpublished_film_or_person(client, catalogue):
    other = make_film(title="Another Coast", slug="another-coast", tags=["lighthouse"])
    make_credit(film=other, person=catalogue["newcomer"], character="Tern")
    recommendations = compute_recommendations(catalogue["shown"])
    assert [r.film for r in recommendations] == [other]
    assert not any("Nell" in reason for reason in recommendations[0].reasons)
    assert "Hidden Gem" not in text_of(client.get("/films/shown-film/"))


def test_publishing_a_film_shows_it_everywhere_at_once(client, editor, catalogue):
    client.get("/films/shown-film/")  # caches the recommendations without it
    assert records_set_published(records=Film.objects.filter(slug="hidden-gem"), published=True,
                                 by=editor) == 1  # fmt: skip
    assert client.get("/films/hidden-gem/").status_code == 200
    assert "Hidden Gem" in text_of(client.get("/films/shown-film/"))  # a recommendation now
    assert "Hidden Gem" in text_of(client.get("/search/", {"q": "lighthouse"}))


# The admin: contributors add, editors publish


def film_form(**fields) -> dict[str, str]:
    data = {"title": "Whiplash", "slug": "whiplash", "release_date": "2014-10-10"}
    data.update(empty_inlines(*FILM_INLINES))
    data.update(fields)
    return data


def test_a_film_a_contributor_adds_waits_for_review(client, contributor):
    client.force_login(contributor)
    form = client.get(reverse("admin:films_film_add"))
    assert 'name="is_published"' not in form.content.decode()
    # A forged box changes nothing.
    response = client.post(reverse("admin:films_film_add"), film_form(is_published="on"))
    assert response.status_code == 302
    film = Film.objects.get(slug="whiplash")
    assert film.is_published is False
    followed = client.get(response.url)
    assert "“Whiplash (2014)” waits for an editor&#x27;s review" in text_of(followed)
    client.logout()
    assert client.get("/films/whiplash/").status_code == 404


def test_a_person_a_contributor_adds_waits_for_review(client, contributor):
    client.force_login(contributor)
    data = {"name": "Miles Teller", "slug": "miles-teller", **empty_inlines("credits")}
    response = client.post(reverse("admin:films_person_add"), data)
    assert response.status_code == 302
    assert Person.objects.get(slug="miles-teller").is_published is False


def test_an_editor_adds_published_records_and_may_untick_the_box(client, editor):
    client.force_login(editor)
    form = client.get(reverse("admin:films_film_add")).content.decode()
    assert re.search(r'<input type="checkbox" name="is_published"[^>]* checked', form)
    client.post(reverse("admin:films_film_add"), film_form(is_published="on"))
    assert Film.objects.get(slug="whiplash").is_published is True
    client.post(reverse("admin:films_film_add"), film_form(slug="whiplash-2"))
    assert Film.objects.get(slug="whiplash-2").is_published is False


def test_editors_publish_from_the_list_and_contributors_cannot(client, editor, contributor):
    hidden = make_film(title="Hidden Gem", is_published=False)
    action = {"action": "publish_selected", "_selected_action": [hidden.pk]}
    client.force_login(contributor)
    listing = client.get(reverse("admin:films_film_changelist")).content.decode()
    assert "publish_selected" not in listing
    client.post(reverse("admin:films_film_changelist"), action)
    hidden.refresh_from_db()
    assert hidden.is_published is False
    with pytest.raises(PermissionDenied):
        records_set_published(records=Film.objects.all(), published=True, by=contributor)

    client.force_login(editor)
    waiting = client.get(reverse("admin:films_film_changelist"), {"is_published__exact": "0"})
    assert "Hidden Gem" in text_of(waiting)
    response = client.post(reverse("admin:films_film_changelist"), action, follow=True)
    assert "1 film published." in text_of(response)
    hidden.refresh_from_db()
    assert hidden.is_published is True


def test_a_contributor_cannot_publish_by_editing(client, contributor):
    hidden = make_person(name="Nell", is_published=False)
    client.force_login(contributor)
    url = reverse("admin:films_person_change", args=[hidden.pk])
    data = {"name": "Nell", "slug": hidden.slug, "is_published": "on", **empty_inlines("credits")}
    assert client.post(url, data).status_code == 403
    hidden.refresh_from_db()
    assert hidden.is_published is False


def test_only_editors_hold_the_record_review_permissions(editor, contributor):
    for codename in ("films.publish_film", "films.publish_person"):
        assert editor.has_perm(codename)
        assert not contributor.has_perm(codename)
