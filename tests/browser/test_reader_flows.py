"""In a real browser, over the demo content: what readers do, with a mouse and with the keyboard
alone, each step checked for sideways overflow and saved as a screenshot at phone and desktop
width."""

from __future__ import annotations

import re

import pytest

from tests.browser.support import (
    BEST_PICK,
    SEED_COMMENTER,
    THREAD_POST,
    approve_in_admin,
    approve_in_admin_by_keyboard,
    look,
    tab_to,
)

pytestmark = pytest.mark.browser

VIDEO_HOSTS = re.compile(r"youtube|youtu\.be|vimeo|googlevideo|ytimg")
# A form sent sooner than MARQUEE_COMMENT_MIN_SECONDS (3 s) after the page loaded is held as spam.
HUMAN_PAUSE_MS = 3200
HELD = "Your comment is awaiting moderation"


def heading(page) -> str:
    return " ".join(page.text_content("h1").split())


def press_and_wait(page, key: str) -> None:
    """Press a key that follows a link or sends a form, and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def card_years(page) -> list[int]:
    return [int(year) for year in page.locator(".film-card .card__meta").all_text_contents()]


def test_reader_goes_from_the_best_pick_to_la_la_land_and_emma_stone_and_back(
    demo_page, screenshot
):
    page = demo_page("desktop")
    page.goto("/")
    look(page, screenshot, "home")

    page.click(".card__title a:has-text('La La Land: here')")
    assert heading(page) == "La La Land: here's to the ones who dream"
    look(page, screenshot, "best-pick")

    page.click(".film-about__title a:has-text('La La Land')")
    assert heading(page) == "La La Land (2016)"
    look(page, screenshot, "film")

    page.click(".cast-grid a:has-text('Emma Stone')")
    assert heading(page) == "Emma Stone"
    assert page.locator(".filmography").get_by_text("Mia Dolan").is_visible()
    look(page, screenshot, "person")

    page.go_back()
    assert heading(page) == "La La Land (2016)"
    page.go_back()
    assert heading(page) == "La La Land: here's to the ones who dream"


def test_reader_follows_a_byline_to_the_writers_page(demo_page, screenshot):
    page = demo_page("desktop")
    page.goto("/picks/la-la-land-here-is-to-the-dreamers/")
    page.click(".post__byline a.byline")
    assert heading(page) == "Ines Carvalho"
    assert page.locator(".author-head__photo").is_visible()
    assert page.locator(".card__title a:has-text('ending, explained')").is_visible()
    look(page, screenshot, "author")


def test_reader_filters_films_by_genre_and_decade_and_pages_through(demo_page, screenshot):
    page = demo_page("desktop")
    page.goto("/films/")
    everything = page.text_content(".results-count")

    page.select_option("#id_genre", label="Drama")
    page.select_option("#id_decade", label="2010s")
    page.click(".filters button[type=submit]")

    assert "genre=drama" in page.url and "decade=2010" in page.url
    assert page.text_content(".results-count") == "8 films" != everything
    assert page.text_content(".pagination__status") == "Page 1 of 4"
    first_page = page.locator(".film-card .card__title").all_text_contents()
    assert all(2010 <= year < 2020 for year in card_years(page))
    look(page, screenshot, "films-filtered")

    page.click(".pagination a[rel=next]")

    assert page.text_content(".pagination__status") == "Page 2 of 4"
    assert page.locator(".film-card .card__title").all_text_contents() != first_page
    assert all(2010 <= year < 2020 for year in card_years(page))
    assert page.input_value("#id_genre") == "drama"
    assert page.input_value("#id_decade") == "2010"
    look(page, screenshot, "films-page-2")


def test_reader_searches_and_opens_a_result(demo_page, screenshot):
    page = demo_page("desktop")
    page.goto("/")

    page.fill("#site-search-q", "whiplash")
    page.press("#site-search-q", "Enter")

    assert heading(page) == "Results for “whiplash”"
    look(page, screenshot, "search")
    page.click(".search-hit--films .search-hit__title a:has-text('Whiplash')")
    assert heading(page) == "Whiplash (2014)"


def write_comment(page, *, name: str, email: str, text: str) -> None:
    page.wait_for_timeout(HUMAN_PAUSE_MS)
    page.fill("#id_name", name)
    page.fill("#id_email", email)
    page.fill("#id_comment", text)
    page.click("#comment-form button[type=submit]")


def test_comment_is_held_then_shown_once_an_editor_approves_it(demo_page, demo_server, screenshot):
    text = "The planetarium scene made me cry twice"
    reader = demo_page("desktop")
    reader.goto(BEST_PICK)

    write_comment(reader, name="Ana Reader", email="ana@example.com", text=text)

    assert HELD in reader.text_content("#comment-result")
    assert reader.get_attribute("#comment-result", "aria-live") == "polite"
    assert reader.get_by_text(text).count() == 0
    look(reader, screenshot, "comment-held")

    editor = demo_page("desktop")
    assert "1 comment approved" in approve_in_admin(editor, demo_server.editor_password, text)
    screenshot(editor, "admin-approved")

    reader.reload()
    comment = reader.locator(".comment", has_text=text)
    assert comment.is_visible()
    assert "Ana Reader" in comment.text_content()
    look(reader, screenshot, "comment-published")


def test_reader_replies_to_a_comment(demo_page, demo_server, screenshot):
    text = "Agreed, the epilogue is the whole film"
    reader = demo_page("desktop")
    reader.goto(THREAD_POST)

    reader.click(f".comment__reply:has-text('{SEED_COMMENTER}')")
    assert reader.text_content("#comment-form-title") == f"Reply to {SEED_COMMENTER}"
    write_comment(reader, name="Ben Reader", email="ben@example.com", text=text)
    assert HELD in reader.text_content("#comment-result")
    approve_in_admin(demo_page("desktop"), demo_server.editor_password, text)
    reader.reload()

    parent = reader.locator(".comment", has_text=SEED_COMMENTER).first
    reply = parent.locator(".comment-list--replies .comment", has_text=text)
    assert reply.is_visible()
    look(reader, screenshot, "reply-published")


def test_trailer_loads_from_the_video_host_only_after_the_reader_clicks_play(demo_page, screenshot):
    page = demo_page("desktop")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto("/films/la-la-land/")
    page.wait_for_load_state("networkidle")
    page.mouse.wheel(0, 4000)  # lazy images and anything else scrolling would load

    assert [url for url in requests if VIDEO_HOSTS.search(url)] == []
    assert page.locator("iframe").count() == 0
    look(page, screenshot, "trailer-before")

    with page.expect_request(lambda request: "youtube-nocookie.com" in request.url):
        page.click("a.trailer__play")

    src = page.get_attribute("iframe.trailer__frame", "src")
    assert src.startswith("https://www.youtube-nocookie.com/embed/")
    assert page.get_attribute("iframe.trailer__frame", "title") == "Trailer: La La Land"
    look(page, screenshot, "trailer-after")


# The same flows with the keyboard alone: Tab to move, Enter and Space to act -----------------


def test_keyboard_reader_goes_from_home_to_emma_stone_and_back_to_the_film(demo_page, screenshot):
    page = demo_page("desktop")
    page.goto("/")

    tab_to(page, ".skip-link")
    page.keyboard.press("Enter")
    tab_to(page, ".card__title a", "La La Land: here")
    press_and_wait(page, "Enter")
    assert heading(page) == "La La Land: here's to the ones who dream"

    tab_to(page, ".film-about__title a", "La La Land")
    press_and_wait(page, "Enter")
    assert heading(page) == "La La Land (2016)"

    tab_to(page, ".cast-grid a", "Emma Stone")
    press_and_wait(page, "Enter")
    assert heading(page) == "Emma Stone"
    look(page, screenshot, "keyboard-person")

    tab_to(page, ".filmography a", "La La Land")
    press_and_wait(page, "Enter")
    assert heading(page) == "La La Land (2016)"


def test_keyboard_reader_filters_films_and_pages_through(demo_page, screenshot):
    page = demo_page("desktop")
    page.goto("/films/")

    tab_to(page, "#id_genre")
    page.keyboard.type("Drama")
    tab_to(page, "#id_decade")
    page.keyboard.type("2010")
    tab_to(page, ".filters button[type=submit]")
    press_and_wait(page, "Space")
    assert "genre=drama" in page.url
    assert page.text_content(".results-count") == "8 films"

    tab_to(page, ".pagination a[rel=next]")
    press_and_wait(page, "Enter")
    assert "page=2" in page.url
    assert page.text_content(".pagination__status") == "Page 2 of 4"
    look(page, screenshot, "keyboard-films-page-2")


def test_keyboard_reader_searches_and_opens_a_result(demo_page, screenshot):
    page = demo_page("desktop")
    page.goto("/")

    tab_to(page, "#site-search-q")
    page.keyboard.type("emma stone")
    press_and_wait(page, "Enter")
    assert "/search/" in page.url
    tab_to(page, ".search-hit--people .search-hit__title a", "Emma Stone")
    press_and_wait(page, "Enter")

    assert heading(page) == "Emma Stone"
    look(page, screenshot, "keyboard-search-result")


def keyboard_comment(page, *, name: str, email: str, text: str) -> None:
    tab_to(page, "#id_name")
    page.keyboard.type(name)
    tab_to(page, "#id_email")
    page.keyboard.type(email)
    tab_to(page, "#id_comment")
    page.keyboard.type(text)
    tab_to(page, "#id_remember")
    page.keyboard.press("Space")
    assert page.is_checked("#id_remember")
    page.wait_for_timeout(HUMAN_PAUSE_MS)
    tab_to(page, "#comment-form button[type=submit]")
    press_and_wait(page, "Enter")


def test_keyboard_reader_comments_and_replies(demo_page, demo_server, screenshot):
    page = demo_page("desktop")
    page.goto(THREAD_POST)

    keyboard_comment(page, name="Cleo Keys", email="cleo@example.com", text="Typed without a mouse")
    assert HELD in page.text_content("#comment-result")

    editor = demo_page("desktop")
    message = approve_in_admin_by_keyboard(editor, demo_server.editor_password, "Typed without")
    assert "1 comment approved" in message
    screenshot(editor, "keyboard-admin-approved")
    page.reload()
    assert page.locator(".comment", has_text="Typed without a mouse").is_visible()

    tab_to(page, ".comment__reply", SEED_COMMENTER)
    press_and_wait(page, "Enter")
    assert "reply_to=" in page.url
    assert page.text_content("#comment-form-title") == f"Reply to {SEED_COMMENTER}"
    # The name, email and website came back from the "remember me" cookie.
    assert page.input_value("#id_name") == "Cleo Keys"
    tab_to(page, "#id_comment")
    page.keyboard.type("And a reply, also by keyboard")
    page.wait_for_timeout(HUMAN_PAUSE_MS)
    tab_to(page, "#comment-form button[type=submit]")
    press_and_wait(page, "Enter")

    # Cleo now has an approved comment, so her reply is shown at once, under the one it answers.
    assert "Your comment is published." in page.text_content("#comment-result")
    assert page.get_by_text("And a reply, also by keyboard").is_visible()
    thread = page.locator("li.comment:has(li.comment:has-text('And a reply, also by keyboard'))")
    assert SEED_COMMENTER in thread.first.text_content()
    look(page, screenshot, "keyboard-reply-published")


def test_keyboard_reader_plays_the_trailer(demo_page, screenshot):
    page = demo_page("desktop")
    page.goto("/films/la-la-land/")

    tab_to(page, "a.trailer__play")
    with page.expect_request(lambda request: "youtube-nocookie.com" in request.url):
        page.keyboard.press("Enter")

    assert page.locator("iframe.trailer__frame").count() == 1
    assert page.evaluate("document.activeElement.tagName") == "IFRAME"
    look(page, screenshot, "keyboard-trailer-playing")
