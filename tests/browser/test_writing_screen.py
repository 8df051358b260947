"""In a real browser, the writing screen: an editor's Best Pick from the desk to live (page
loads and clicks counted and printed), autosave after a closed tab, an image that survives a
failed save, a scheduled post's confirmation, and axe and 1280 px on the post and film forms,
new and saved."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from picks.models import Post, PostQuote
from picks.roles import EDITOR
from tests.browser.test_accessibility import run_axe
from tests.browser.test_editor_workflow import choose, hero_png, log_in, staff  # noqa: F401
from tests.factories import make_film, make_la_la_land, make_post, make_quote, make_section

pytestmark = pytest.mark.browser

TITLE = "Best Pick: Heat, the diner scene"
MAX_PAGE_LOADS = 4


class Counter:
    """Page loads (each document the tab loads) and clicks, for the closing figures."""

    def __init__(self, page) -> None:
        self.page, self.loads, self.clicks = page, 0, 0
        page.on("load", lambda _page: self._loaded())

    def _loaded(self) -> None:
        self.loads += 1

    def click(self, locator) -> None:
        self.clicks += 1
        locator.click()


def fill_verdict_if_offered(page) -> None:
    """Our rating and verdict, where the form asks for them (a Best Pick needs them)."""
    if page.locator("#id_rating").count():
        if page.locator("select#id_rating").count():
            page.select_option("#id_rating", index=page.locator("#id_rating option").count() - 1)
        else:
            page.fill("#id_rating", "4.5")
        page.fill("#id_verdict", "Still the best twenty minutes of crime on film.")


def test_a_best_pick_about_a_film_in_the_records_goes_from_the_desk_to_live(
    new_page,
    screenshot,
    hero_png,  # noqa: F811
    live_server,
):
    staff("edith", EDITOR)
    make_section(name="Best Pick", slug="best-pick")
    make_film(title="Heat")
    page = new_page("desktop")
    log_in(page, "edith")

    count = Counter(page)
    page.goto("/admin/")
    new_pick = page.locator("a.desk__new-pick, a[href='/admin/picks/post/add/']").first
    count.click(new_pick)
    page.wait_for_url(re.compile(r"/admin/picks/post/add/"))
    page.fill("#id_title", TITLE)
    if "section=" not in page.url:
        count.clicks += 3  # the section's autocomplete: open, type, pick
        choose(page, "id_section", "Best Pick")
    page.fill("#id_standfirst", "Two professionals, one table, no second chances.")
    page.fill("#id_body", "The ")
    count.click(page.get_by_role("button", name="Bold"))
    page.keyboard.type("diner scene")
    page.wait_for_selector("#writing-preview strong:has-text('diner scene')")
    page.set_input_files("#id_hero_image", str(hero_png))
    page.fill("#id_hero_image_alt", "A dark blue night sky over Los Angeles")
    fill_verdict_if_offered(page)
    count.click(page.get_by_text("Add another Film this post is about"))
    count.clicks += 3
    choose(page, "id_film_links-0-film", "Heat")
    screenshot(page, "writing-screen")
    count.click(page.get_by_role("button", name="Publish now"))
    page.wait_for_selector("text=is published: readers can see it now")
    count.click(page.get_by_role("link", name="View it on the site"))
    page.wait_for_load_state()

    post = Post.objects.get()
    assert post.is_live and page.url.endswith(post.get_absolute_url())
    assert page.locator("h1").first.inner_text() == TITLE
    print(f"\nDesk to live Best Pick: {count.loads} page loads, {count.clicks} clicks")
    assert count.loads <= MAX_PAGE_LOADS


def test_autosave_brings_back_text_after_the_tab_is_closed(new_page, live_server):
    staff("edith", EDITOR)
    post = make_post(title="Half written", body="Saved words.", status=Post.Status.DRAFT)
    page = new_page("desktop")
    log_in(page, "edith")
    page.goto(f"/admin/picks/post/{post.pk}/change/")
    page.fill("#id_body", "Words typed and never saved.")
    page.wait_for_selector("text=Draft autosaved at")
    context = page.context
    page.close()

    page = context.new_page()
    page.goto(f"/admin/picks/post/{post.pk}/change/")
    assert page.input_value("#id_body") == "Saved words."
    page.get_by_role("button", name="Restore the autosave").click()
    assert page.input_value("#id_body") == "Words typed and never saved."


def test_an_image_survives_a_failed_save(new_page, hero_png, live_server):  # noqa: F811
    staff("edith", EDITOR)
    section = make_section(name="Long Reads", slug="long-reads")
    page = new_page("desktop")
    log_in(page, "edith")
    page.goto(f"/admin/picks/post/add/?section={section.pk}")
    page.set_input_files("#id_hero_image", str(hero_png))
    page.fill("#id_hero_image_alt", "A dark blue night sky")
    page.get_by_role("button", name="Save draft").click()  # no title: the save fails
    kept = page.locator(".kept-upload img")
    kept.wait_for()
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", kept.element_handle())
    page.fill("#id_title", "Now with a title")
    page.fill("#id_slug", "now-with-a-title")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_selector("text=is saved as a draft")
    assert Post.objects.get().hero_image.width == 1200


def test_a_scheduled_posts_confirmation_names_its_time(new_page, live_server):
    staff("edith", EDITOR)
    post = make_post(title="For Friday", status=Post.Status.DRAFT, publish_at=None)
    when = timezone.localtime() + timedelta(days=3)
    page = new_page("desktop")
    log_in(page, "edith")
    page.goto(f"/admin/picks/post/{post.pk}/change/")
    page.fill("#id_publish_at_0", when.strftime("%Y-%m-%d"))
    page.fill("#id_publish_at_1", "09:30:00")
    page.get_by_role("button", name="Schedule…").click()
    message = page.locator(".messagelist .success").inner_text()
    expected = f"{when:%A} {when.day} {when:%B %Y} at 09:30"
    assert f"“For Friday” is scheduled: it goes live on {expected}" in message


def test_the_post_and_film_forms_pass_axe_and_fit_1280_px(new_page, screenshot, live_server):
    staff("edith", EDITOR)
    make_section(name="Best Pick", slug="best-pick")
    page = new_page("desktop")
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "edith")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    for name, url in (("post", "/admin/picks/post/add/"), ("film", "/admin/films/film/add/")):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the {name} form is {overflow}px wider than 1280 px"
        violations = run_axe(page)["violations"]
        assert violations == [], (
            errors,
            [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations],
        )
        screenshot(page, f"{name}-form")


def assert_fits_and_passes_axe(page, name: str, errors: list) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the {name} form is {overflow}px wider than 1280 px"
    violations = run_axe(page)["violations"]
    assert violations == [], (
        errors,
        [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations],
    )


def test_a_saved_post_and_film_pass_axe_and_fit_1280_px(new_page, screenshot, live_server):
    """The change forms: the post's film row (order and delete boxes), featured quote, Fact-check
    findings and names panel; the film's cast rows."""
    staff("edith", EDITOR)
    film = make_la_la_land()
    post = make_post(
        title="La La Land, again",
        section=make_section(name="Best Pick", slug="best-pick"),
        status=Post.Status.DRAFT,
        films=[film],
        body="La La Land is a musical.\n\nMia (Julianne Moore) pours coffee on a studio lot.",
    )
    PostQuote.objects.create(post=post, quote=make_quote(film=film))
    page = new_page("desktop")
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "edith")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"/admin/picks/post/{post.pk}/change/")
    page.get_by_role("button", name="Fact-check the saved text").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".factcheck__item").count() >= 1
    assert page.locator("#id_film_links-0-DELETE").count() == 1
    assert_fits_and_passes_axe(page, "saved post", errors)
    screenshot(page, "saved-post-form")
    page.goto(f"/admin/films/film/{film.pk}/change/")
    page.wait_for_load_state("networkidle")
    assert page.locator("input[id$='-character']").count() >= 2
    assert_fits_and_passes_axe(page, "saved film", errors)
    screenshot(page, "saved-film-form")
