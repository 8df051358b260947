"""Discovery: feeds, the sitemap, structured data, social tags and the search page."""

import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlparse

import feedparser
import pytest

from films.models import Person
from films.sitemaps import PersonSitemap
from picks.models import Post
from tests.asserts import SITEMAP_NS, sitemap_entries
from tests.factories import image_file, make_la_la_land, make_person, make_post, make_section

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


@pytest.fixture
def magazine():
    film = make_la_la_land()
    best_pick = make_section(name="Best Pick", slug="best-pick")
    long_reads = make_section(name="Long Reads", slug="long-reads")
    pick = make_post(
        section=best_pick,
        title="La La Land: to the dreamers",
        slug="la-la-land-dreamers",
        standfirst="Why Chazelle's musical is this month's Best Pick.",
        body="Sebastian and Mia chase their dreams.",
        films=[film],
        tags=["jazz"],
        hero_image=image_file("hero.png", size=(160, 90)),
        hero_image_alt="A drawn banner for La La Land",
    )
    ending = make_post(
        section=long_reads,
        title="The ending, explained",
        slug="ending-explained",
        standfirst="What the epilogue means.",
        body="SPOILER: Mia marries someone else.",
        contains_spoilers=True,
        films=[film],
    )
    draft = make_post(
        section=best_pick,
        title="Secret draft",
        slug="secret-draft",
        status=Post.Status.DRAFT,
        publish_at=None,
    )
    return {"film": film, "pick": pick, "ending": ending, "draft": draft}


def parse_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return feedparser.parse(response.content)


@pytest.mark.parametrize("url", ["/feeds/rss/", "/feeds/atom/"])
def test_site_feed_lists_published_posts_with_author_date_and_summary(client, magazine, url):
    feed = parse_feed(client, url)
    assert not feed.bozo, feed.bozo_exception
    titles = [entry.title for entry in feed.entries]
    assert titles == ["La La Land: to the dreamers", "The ending, explained"]
    pick = feed.entries[0]
    assert pick.summary == "Why Chazelle's musical is this month's Best Pick."
    assert pick.author
    assert pick.published_parsed is not None
    assert pick.link.endswith("/picks/la-la-land-dreamers/")


def test_feed_summary_never_carries_spoilers(client, magazine):
    feed = parse_feed(client, "/feeds/rss/")
    ending = next(e for e in feed.entries if e.title == "The ending, explained")
    assert "marries" not in ending.summary
    assert "discusses the whole plot" in ending.summary


def test_feed_items_carry_the_hero_image(client, magazine):
    feed = parse_feed(client, "/feeds/rss/")
    enclosure = feed.entries[0].enclosures[0]
    assert enclosure.type == "image/png"
    assert enclosure.href.startswith("http://testserver/media/heroes/")


def test_section_feed_holds_only_that_section(client, magazine):
    feed = parse_feed(client, "/sections/long-reads/atom/")
    assert [entry.title for entry in feed.entries] == ["The ending, explained"]
    assert client.get("/sections/no-such-section/rss/").status_code == 404


def test_every_page_links_its_feeds_in_the_head(client, magazine):
    html = client.get("/sections/best-pick/").content.decode()
    assert 'type="application/rss+xml"' in html and 'href="/feeds/rss/"' in html
    assert 'href="/sections/best-pick/atom/"' in html


def test_every_sitemap_url_opens_and_no_draft_is_listed(client, magazine):
    urls = sitemap_entries(client)
    paths = {urlparse(url).path for url in urls}
    assert "/picks/secret-draft/" not in paths
    for expected in [
        "/picks/la-la-land-dreamers/",
        "/sections/best-pick/",
        "/films/la-la-land/",
        "/people/emma-stone/",
        "/tags/jazz/",
    ]:
        assert expected in paths
    for path in paths:
        assert client.get(path).status_code == 200, path


def test_sitemap_gives_last_modified_dates_for_posts_and_films(client, magazine):
    urls = sitemap_entries(client)
    lastmods = {urlparse(url).path: lastmod for url, lastmod in urls.items()}
    assert lastmods["/picks/la-la-land-dreamers/"]
    assert lastmods["/films/la-la-land/"]


