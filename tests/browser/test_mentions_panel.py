"""In a real browser: the post's admin page lists the films and people it names, fits 1280 and
390 px and passes axe; "Not this…" asks, removes the link from the public page, and the
editor's unsaved text in the post form is not sent with it."""

from __future__ import annotations

import pytest

from picks.models import Post
from picks.roles import EDITOR
from tests.browser.support import look
from tests.browser.test_editor_workflow import log_in, staff
from tests.browser.test_factcheck_panel import axe_violations
from tests.factories import make_person, make_post

pytestmark = pytest.mark.browser


def test_an_editor_turns_down_a_wrong_mention(new_page, screenshot):
    staff("edith", EDITOR)
    make_person(name="Emma Stone", slug="emma-stone")
    make_person(name="Tarell Alvin McCraney", slug="tarell-alvin-mccraney")
    post = make_post(
        title="Two Emma Stones",
        body="Emma Stone, the sculptor, not the actress, carved it. Tarell Alvin McCraney wrote.",
    )
    page = new_page("desktop")
    log_in(page, "edith")
    page.goto(f"/admin/picks/post/{post.pk}/change/")
    panel = page.locator(".mentions-panel")
    assert "Emma Stone (person)" in panel.inner_text()
    assert "Tarell Alvin McCraney (person)" in panel.inner_text()
    assert axe_violations(page, ".field-mentions_panel") == []
    look(page, screenshot, "mentions-panel")

    page.once("dialog", lambda dialog: dialog.accept())  # the unsaved-changes warning, if any
    panel.get_by_role("row", name="Emma Stone").get_by_role("link", name="Not this…").click()
    page.get_by_role("button", name="Not this: remove the link").click()
    assert "is no longer linked" in page.locator("ul.messagelist").inner_text()

    body = Post.objects.get(pk=post.pk).body_html
    assert "/people/emma-stone/" not in body
    assert "/people/tarell-alvin-mccraney/" in body
    page.goto(post.get_absolute_url())
    assert page.locator("a[href='/people/emma-stone/']").count() == 0
    assert page.locator("a[href='/people/tarell-alvin-mccraney/']").count() == 1
