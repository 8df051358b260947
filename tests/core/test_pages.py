"""Every reader page: one <h1>, a title and description, landmarks, alt text, no inline
script or style, and nothing loaded from another host."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from core.models import SiteSettings, SocialLink
from films.models import Person
from tests.factories import image_file, make_la_la_land, make_post, make_section

pytestmark = pytest.mark.django_db


class PageAudit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def all(self, name: str) -> list[dict]:
        return [attrs for tag, attrs in self.tags if tag == name]


@pytest.fixture
def magazine():
    film = make_la_la_land()
    film.poster = image_file("poster.png")
    film.poster_alt = "Mia and Sebastian dance above the city at dusk"
    film.save()
    person = Person.objects.get(slug="emma-stone")
    person.photo = image_file("emma.png")
    person.photo_alt = "Emma Stone smiling"
    person.save()
    section = make_section(name="Best Pick", slug="best-pick")
    post = make_post(
        section=section,
        slug="dreamers",
        films=[film],
        tags=["musical"],
        hero_image=image_file("hero.png"),
        hero_image_alt="A purple sky over Los Angeles",
    )
    site = SiteSettings.load()
    SocialLink.objects.create(site_settings=site, label="Newsletter", url="https://news.example/")
    return post


PAGES = [
    "/",
    "/picks/dreamers/",
    "/sections/best-pick/",
    "/films/",
    "/films/?genre=musical&sort=year",
    "/films/la-la-land/",
    "/people/emma-stone/",
    "/tags/musical/",
]


@pytest.mark.parametrize("url", PAGES)
def test_page_is_accessible_and_self_contained(client, magazine, url):
    response = client.get(url)
    assert response.status_code == 200
    page = PageAudit()
    page.feed(response.content.decode())

    assert len(page.all("h1")) == 1
    assert page.title.strip() and "Marquee" in page.title
    descriptions = [m for m in page.all("meta") if m.get("name") == "description"]
    assert len(descriptions) == 1 and len(descriptions[0]["content"].strip()) >= 15
    for landmark in ("header", "nav", "main", "footer"):
        assert page.all(landmark), f"no <{landmark}>"
    images = page.all("img")
    assert images, "every test page shows at least one image"
    assert all("alt" in img for img in images)
    assert all(img["src"].startswith("/") for img in images)
    for script in page.all("script"):
        assert "src" in script or script.get("type") == "application/ld+json"
        if "src" in script:
            assert script["src"].startswith("/static/")
    assert not page.all("iframe")
    stylesheets = [link for link in page.all("link") if link.get("rel") == "stylesheet"]
    assert stylesheets and all(link["href"].startswith("/static/") for link in stylesheets)
    assert not any("style" in attrs or "onclick" in attrs for _, attrs in page.tags)


def test_header_lists_active_sections_and_marks_the_current_page(client, magazine):
    make_section(name="Retired", slug="retired", is_active=False)
    html = client.get("/sections/best-pick/").content.decode()
    nav = html.split('aria-label="Main"', 1)[1].split("</nav>", 1)[0]
    assert '<a href="/sections/best-pick/" aria-current="page">Best Pick</a>' in nav
    assert "Retired" not in nav
    assert 'href="/films/">Films</a>' in nav  # not the current page here


def test_footer_shows_the_editable_social_links(client, magazine):
    html = client.get("/films/").content.decode()
    footer = html.split('<footer class="site-footer">', 1)[1]
    assert '<a href="https://news.example/" rel="me noopener">Newsletter</a>' in footer
    assert 'href="#top"' in footer and 'id="top"' in html
