"""In a real browser: an editor presses Publish now on a Best Pick that gives Mia to the wrong
actress, reads the refusal with the sentence, ticks "Mark as checked" and publishes; the post's
Fact-check panel fits 1280 and 390 px and passes axe."""

from __future__ import annotations

from decimal import Decimal

import pytest

from picks.models import FactFinding, Post
from picks.roles import EDITOR
from tests.browser.support import look
from tests.browser.test_accessibility import WCAG_21_AA, run_axe
from tests.browser.test_editor_workflow import log_in, staff
from tests.factories import image_file, make_la_la_land, make_post, make_section

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("media_root")]


def axe_violations(page, selector: str) -> list:
    """axe on one part of the page: ours (the admin around it is Django's own)."""
    run_axe(page)  # loads axe into the page
    result = page.evaluate(
        "([selector, tags]) => axe.run({include: [[selector]]}, "
        "{runOnly: {type: 'tag', values: tags}})",
        [selector, WCAG_21_AA],
    )
    return [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]


WRONG = "Mia (Julianne Moore) pours coffee on a studio lot between auditions."


def test_an_editor_is_stopped_by_the_fact_check_and_marks_the_finding_checked(new_page, screenshot):
    staff("edith", EDITOR)
    film = make_la_la_land()
    post = make_post(
        title="La La Land, again",
        section=make_section(name="Best Pick", slug="best-pick"),
        status=Post.Status.DRAFT,
        films=[film],
        body=f"La La Land is a musical about two dreamers.\n\n{WRONG}",
        hero_image=image_file("hero.png"),
        hero_image_alt="Two dancers above the city",
        rating=Decimal("4.5"),
        verdict="A musical that knows what dreams cost.",
    )
    page = new_page("desktop")
    log_in(page, "edith")
    page.goto(f"/admin/picks/post/{post.pk}/change/")
    page.fill("#id_standfirst", "Typed just now, and kept.")
    page.get_by_role("button", name="Publish now").click()

    refusal = page.locator("#fact-check-refused")
    assert "give Mia Dolan to Emma Stone, not Julianne Moore" in refusal.inner_text()
    assert WRONG in refusal.inner_text()
    assert page.input_value("#id_standfirst") == "Typed just now, and kept."
    assert axe_violations(page, "#fact-check-refused") == []
    look(page, screenshot, "refused")

    refusal.get_by_label("Mark as checked: the text is right").check()
    page.get_by_role("button", name="Publish now").click()
    assert "is published" in page.locator("ul.messagelist").inner_text()
    post.refresh_from_db()
    assert post.is_live and post.standfirst == "Typed just now, and kept."

    panel = page.locator("#fact-check")
    assert "Checked by edith on" in panel.inner_text()
    assert FactFinding.objects.get(post=post).checked_by.username == "edith"
    assert axe_violations(page, "#fact-check") == []
    look(page, screenshot, "panel")
