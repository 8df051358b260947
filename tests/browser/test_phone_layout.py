"""At 390 px, over the demo content: the film card comes before the article's second screen,
the post does not repeat the footer, the cast is compact, the browse filters fold away and
name cards show the whole printed name."""

from __future__ import annotations

import pytest

from tests.browser.support import READER_PAGES, VIEWPORTS, look, wait_for_images

pytestmark = pytest.mark.browser

SCREEN = VIEWPORTS["phone"]["height"]


def top_of(page, selector: str) -> float:
    return page.locator(selector).first.evaluate(
        "element => element.getBoundingClientRect().top + window.scrollY"
    )


def test_the_about_the_film_card_starts_within_the_first_two_screens(demo_page, screenshot):
    page = demo_page("phone")
    page.goto(READER_PAGES["post"])

    card_top = top_of(page, ".film-about")

    assert card_top < 2 * SCREEN, f"the film card starts {card_top:.0f}px down"
    assert page.locator(".film-about__title a").first.is_visible()
    look(page, screenshot, "post")


def test_the_post_does_not_repeat_the_footers_follow_links(demo_page):
    page = demo_page("phone")
    page.goto(READER_PAGES["post"])

    assert page.get_by_role("heading", name="Share this post").count() == 1
    assert page.locator("main").get_by_role("heading", name="Follow").count() == 0
    assert page.locator("footer").get_by_role("heading", name="Follow us").count() == 1


def test_the_cast_is_compact_on_a_phone(demo_page):
    page = demo_page("phone")
    page.goto(READER_PAGES["film"])

    cast = page.locator(".cast-grid").first
    cards = cast.locator("li").count()
    height = cast.evaluate("element => element.getBoundingClientRect().height")

    assert cards >= 8
    assert height < cards * 50, f"{cards} cast cards take {height:.0f}px"


def test_name_cards_show_the_whole_printed_name(demo_page):
    page = demo_page("phone")
    page.goto(READER_PAGES["film"])
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # lazy images load
    wait_for_images(page)

    shapes = page.locator(".cast-grid img.person-card__photo").evaluate_all(
        """images => images.map(image => {
            const box = image.getBoundingClientRect();
            const style = getComputedStyle(image);
            return {
                drawn: image.naturalWidth / image.naturalHeight,
                shown: box.width / box.height,
                fit: style.objectFit,
                round: style.borderRadius,
            };
        })"""
    )

    assert shapes
    for shape in shapes:
        uncropped = shape["fit"] == "contain" or abs(shape["drawn"] - shape["shown"]) < 0.02
        assert uncropped, shape
        assert shape["round"] != "50%", shape


def test_the_browse_filters_fold_behind_a_toggle_on_a_phone(demo_page, screenshot):
    page = demo_page("phone")
    page.goto("/films/")

    toggle = page.locator("details.filters-panel > summary")
    assert toggle.is_visible()
    assert not page.locator("form.filters select").first.is_visible()
    assert top_of(page, ".film-card") < SCREEN, "the first film is not on the first screen"
    toggle.click()
    assert page.locator("form.filters select").first.is_visible()
    look(page, screenshot, "browse-filters-open")


def test_the_browse_filters_stay_open_on_a_desktop_and_after_filtering(demo_page):
    page = demo_page("desktop")
    page.goto("/films/")
    assert page.locator("form.filters select").first.is_visible()
    assert not page.locator("details.filters-panel > summary").is_visible()

    phone = demo_page("phone")
    phone.goto(READER_PAGES["browse"])
    assert phone.locator("form.filters select").first.is_visible()  # the filters in use show