def test_the_sitemap_is_an_index_of_pages_of_a_bounded_size(client, magazine, monkeypatch):
    monkeypatch.setattr(PersonSitemap, "limit", 1)
    people = Person.objects.public().count()
    assert people >= 2

    index = ET.fromstring(client.get("/sitemap.xml").content)

    pages = [urlparse(loc.text) for loc in index.iterfind("sm:sitemap/sm:loc", SITEMAP_NS)]
    people_pages = [page for page in pages if page.path == "/sitemap-people.xml"]
    assert len(people_pages) == people
    assert {page.path for page in pages} >= {
        f"/sitemap-{section}.xml" for section in ("posts", "sections", "films", "people", "tags")
    }
    last = ET.fromstring(client.get(f"/sitemap-people.xml?p={people}").content)
    assert len(last.findall("sm:url", SITEMAP_NS)) == 1
    assert client.get(f"/sitemap-people.xml?p={people + 1}").status_code == 404


def test_the_index_dates_each_section_by_its_latest_change(client, magazine):
    index = ET.fromstring(client.get("/sitemap.xml").content)
    dated = {
        urlparse(node.find("sm:loc", SITEMAP_NS).text).path: node.find("sm:lastmod", SITEMAP_NS)
        for node in index.iterfind("sm:sitemap", SITEMAP_NS)
    }
    assert dated["/sitemap-posts.xml"] is not None
    assert dated["/sitemap-films.xml"] is not None
    assert dated["/sitemap-tags.xml"] is None


def test_robots_txt_points_to_the_sitemap(client):
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content.decode()


def json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = []
    for block in blocks:
        parsed = json.loads(block)
        data.extend(parsed if isinstance(parsed, list) else [parsed])
    return data


def by_type(items: list[dict], kind: str) -> dict:
    return next(item for item in items if item["@type"] == kind)


def test_film_page_describes_the_movie_in_json_ld(client, magazine):
    items = json_ld(client.get("/films/la-la-land/").content.decode())
    movie = by_type(items, "Movie")
    assert movie["name"] == "La La Land"
    assert movie["datePublished"] == "2016-12-09"
    assert movie["duration"] == "PT2H8M"
    assert [d["name"] for d in movie["director"]] == ["Damien Chazelle"]
    assert [a["name"] for a in movie["actor"]][:2] == ["Emma Stone", "Ryan Gosling"]
    assert movie["review"][0]["publisher"]["name"] == "USA Today"
    # Without review counts no aggregate rating is claimed.
    assert "aggregateRating" not in movie
    crumbs = by_type(items, "BreadcrumbList")["itemListElement"]
    assert [c["name"] for c in crumbs] == ["Home", "Films", "La La Land"]


def test_post_about_one_film_is_a_review_of_it(client, magazine):
    items = json_ld(client.get("/picks/la-la-land-dreamers/").content.decode())
    review = by_type(items, "Review")
    assert review["headline"] == "La La Land: to the dreamers"
    assert review["itemReviewed"]["@type"] == "Movie"
    assert review["itemReviewed"]["name"] == "La La Land"
    assert review["image"].startswith("http://testserver/media/heroes/")


def test_person_page_is_a_person_in_json_ld(client, magazine):
    items = json_ld(client.get("/people/emma-stone/").content.decode())
    assert by_type(items, "Person")["name"] == "Emma Stone"
    assert by_type(items, "BreadcrumbList")


def test_json_ld_cannot_be_broken_out_of_by_record_text(client):
    make_person(name="</script><script>alert(1)</script>", slug="hostile")
    html = client.get("/people/hostile/").content.decode()
    assert "<script>alert(1)" not in html
    assert by_type(json_ld(html), "Person")["name"].startswith("</script>")


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/picks/la-la-land-dreamers/",
        "/sections/best-pick/",
        "/films/",
        "/films/la-la-land/",
        "/people/emma-stone/",
        "/tags/jazz/",
        "/search/?q=jazz",
        "/privacy/",
    ],
)
def test_every_page_has_canonical_open_graph_and_twitter_tags(client, magazine, path):
    html = client.get(path).content.decode()
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html)
    assert canonical and canonical.group(1) == "http://testserver" + path.split("?")[0]
    for tag in ["og:title", "og:description", "og:image", "og:url"]:
        assert re.search(rf'<meta property="{tag}" content="[^"]+">', html), tag
    for tag in ["twitter:card", "twitter:title", "twitter:description", "twitter:image"]:
        assert re.search(rf'<meta name="{tag}" content="[^"]+">', html), tag


