"""In a real browser: the editors' desk and the comment queue. One-click moderation with and
without JavaScript, the desk's lists for an editor and a contributor, a blocked delete that
names the post in the way, pages that fit the screen, and a desk axe finds nothing wrong with."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from picks.models import Comment, Post
from picks.roles import CONTRIBUTOR, EDITOR
from tests.browser.support import AXE_RESULTS, VIEWPORTS, look
from tests.browser.test_accessibility import describe, run_axe
from tests.factories import (
    make_comment,
    make_credit,
    make_film,
    make_person,
    make_post,
    make_score,
    make_section,
    make_user,
)

pytestmark = pytest.mark.browser

PASSWORD = "a-long-browser-password"


def staff(username: str, role: str, first_name: str):
    user = make_user(username=username, password=PASSWORD, is_staff=True, first_name=first_name)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def newsroom(transactional_db):
    """An editor, a contributor, and what waits for them."""
    edith = staff("edith", EDITOR, "Edith")
    colin = staff("colin", CONTRIBUTOR, "Colin")
    best_pick = make_section(name="Best Pick", slug="best-pick")
    film = make_film(title="Whiplash", slug="whiplash")
    for billing in range(1, 13):
        make_credit(film=film, person=make_person(name=f"Drummer number {billing}"),
                    character=f"Band member with a long name {billing}",
                    billing_order=billing)  # fmt: skip
    make_score(film=film)
    live = make_post(title="Not quite my tempo", section=best_pick, films=[film], author=edith,
                     tags=["New York", "jazz"])  # fmt: skip
    make_post(title="Edith's half-written pick", status=Post.Status.DRAFT, author=edith)
    make_post(title="Colin's first draft", status=Post.Status.DRAFT, author=colin)
    make_post(title="Friday's pick", author=edith, publish_at=timezone.now() + timedelta(days=3))
    make_film(title="A contributor's film", is_published=False)
    comments = {
        name: make_comment(post=live, name=name, body=body, status=Comment.Status.PENDING)
        for name, body in [
            ("Ana", "The drum solo at the end is the whole film. I held my breath."),
            ("Bo", "Fletcher is the best villain of the decade."),
            ("Cy", "Cheap watches here, follow the link."),
        ]
    }
    return {"edith": edith, "colin": colin, "film": film, "post": live, "comments": comments}


def log_in(page, username: str, then: str = "/admin/") -> None:
    page.goto(f"/admin/login/?next={then}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(re.escape(then) + "$"))


@pytest.fixture
def open_page(browser, live_server):
    """open_page(javascript=False) opens a fresh desktop-sized context on the live server."""
    contexts = []

    def open_(*, javascript: bool = True):
        context = browser.new_context(
            viewport=VIEWPORTS["desktop"],
            base_url=live_server.url,
            java_script_enabled=javascript,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


def status_of(comment: Comment) -> str:
    comment.refresh_from_db()
    return comment.status


# One-click moderation from the desk


def test_desk_moderates_in_place_with_javascript(open_page, newsroom, screenshot):
    ana, bo = newsroom["comments"]["Ana"], newsroom["comments"]["Bo"]
    page = open_page()
    log_in(page, "edith")
    item = page.locator(f"#desk-comment-{ana.pk}")
    assert "The drum solo at the end is the whole film." in item.inner_text()
    screenshot(page, "desk-before")

    item.get_by_role("button", name=re.compile("^Approve")).click()
    result = item.locator(".moderation__result")
    result.wait_for(state="visible")
    assert result.inner_text().startswith("Approved: the comment by")
    assert page.url.endswith("/admin/")  # no page load: the row changed in place
    assert page.locator("[data-waiting-count]").inner_text() == "2 comments awaiting moderation"
    assert not item.get_by_role("button", name=re.compile("^Approve")).is_visible()
    assert page.evaluate("document.activeElement.classList.contains('moderation__result')")
    assert status_of(ana) == Comment.Status.APPROVED

    reply = page.locator(f"#desk-comment-{bo.pk}")
    reply.locator("summary").click()
    reply.get_by_label("Your reply").fill("Thank you, Bo: he is.")
    reply.get_by_role("button", name="Approve and reply").click()
    reply.locator(".moderation__result").wait_for(state="visible")
    assert "Approved and replied" in reply.locator(".moderation__result").inner_text()
    assert status_of(bo) == Comment.Status.APPROVED
    assert bo.replies.get().body == "Thank you, Bo: he is."
    screenshot(page, "desk-after")


def test_desk_moderates_by_keyboard_shortcuts(open_page, newsroom):
    ana, bo = newsroom["comments"]["Ana"], newsroom["comments"]["Bo"]
    page = open_page()
    log_in(page, "edith")
    item = page.locator(f"#desk-comment-{ana.pk}")
    item.get_by_role("button", name=re.compile("^Spam")).focus()
    page.keyboard.press("a")  # on any of the comment's buttons: A approves
    item.locator(".moderation__result").wait_for(state="visible")
    assert item.locator(".moderation__result").inner_text().startswith("Approved")
    assert status_of(ana) == Comment.Status.APPROVED

    other = page.locator(f"#desk-comment-{bo.pk}")
    other.get_by_role("button", name=re.compile("^Approve")).focus()
    page.keyboard.press("r")  # R opens the reply box, and typing there decides nothing
    reply_box = other.get_by_label("Your reply")
    assert reply_box.evaluate("box => box === document.activeElement")
    reply_box.type("asd")
    assert status_of(bo) == Comment.Status.PENDING
    assert reply_box.input_value() == "asd"


def test_desk_moderates_without_javascript(open_page, newsroom, screenshot):
    cy = newsroom["comments"]["Cy"]
    page = open_page(javascript=False)
    log_in(page, "edith")
    with page.expect_navigation():
        page.locator(f"#desk-comment-{cy.pk}").get_by_role(
            "button", name=re.compile("^Spam")
        ).click()
    assert page.url.endswith("/admin/")
    assert "Marked as spam: the comment by" in page.locator(".messagelist").inner_text()
    assert page.locator(f"#desk-comment-{cy.pk}").count() == 0
    assert status_of(cy) == Comment.Status.SPAM
    screenshot(page, "desk-no-js")


# One-click moderation from the queue


def test_queue_moderates_in_place_with_javascript(open_page, newsroom, screenshot):
    bo = newsroom["comments"]["Bo"]
    page = open_page()
    log_in(page, "edith", "/admin/picks/comment/")
    row = page.locator("#result_list tr", has_text="Fletcher is the best villain")
    row.get_by_role("button", name=re.compile("^Approve")).click()
    row.locator(".moderation__result").wait_for(state="visible")
    assert row.locator(f'[data-comment-status="{bo.pk}"]').inner_text() == "Approved"
    assert page.url.endswith("/admin/picks/comment/")
    assert status_of(bo) == Comment.Status.APPROVED
    screenshot(page, "queue-js")


def test_queue_moderates_without_javascript_and_keeps_its_filter(open_page, newsroom, screenshot):
    ana = newsroom["comments"]["Ana"]
    page = open_page(javascript=False)
    log_in(page, "edith", "/admin/picks/comment/?status__exact=pending")
    row = page.locator("#result_list tr", has_text="The drum solo")
    with page.expect_navigation():
        row.get_by_role("button", name=re.compile("^Remove")).click()
    assert page.url.endswith("/admin/picks/comment/?status__exact=pending")
    assert "Removed: the comment by" in page.locator(".messagelist").inner_text()
    assert status_of(ana) == Comment.Status.REMOVED
    # The bulk actions stay.
    page.check(f"input.action-select[value='{newsroom['comments']['Cy'].pk}']")
    page.select_option("select[name=action]", "mark_spam")
    with page.expect_navigation():
        page.click("button[name=index]")
    assert "1 comment marked as spam." in page.locator(".messagelist").inner_text()
    screenshot(page, "queue-no-js")


# What the desk lists for whom


def test_desk_lists_for_an_editor_and_a_contributor(open_page, newsroom, screenshot):
    page = open_page()
    log_in(page, "edith")
    desk = page.locator("#content-main").inner_text()
    assert "Edith's half-written pick" in desk and "Colin's first draft" in desk
    assert "Friday's pick" in desk and "A contributor's film" in desk
    assert "3 comments awaiting moderation" in desk
    assert page.get_by_role("link", name="New Best Pick").is_visible()
    screenshot(page, "desk-editor")

    page = open_page()
    log_in(page, "colin")
    desk = page.locator("#content-main").inner_text()
    assert "Your drafts" in desk and "Colin's first draft" in desk
    assert "Edith's half-written pick" not in desk
    assert "awaiting moderation" not in desk and "Approve" not in desk
    assert "Friday's pick" in desk  # everyone's schedule, on every desk
    screenshot(page, "desk-contributor")
    page.get_by_role("link", name="New Best Pick").click()
    page.wait_for_url(re.compile(r"/admin/picks/post/add/\?section=\d+$"))
    assert "Best Pick" in page.locator(".field-section").inner_text()


# Refusals that help


def test_a_blocked_delete_names_the_post_with_a_link(open_page, newsroom, screenshot):
    film = newsroom["film"]
    page = open_page()
    log_in(page, "edith", f"/admin/films/film/{film.pk}/delete/")
    assert "can't be deleted: posts are about it." in page.locator("#content").inner_text()
    listed = page.locator("#deleted-objects li")
    assert listed.count() == 1
    assert "Drummer" not in page.locator("#deleted-objects").inner_text()
    screenshot(page, "refused-delete")
    listed.get_by_role("link", name="Not quite my tempo").click()
    page.wait_for_url(re.compile(rf"/admin/picks/post/{newsroom['post'].pk}/change/$"))


# Fit and accessibility


@pytest.mark.parametrize("where", ["desk", "film form", "post form", "comment queue"])
def test_editor_pages_fit_the_screen(open_page, newsroom, screenshot, where):
    paths = {
        "desk": "/admin/",
        "film form": f"/admin/films/film/{newsroom['film'].pk}/change/",
        "post form": f"/admin/picks/post/{newsroom['post'].pk}/change/",
        "comment queue": "/admin/picks/comment/",
    }
    page = open_page()
    log_in(page, "edith", paths[where])
    if where == "post form":  # tags as plain names, suggested from those in use
        assert page.input_value("#id_tags") == "jazz, New York"
    overflows = look(page, screenshot, where.replace(" ", "-"))
    assert overflows["desktop"] <= 0 and overflows["phone"] <= 0


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_desk_has_no_wcag_21_aa_violation(browser, live_server, newsroom, scheme):
    context = browser.new_context(
        viewport=VIEWPORTS["desktop"], base_url=live_server.url, color_scheme=scheme
    )
    try:
        page = context.new_page()
        log_in(page, "edith")
        page.locator(".moderation__reply summary").first.click()  # the reply box open, too
        results = run_axe(page)
        assert results["violations"] == [], describe(results["violations"])
        assert len(results["passes"]) > 10  # axe ran the reader pages' WCAG 2.1 AA rules
        AXE_RESULTS[f"editors' desk ({scheme})"] = len(results["passes"])
    finally:
        context.close()
