"""In a real browser: the desk's Import a film page. Upload TMDb's La La Land record, read the
dry run at phone and desktop width, apply, and land on the film's admin form with its
"Imported from" panel; axe finds nothing wrong with the preview."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from films.models import Film
from picks.roles import EDITOR
from tests.browser.support import look
from tests.browser.test_accessibility import describe, run_axe
from tests.factories import make_user

pytestmark = pytest.mark.browser

LA_LA_LAND = Path(__file__).resolve().parents[1] / "data" / "import" / "tmdb_la_la_land.json"
PASSWORD = "a-long-browser-password"


def test_an_editor_previews_and_applies_an_import(new_page, screenshot, monkeypatch):
    monkeypatch.delenv("TMDB_API_KEY", raising=False)
    edith = make_user(username="edith", password=PASSWORD, is_staff=True, first_name="Edith")
    edith.groups.add(Group.objects.get(name=EDITOR))
    page = new_page("desktop")
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", "edith")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile("/admin/$"))

    page.get_by_role("link", name="Import a film").click()
    page.get_by_label("TMDb JSON file").set_input_files(str(LA_LA_LAND))
    page.get_by_role("button", name="Show the changes").click()

    assert page.get_by_role("heading", name="What importing La La Land would change").is_visible()
    assert page.get_by_role("cell", name="Emma Stone as Mia Dolan").is_visible()
    look(page, screenshot, "import-preview")
    violations = run_axe(page)["violations"]
    assert not violations, describe(violations)
    assert not Film.objects.exists()

    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"/admin/films/film/\d+/change/$"))
    assert "Imported:" in page.locator(".messagelist").inner_text()
    page.get_by_text("Imported from TMDb or IMDb").click()
    assert page.get_by_role("cell", name="runtime (minutes)").is_visible()
    assert Film.objects.get().credits.count() == 9