def test_film_page_social_image_is_its_poster(client):
    make_la_la_land()
    html = client.get("/films/la-la-land/").content.decode()
    assert '<meta property="og:title" content="La La Land">' in html


# The search page -------------------------------------------------------------------------


def test_search_page_groups_results_and_ranks_the_obvious_match_first(client, magazine):
    response = client.get("/search/", {"q": "la la land"})
    assert response.status_code == 200
    html = response.content.decode()
    posts_at = html.index('id="search-group-posts"')
    films_at = html.index('id="search-group-films"')
    # The film named exactly as asked leads; the pick about it heads the posts.
    assert films_at < html.index('href="/films/la-la-land/"', films_at) < posts_at
    assert html.index("La La Land: to the dreamers", posts_at)
    assert "Secret draft" not in html


def test_search_highlights_matching_words_in_the_snippet(client, magazine):
    html = client.get("/search/", {"q": "dreams"}).content.decode()
    assert "<mark>dreams</mark>" in html


def test_search_by_type_is_paginated(client, settings):
    settings.MARQUEE_PAGE_SIZE = 2
    for number in range(5):
        make_post(title=f"Jazz note {number}")
    first = client.get("/search/", {"q": "jazz", "type": "posts"}).content.decode()
    assert first.count('class="search-hit search-hit--posts"') == 2
    last = client.get("/search/", {"q": "jazz", "type": "posts", "page": 3}).content.decode()
    assert last.count('class="search-hit search-hit--posts"') == 1


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({}, 200, "Type a film, a person or a word"),
        ({"q": ""}, 200, "Type a film, a person or a word"),
        ({"q": "!!! ***"}, 200, "no words to look for"),
        ({"q": '"unmatched'}, 200, "Nothing found"),
        ({"q": "the of and"}, 200, "for “the of and”"),
        ({"q": "x" * 5000}, 400, "That search is too long"),
        ({"q": "jazz", "type": "spaceships"}, 400, "We don't search that kind"),
        ({"q": "la\x00la"}, 200, "Results for"),
    ],
)
def test_odd_searches_get_a_friendly_page(client, magazine, params, status, message):
    response = client.get("/search/", params)
    assert response.status_code == status
    html = response.content.decode()
    assert message in html
    assert html.count("<h1") == 1


# "٣" is a digit Python's int() reads as 3; "²" and "①" are digits it refuses.
@pytest.mark.parametrize(("page", "paginated_status"), [("²", 404), ("①", 404), ("٣", 200)])
@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),  # not a paginated page: the parameter is ignored
        ("/films/la-la-land/", 200),
        ("/nonexistent/", 404),
        ("/sections/best-pick/", None),  # paginated: a number it can't read is a 404
    ],
)
def test_unicode_digits_in_the_page_number_never_give_a_500(
    client, magazine, path, status, page, paginated_status
):
    response = client.get(path, {"page": page})
    assert response.status_code == (status or paginated_status)
    assert 'class="site-header"' in response.content.decode()


def test_list_pages_name_the_page_they_show_as_canonical(client, settings):
    settings.MARQUEE_PAGE_SIZE = 1
    section = make_section(slug="busy")
    make_post(section=section)
    make_post(section=section)
    html = client.get("/sections/busy/", {"page": 999}).content.decode()
    assert '<link rel="canonical" href="http://testserver/sections/busy/?page=2">' in html


def test_a_page_without_pages_ignores_a_page_number_in_its_canonical(client, magazine):
    html = client.get("/films/la-la-land/", {"page": 5}).content.decode()
    assert '<link rel="canonical" href="http://testserver/films/la-la-land/">' in html


def test_a_post_s_social_image_is_its_hero_image_and_a_film_without_poster_uses_the_default(
    client, magazine
):
    post_html = client.get("/picks/la-la-land-dreamers/").content.decode()
    assert re.search(
        r'<meta property="og:image" content="http://testserver/media/heroes/', post_html
    )
    film_html = client.get("/films/la-la-land/").content.decode()  # the factory film has no poster
    assert re.search(
        r'<meta property="og:image" content="http://testserver/static/img/og-default', film_html
    )
