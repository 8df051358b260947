"""Parts of pages (a film's article, a post's comment thread) are kept in the shared cache for
the pages rendered live, and retired by the same changes as cached pages."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.signing import get_cookie_signer
from django.db import transaction
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.utils import timezone

from core import page_cache
from core.fragments import KEEP_PARTS, KEY_PREFIX, kept, parts_in_memory
from core.models import SiteSettings
from films.models import Credit, Film
from picks.models import Post
from picks.post_page import REMEMBER_COOKIE, REMEMBER_SALT
from tests.core.test_page_frame_memo import in_a_request
from tests.factories import (
    make_comment,
    make_credit,
    make_film,
    make_person,
    make_post,
    make_section,
)

# Outside a test transaction, as a served page is: inside one nothing is kept.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fresh_cache", "fragments_on"),
]


@pytest.fixture
def fragments_on(settings):
    settings.MARQUEE_FRAGMENT_CACHE = True


@pytest.fixture(autouse=True)
def frame():
    """Made by the first page otherwise, and those saves would retire what it kept."""
    SiteSettings.load()
    make_section(name="Best Pick")


@pytest.fixture
def film() -> Film:
    film = make_film(title="Whiplash", synopsis="A drummer and his teacher.")
    make_credit(film=film, person=make_person(name="Miles Teller"), character="Andrew")
    return film


def test_a_film_page_viewed_again_reads_only_the_film(film, django_assert_num_queries):
    first = Client().get(film.get_absolute_url())
    with django_assert_num_queries(1):
        again = Client().get(film.get_absolute_url())
    assert again.content == first.content
    assert "Miles Teller" in again.content.decode()


def test_signed_in_readers_get_the_kept_article_too(film, reader, django_assert_max_num_queries):
    Client().get(film.get_absolute_url())
    client = Client()
    client.force_login(reader)
    with django_assert_max_num_queries(4):  # session, user, the film
        response = client.get(film.get_absolute_url())
    assert "Miles Teller" in response.content.decode()
    assert "private" in response["Cache-Control"]  # a page made for them, kept by no one


def test_a_shared_link_s_own_parameters_still_get_the_kept_article(film):
    Client().get(film.get_absolute_url())
    url = f"{film.get_absolute_url()}?fbclid=one-per-click"
    text = Client().get(url).content.decode()
    assert "Miles Teller" in text


def test_an_edit_shows_at_once(film):
    Client().get(film.get_absolute_url())
    make_credit(film=film, person=make_person(name="J. K. Simmons"), character="Fletcher")
    assert "J. K. Simmons" in Client().get(film.get_absolute_url()).content.decode()


def test_a_post_published_about_the_film_shows_at_once(film):
    Client().get(film.get_absolute_url())
    make_post(title="Why Whiplash still stings", films=[film])
    assert "Why Whiplash still stings" in Client().get(film.get_absolute_url()).content.decode()


def test_a_person_page_viewed_again_reads_only_the_person(film, django_assert_num_queries):
    person = film.credits.get().person
    first = Client().get(person.get_absolute_url())
    with django_assert_num_queries(1):
        again = Client().get(person.get_absolute_url())
    assert again.content == first.content
    assert "Whiplash" in again.content.decode()
    make_credit(film=make_film(title="Divergent"), person=person, character="Peter")
    assert "Divergent" in Client().get(person.get_absolute_url()).content.decode()


def test_editors_see_another_process_s_change_at_once(film, editor, settings):
    settings.MARQUEE_GENERATION_RECHECK_MS = 60_000
    Client().get(film.get_absolute_url())  # a reader's view keeps the article
    Credit.objects.filter(film=film).update(character="Andrew Neiman")  # no signal here
    cache.incr(page_cache.GENERATION_KEY)  # the other process's save, told to the shared cache
    client = Client()
    client.force_login(editor)
    assert "Andrew Neiman" in client.get(film.get_absolute_url()).content.decode()
    # Readers of this process see it once the recheck is due, as with whole pages.
    assert "Andrew Neiman" not in Client().get(film.get_absolute_url()).content.decode()


def test_parts_are_kept_per_site_address(film):
    Client().get(film.get_absolute_url(), HTTP_HOST="localhost")
    text = Client().get(film.get_absolute_url(), HTTP_HOST="testserver").content.decode()
    assert "http://localhost" not in text


def test_nothing_is_kept_inside_a_transaction():
    computed = []

    def in_a_transaction():
        with transaction.atomic():
            return kept("test", [1], lambda: computed.append(1) or "part")

    for _ in range(2):
        in_a_request(in_a_transaction)
    assert len(computed) == 2
    for _ in range(2):
        in_a_request(lambda: kept("test", [1], lambda: computed.append(1) or "part"))
    assert len(computed) == 3  # outside one, kept


def test_nothing_is_kept_when_switched_off(settings):
    settings.MARQUEE_FRAGMENT_CACHE = False
    computed = []
    for _ in range(2):
        in_a_request(lambda: kept("test", [1], lambda: computed.append(1) or "part"))
    assert len(computed) == 2


def test_a_cache_outage_renders_the_part_live(film, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", broken)
    response = Client().get(film.get_absolute_url())
    assert response.status_code == 200
    assert "Miles Teller" in response.content.decode()


def per_view_tokens(request, *, shared: bool) -> tuple[str, str]:
    """The CSRF input outside and inside a kept part."""
    if shared:
        request.shared_page = True
    template = Template(
        "{% load fragments page_tokens %}{% csrf_token_per_view %}"
        '{% kept "tokens" %}{% csrf_token_per_view %}{% endkept %}'
    )
    context = Context({"request": request, KEEP_PARTS: True})
    html = in_a_request(lambda: template.render(context))
    outside, inside = html.split("<input", 2)[1:]
    return outside, inside


def test_a_kept_part_shared_by_readers_leaves_the_csrf_token_for_the_script():
    request = RequestFactory().get("/")
    for _ in range(2):  # rendered, then kept
        assert (
            per_view_tokens(request, shared=True)
            == (' type="hidden" name="csrfmiddlewaretoken" value="" data-per-view>',) * 2
        )


def test_a_kept_part_on_a_page_made_for_one_reader_gets_their_csrf_token(reader):
    request = RequestFactory().get("/")
    request.user = reader
    for _ in range(2):  # rendered, then kept
        outside, inside = per_view_tokens(request, shared=False)
        assert re.search(r'value="[A-Za-z0-9]{64}"', outside)
        assert re.search(r'value="[A-Za-z0-9]{64}"', inside)


# The post page: its article, comment heading and comment list are kept parts.


@pytest.fixture
def post():
    post = make_post(title="Whiplash, tempo and fear", body="Not quite my tempo.")
    make_comment(post=post, name="Andrew", body="Were you rushing or were you dragging?")
    return post


def test_a_post_page_viewed_again_reads_only_the_post(post, django_assert_num_queries):
    first = Client().get(post.get_absolute_url())
    with django_assert_num_queries(1):
        again = Client().get(post.get_absolute_url())
    assert again.content == first.content
    assert "Were you rushing" in again.content.decode()


def test_an_approved_comment_shows_on_the_kept_post_at_once(post):
    Client().get(post.get_absolute_url())
    make_comment(post=post, name="Fletcher", body="Not quite my tempo.")
    text = Client().get(post.get_absolute_url()).content.decode()
    assert "Fletcher" in text
    assert "2 comments" in text


def test_each_comment_page_is_kept_apart(post, settings):
    settings.MARQUEE_COMMENTS_PER_PAGE = 1
    make_comment(post=post, name="Fletcher", body="There are no two words more harmful.")
    first = Client().get(post.get_absolute_url()).content.decode()
    second = Client().get(f"{post.get_absolute_url()}?comments_page=2").content.decode()
    assert ("Andrew" in first) != ("Andrew" in second)


def test_a_signed_in_reader_s_kept_page_carries_their_tokens(post, reader):
    client = Client()
    client.force_login(reader)
    for _ in range(2):  # rendered, then kept
        html = client.get(post.get_absolute_url()).content.decode()
        tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', html)
        assert len(tokens) == 2 and all(tokens)  # the comment form and the flag button


def test_a_preview_never_shows_the_kept_article(post, editor):
    from tests.picks.test_preview import preview_url, published_form

    Client().get(post.get_absolute_url())
    client = Client()
    client.force_login(editor)
    data = published_form(post, body="Unsaved words.")
    html = client.post(preview_url(post), data).content.decode()
    assert "Unsaved words." in html and "Not quite my tempo." not in html
    assert "Not quite my tempo." in Client().get(post.get_absolute_url()).content.decode()


def test_a_remembered_commenter_gets_their_details_after_the_blank_form_was_kept(post):
    Client().get(post.get_absolute_url())  # a reader's shared page keeps the blank form
    client = Client()
    details = json.dumps({"name": "Andrew Neiman", "email": "andrew@example.test", "url": ""})
    client.cookies[REMEMBER_COOKIE] = get_cookie_signer(salt=REMEMBER_COOKIE + REMEMBER_SALT).sign(
        details
    )
    html = client.get(post.get_absolute_url()).content.decode()
    assert 'value="Andrew Neiman"' in html


def test_a_reply_gets_its_own_form_after_the_blank_form_was_kept(post):
    Client().get(post.get_absolute_url())
    comment = post.comments.get()
    html = Client().get(f"{post.get_absolute_url()}?reply_to={comment.pk}").content.decode()
    assert "Reply to <bdi>Andrew</bdi>" in html


# The browse page: its listing and the count of films the filters find are kept.


def test_a_browse_page_viewed_again_reads_nothing(film, django_assert_num_queries):
    first = Client().get("/films/?sort=title")
    with django_assert_num_queries(0):
        again = Client().get("/films/?sort=title")
    assert again.content == first.content
    assert "Whiplash" in again.content.decode()


def test_a_film_published_shows_in_the_kept_listing_and_count(film):
    assert "1 film<" in Client().get("/films/?sort=title").content.decode()
    make_film(title="La La Land")
    text = Client().get("/films/?sort=title").content.decode()
    assert "La La Land" in text and "2 films<" in text


# The front page is one kept part.


def test_the_front_page_viewed_again_reads_nothing(post, django_assert_num_queries):
    first = Client().get("/")
    with django_assert_num_queries(0):
        again = Client().get("/")
    assert again.content == first.content
    assert "Whiplash, tempo and fear" in again.content.decode()


def test_a_scheduled_post_goes_live_on_the_kept_front_page_on_time(post, settings):
    # Local memory, whatever the suite runs on: the test moves kept parts past their expiry.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    later = make_post(title="Right on time", publish_at=timezone.now() + timedelta(seconds=60))
    assert "Right on time" not in Client().get("/").content.decode()
    Post.objects.filter(pk=later.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    # No signal: only the time cap (kept until the publish time) lets it show.
    assert "Right on time" not in Client().get("/").content.decode()
    for key in list(cache._cache):
        if KEY_PREFIX in key:
            cache._expire_info[key] = 0
    for key, (value, size) in list(parts_in_memory._items.items()):
        parts_in_memory._items[key] = ((0, value[1]), size)
    assert "Right on time" in Client().get("/").content.decode()
