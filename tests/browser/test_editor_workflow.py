"""In a real browser: an editor writes, previews and publishes a Best Pick; a reader sees it;
a contributor's attempt to publish is refused."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from PIL import Image

from picks.models import Post
from picks.roles import CONTRIBUTOR, EDITOR
from tests.factories import make_film, make_post, make_section, make_user

pytestmark = pytest.mark.browser

PASSWORD = "a-long-browser-password"
TITLE = "Best Pick: Heat, thirty years on"


def staff(username: str, role: str):
    user = make_user(username=username, password=PASSWORD, is_staff=True, first_name=username)
    user.groups.add(Group.objects.get(name=role))
    return user


def log_in(page, username: str) -> None:
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def choose(page, field_id: str, text: str) -> None:
    """Pick `text` in the admin's autocomplete (select2) for the <select id=field_id>."""
    page.click(f"#{field_id} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", text)
    page.click(f".select2-results__option:has-text('{text}')")


@pytest.fixture
def hero_png(tmp_path):
    path = tmp_path / "heat-hero.png"
    Image.new("RGB", (1200, 600), "#1d3557").save(path)
    return path


def test_editor_writes_previews_and_publishes_a_best_pick(
    new_page, screenshot, hero_png, live_server
):
    staff("edith", EDITOR)
    make_section(name="Best Pick", slug="best-pick")
    make_film(title="Heat")
    page = new_page("desktop")

    log_in(page, "edith")
    page.goto("/admin/picks/post/add/")
    page.fill("#id_title", TITLE)
    choose(page, "id_section", "Best Pick")
    page.fill("#id_standfirst", "Two professionals, one city, no second chances.")
    page.fill("#id_body", "## Why now\n\nThe **diner scene** still holds the whole film.")
    page.fill("#id_rating", "4.5")
    page.fill("#id_verdict", "Two professionals, one city, and the best diner scene in cinema.")
    page.set_input_files("#id_hero_image", str(hero_png))
    page.fill("#id_hero_image_alt", "A dark blue night sky over Los Angeles")
    page.get_by_text("Add another Film this post is about").click()
    choose(page, "id_film_links-0-film", "Heat")
    page.fill("#id_tags", "crime, los angeles")
    screenshot(page, "editor-writes")

    with page.context.expect_page() as opened:
        page.get_by_role("button", name="Preview in a new tab").click()
    preview = opened.value
    preview.wait_for_load_state()
    assert preview.get_by_text("Preview — not published.").is_visible()
    assert preview.locator("h1.post__title").inner_text() == TITLE
    assert preview.locator(".post__body strong").inner_text() == "diner scene"
    assert preview.locator(".post__hero img").get_attribute("src").startswith("data:image/png")
    screenshot(preview, "preview")
    preview.close()
    assert not Post.objects.exists()  # previewing saved nothing

    page.get_by_role("button", name="Save draft", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/picks/post/\d+/change/$"))
    page.goto("/admin/picks/post/")
    post = Post.objects.get()
    assert post.status == Post.Status.DRAFT and post.films_in_order[0].title == "Heat"
    assert post.slug == "best-pick-heat-thirty-years-on"  # filled in from the title

    page.check(f"input.action-select[value='{post.pk}']")
    page.select_option("select[name=action]", "publish_selected")
    page.click("button[name=index]")
    page.wait_for_selector("text=1 post published or scheduled.")
    screenshot(page, "published")
    post.refresh_from_db()
    assert post.is_live

    reader = new_page("phone")
    reader.goto("/")
    assert reader.get_by_text(TITLE).first.is_visible()
    screenshot(reader, "reader-home")
    reader.get_by_role("link", name=TITLE).first.click()  # the lead story, also in "Latest"
    reader.wait_for_load_state()
    assert reader.url.endswith(post.get_absolute_url()), reader.url
    assert reader.get_by_text("Preview — not published.").count() == 0
    screenshot(reader, "reader-post")


def test_contributors_publish_attempt_is_refused(new_page, screenshot, live_server):
    colin = staff("colin", CONTRIBUTOR)
    draft = make_post(title="Colin's first pick", status=Post.Status.DRAFT, author=colin)
    page = new_page("desktop")

    log_in(page, "colin")
    page.goto(f"/admin/picks/post/{draft.pk}/change/")
    assert page.locator("#id_status").count() == 0  # status is shown, not editable
    assert page.locator(".field-status .readonly").inner_text() == "Draft"
    screenshot(page, "contributor-form")

    page.goto("/admin/picks/post/")
    assert page.locator("select[name=action]").count() == 0  # no publish action offered
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    forged = page.context.request.post(
        f"{live_server.url}/admin/picks/post/",
        form={
            "csrfmiddlewaretoken": csrf,
            "action": "publish_selected",
            "_selected_action": str(draft.pk),
            "index": "0",
        },
    )
    assert forged.status in (200, 302, 403)
    screenshot(page, "contributor-list")
    draft.refresh_from_db()
    assert draft.status == Post.Status.DRAFT
    assert draft.publish_at is None or draft.publish_at > timezone.now()
