"""Reader pages of the magazine: front page, posts, sections and tags."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import SiteSettings, SlugRedirect, SocialLink
from films.models import Quote
from picks.models import Post, Section
from reviews.models import CriticQuote
from tests.asserts import text_of
from tests.factories import (
    make_critic_quote,
    make_film,
    make_la_la_land,
    make_outlet,
    make_post,
    make_quote,
    make_score,
    make_section,
    make_user,
)

pytestmark = pytest.mark.django_db

POST_PAGE_MAX_QUERIES = 18


def card_titles(response) -> list[str]:
    return re.findall(r'class="card__title"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def test_contributor_previews_own_draft_but_not_someone_elses(client, contributor):
    own = make_post(slug="own-draft", status=Post.Status.DRAFT, publish_at=None, author=contributor)
    make_post(slug="their-draft", status=Post.Status.DRAFT, publish_at=None, author=make_user())
    client.force_login(contributor)
    assert client.get(own.get_absolute_url()).status_code == 200
    assert client.get("/picks/their-draft/").status_code == 404


# The post page


def test_post_page_shows_everything_the_post_carries(client):
    film = make_la_la_land()
    author = make_user(first_name="Ana", last_name="Lopez")
    post = make_post(
        title="La La Land: to all the dreamers",
        slug="la-la-land-dreamers",
        section=make_section(name="Best Pick"),
        standfirst="A musical that dares to end honestly.",
        body="## The plot\n\nMia and **Sebastian** meet in traffic.",
        author=author,
        films=[film],
        tags=["musical", "los-angeles"],
        reader_question="Did the ending work for you?",
        updated_at=timezone.now(),
    )
    post.featured_critic_quotes.set(CriticQuote.objects.filter(film=film))
    post.featured_quotes.set(Quote.objects.filter(film=film))
    response = client.get("/picks/la-la-land-dreamers/")
    assert response.status_code == 200
    text = text_of(response)
    html = response.content.decode()
    assert "Best Pick" in text
    assert '<h1 class="post__title">La La Land: to all the dreamers</h1>' in html
    assert "A musical that dares to end honestly." in text
    assert "By Ana Lopez" in text and "Updated" in text
    assert "<h2>The plot</h2>" in html and "<strong>Sebastian</strong>" in html
    assert "life-affirming food for the soul. — USA Today" in text
    assert "They worship everything and they value nothing. — Sebastian (Ryan Gosling)" in text
    assert "About the film La La Land (2016)" in text
    assert "Directed by Damien Chazelle" in text
    assert "93/100 Metacritic" in text and "91% Rotten Tomatoes" in text and "8.0/10 IMDb" in text
    assert "Did the ending work for you?" in text
    assert 'href="/tags/musical/"' in html
    assert '<section id="comments" class="comments" aria-labelledby="comments-title">' in html
    assert "Share this post" in text
    assert "https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Ftestserver%2Fpicks%2F" in html
    assert "Spoiler warning" not in text


def test_spoiler_warning_comes_before_the_body(client):
    post = make_post(contains_spoilers=True, body="Mia marries someone else.")
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Spoiler warning" in html
    assert html.index("Spoiler warning") < html.index("Mia marries someone else.")


def test_hostile_body_and_title_are_neutralised(client):
    post = make_post(
        title="<script>alert('title')</script>",
        body="<script>alert('body')</script> <a href='javascript:alert(1)' onclick='x()'>hi</a>",
    )
    html = client.get(post.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;title&#x27;)" in html
    assert "javascript:" not in html and "onclick" not in html


def test_follow_links_and_about_text_come_from_the_site_settings_record(client):
    site = SiteSettings.load()
    site.about_text = "We only recommend films we would watch twice."
    site.save()
    SocialLink.objects.create(site_settings=site, label="Mastodon", url="https://masto.example/@m")
    post = make_post()
    text = text_of(client.get(post.get_absolute_url()))
    assert "Follow us" in text and text.count("Mastodon") == 1  # the footer's, once
    assert "We only recommend films we would watch twice." in text
    assert "Back to top" in text


def test_read_more_lists_posts_sharing_a_film_or_a_tag(client):
    film = make_film()
    post = make_post(films=[film], tags=["jazz"])
    make_post(title="Same film", films=[film])
    make_post(title="Same tag", tags=["jazz"])
    make_post(title="Unrelated", films=[make_film()], tags=["horror"])
    make_post(title="Unpublished sibling", films=[film], status=Post.Status.DRAFT)
    response = client.get(post.get_absolute_url())
    related = text_of(response).split("Read more", 1)[1]
    assert "Same film" in related and "Same tag" in related
    assert "Unrelated" not in related and "Unpublished sibling" not in related


@pytest.mark.parametrize("size", [5, 60])
def test_post_page_queries_do_not_grow_with_cast_scores_or_related_posts(
    client, django_assert_max_num_queries, size
):
    film = make_la_la_land(cast_size=size, extra_scores=size // 5)
    post = make_post(films=[film, make_film()], tags=["musical", "jazz"])
    post.featured_critic_quotes.set([make_critic_quote(film=film) for _ in range(size // 10)])
    post.featured_quotes.set([make_quote(film=film) for _ in range(size // 10)])
    for _ in range(size // 2):
        make_post(films=[film], tags=["jazz"])
    client.get(post.get_absolute_url())
    with django_assert_max_num_queries(POST_PAGE_MAX_QUERIES):
        response = client.get(post.get_absolute_url())
    assert "Read more" in text_of(response)


def test_post_page_query_count_is_identical_for_few_and_many_related_posts(client):
    counts = []
    for size in (1, 30):
        film = make_film()
        post = make_post(films=[film], tags=[f"tag-{size}"])
        for _ in range(size):
            make_score(film=film)
            make_post(films=[film], tags=[f"tag-{size}"])
        client.get(post.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            client.get(post.get_absolute_url())
        counts.append(len(queries))
    assert counts[0] == counts[1]


# Drafts, scheduled and unpublished posts


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Post.Status.DRAFT},
        {"status": Post.Status.UNPUBLISHED, "publish_at": timezone.now() - timedelta(days=3)},
        {"status": Post.Status.PUBLISHED, "publish_at": timezone.now() + timedelta(days=2)},
    ],
    ids=["draft", "unpublished", "scheduled"],
)
def test_unpublished_posts_are_a_404_for_readers(client, fields):
    post = make_post(title="Not yet", **fields)
    assert client.get(post.get_absolute_url()).status_code == 404
    client.force_login(make_user())  # signed in but may not change posts
    assert client.get(post.get_absolute_url()).status_code == 404
    assert "Not yet" not in text_of(client.get("/"))
    assert "Not yet" not in text_of(client.get(post.section.get_absolute_url()))


def test_editor_previews_a_draft_with_a_draft_banner(client, editor):
    post = make_post(title="Work in progress", status=Post.Status.DRAFT)
    client.force_login(editor)
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert "Draft — readers can't see this." in text_of(response)
    assert '<meta name="robots" content="noindex">' in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_editor_previews_a_scheduled_post_with_its_date(client, editor):
    when = (timezone.now() + timedelta(days=5)).replace(hour=9, minute=30)
    post = make_post(title="Coming soon", publish_at=when)
    client.force_login(editor)
    text = text_of(client.get(post.get_absolute_url()))
    local = timezone.localtime(when)
    assert f"Scheduled for {local:%-d %B %Y, %H:%M} — readers can't see this yet." in text


def test_published_post_has_no_preview_banner(client, editor):
    post = make_post()
    client.force_login(editor)
    text = text_of(client.get(post.get_absolute_url()))
    assert "readers can't see" not in text


# Renamed slugs


def test_renamed_post_slug_redirects_permanently(client):
    post = make_post(slug="new-slug")
    SlugRedirect.objects.create(
        content_type=ContentType.objects.get_for_model(Post), object_id=post.pk, old_slug="old"
    )
    response = client.get("/picks/old/")
    assert response.status_code == 301
    assert response["Location"] == "/picks/new-slug/"


def test_old_slug_of_a_draft_does_not_reveal_its_new_address(client):
    post = make_post(slug="secret-new", status=Post.Status.DRAFT)
    SlugRedirect.objects.create(
        content_type=ContentType.objects.get_for_model(Post), object_id=post.pk, old_slug="old"
    )
    assert client.get("/picks/old/").status_code == 404


def test_renamed_section_redirects_and_keeps_the_page_number(client):
    section = make_section(slug="best-pick")
    SlugRedirect.objects.create(
        content_type=ContentType.objects.get_for_model(Section),
        object_id=section.pk,
        old_slug="mini-blog",
    )
    response = client.get("/sections/mini-blog/?page=2")
    assert response.status_code == 301
    assert response["Location"] == "/sections/best-pick/?page=2"


# Sections


def test_section_lists_its_published_posts_newest_first_twelve_a_page(client):
    section = make_section(slug="best-pick", name="Best Pick")
    now = timezone.now()
    for number in range(14):
        make_post(
            section=section, title=f"Pick {number:02}", publish_at=now - timedelta(days=number)
        )
    make_post(title="Elsewhere")
    first = client.get("/sections/best-pick/")
    assert card_titles(first) == [f"Pick {number:02}" for number in range(12)]
    second = client.get("/sections/best-pick/?page=2")
    assert card_titles(second) == ["Pick 12", "Pick 13"]
    assert "Page 2 of 2" in text_of(second)


@pytest.mark.parametrize("page", ["abc", "0", "-2", "2.5", ""])
def test_section_page_numbers_that_are_not_pages_are_404_or_first(client, page):
    section = make_section(slug="s")
    make_post(section=section)
    status = client.get(f"/sections/s/?page={page}").status_code
    assert status == (200 if page == "" else 404)


def test_section_page_past_the_end_shows_the_last_page(client, settings):
    settings.MARQUEE_PAGE_SIZE = 2
    section = make_section(slug="s")
    now = timezone.now()
    for number in range(3):
        make_post(section=section, title=f"P{number}", publish_at=now - timedelta(hours=number))
    response = client.get("/sections/s/?page=999")
    assert response.status_code == 200
    assert card_titles(response) == ["P2"]


def test_retired_section_keeps_its_archive_and_names_its_replacement(client):
    best_pick = make_section(name="Best Pick", slug="best-pick")
    retired = make_section(
        name="Mini Blog", slug="mini-blog", is_active=False, replaced_by=best_pick
    )
    make_post(section=retired, title="An old mini post")
    response = client.get("/sections/mini-blog/")
    assert response.status_code == 200
    text = text_of(response)
    assert "An old mini post" in text
    assert "This section is retired" in text and "Its work continues in Best Pick" in text
    assert 'href="/sections/best-pick/"' in response.content.decode()


# Tags


def test_tag_page_lists_posts_and_films_with_the_tag(client):
    make_post(title="Jazz on film", tags=["jazz"])
    make_post(title="Draft about jazz", tags=["jazz"], status=Post.Status.DRAFT)
    make_post(title="Horror night", tags=["horror"])
    make_film(title="Whiplash", tags=["jazz"])
    response = client.get("/tags/jazz/")
    assert response.status_code == 200
    titles = card_titles(response)
    assert "Jazz on film" in titles and "Whiplash" in titles
    assert "Draft about jazz" not in titles and "Horror night" not in titles


def test_unknown_or_draft_only_tag_is_a_404(client):
    make_post(tags=["secret"], status=Post.Status.DRAFT)
    assert client.get("/tags/secret/").status_code == 404
    assert client.get("/tags/nothing-here/").status_code == 404


# The front page


def test_front_page_features_the_lead_sections_newest_post(client):
    best_pick = make_section(name="Best Pick", slug="best-pick", order=0)
    essays = make_section(name="Essays", slug="essays", order=1)
    retired = make_section(name="Guess!", slug="guess", is_active=False)
    now = timezone.now()
    make_post(section=best_pick, title="Newest pick", publish_at=now - timedelta(hours=1))
    make_post(section=best_pick, title="Older pick", publish_at=now - timedelta(days=3))
    make_post(section=essays, title="An essay", publish_at=now - timedelta(hours=2))
    make_post(section=retired, title="Old guessing game")
    make_post(section=best_pick, title="Tomorrow's pick", publish_at=now + timedelta(days=1))
    top = make_film(title="Top film")
    make_score(film=top, outlet=make_outlet(), value=97)
    make_score(film=top, outlet=make_outlet(), value=97)
    response = client.get("/")
    assert response.status_code == 200
    text = text_of(response)
    html = response.content.decode()
    featured = html.split('class="home-featured"', 1)[1].split("</section>", 1)[0]
    assert "Newest pick" in featured
    assert "Latest in Best Pick" in text and "Older pick" in text
    assert "Latest in Essays" in text and "An essay" in text
    assert "Old guessing game" not in text and "Tomorrow's pick" not in text
    assert "Top-rated films" in text and "Top film" in text and "97" in text
    assert 'href="/sections/essays/"' in html


def test_front_page_queries_do_not_grow_with_sections_or_posts(client):
    counts = []
    for size in (1, 8):
        for _ in range(size):
            section = make_section()
            for _ in range(size):
                make_post(section=section, films=[make_film()])
        client.get("/")
        with CaptureQueriesContext(connection) as queries:
            client.get("/")
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_front_page_without_content_invites_readers_to_browse(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "browse the films" in text_of(response)


def test_an_editor_featured_post_leads_the_front_page(client):
    section = make_section(name="Best Pick", order=0)
    make_post(section=section, title="Newest pick")
    chosen = make_post(
        section=section,
        title="The chosen pick",
        is_featured=True,
        pinned_until=timezone.now() + timedelta(days=2),
        publish_at=timezone.now() - timedelta(days=30),
    )
    html = client.get("/").content.decode()
    featured = html[html.index('class="home-featured"') :]
    assert chosen.title in featured[: featured.index("</section>")]
    assert "Newest pick" in html
