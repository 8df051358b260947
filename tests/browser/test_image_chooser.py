"""In a real browser, the image chooser and people created in place: a new film with a director,
three cast members (one created in place), a poster from the library and a score in one form
with no pop-up window (page loads and clicks counted and printed); an upload in the chooser
joins the lists without a reload; a focal point moves the card crop; axe with the dialog open."""

from __future__ import annotations

import pytest
from PIL import Image

from films.models import Credit, Film, Person
from picks.models import MediaImage
from picks.roles import EDITOR
from tests.browser.test_accessibility import run_axe
from tests.browser.test_editor_workflow import choose, log_in, staff
from tests.browser.test_writing_screen import Counter
from tests.factories import make_media_image, make_outlet, make_person, make_section

pytestmark = pytest.mark.browser


def open_select(page, field_id: str, text: str) -> None:
    page.click(f"#{field_id} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", text)


def test_a_new_film_with_director_cast_poster_and_score_in_one_form(
    new_page, screenshot, live_server
):
    staff("edith", EDITOR)
    make_person(name="Michael Mann", slug="michael-mann")
    make_person(name="Al Pacino", slug="al-pacino")
    make_person(name="Robert De Niro", slug="robert-de-niro")
    poster = make_media_image(title="Heat poster", alt_text="Two men face to face", credit="WB")
    make_outlet(name="Metacritic", slug="metacritic")
    page = new_page("desktop")
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "edith")
    popups = []
    page.context.on("page", lambda opened: popups.append(opened.url))  # any new window or tab

    count = Counter(page)
    page.goto("/admin/films/film/add/")
    page.fill("#id_title", "Heat")
    page.fill("#id_release_date", "1995-12-15")
    count.clicks += 2  # the directors box: open, pick
    choose(page, "id_directors", "Michael Mann")

    cast = [("Al Pacino", "Vincent Hanna"), ("Robert De Niro", "Neil McCauley")]
    for row, (name, character) in enumerate(cast):
        count.click(page.locator("#credits-group .add-row a"))
        count.clicks += 2
        choose(page, f"id_credits-{row}-person", name)
        page.fill(f"#id_credits-{row}-character", character)
    count.click(page.locator("#credits-group .add-row a"))
    count.clicks += 1
    open_select(page, "id_credits-2-person", "Val Kilmer")
    count.click(page.locator(".select2-results__option", has_text="Create “Val Kilmer”"))
    page.wait_for_selector("text=Added “Val Kilmer” to the records")
    page.fill("#id_credits-2-character", "Chris Shiherlis")

    count.click(page.get_by_role("button", name="Choose from the library or upload…"))
    count.click(page.locator(".image-chooser-dialog__item", has_text="Heat poster"))
    assert page.input_value("#id_poster_alt") == "Two men face to face"

    count.click(page.locator("#scores-group .add-row a"))
    count.clicks += 2
    choose(page, "id_scores-0-outlet", "Metacritic")
    page.fill("#id_scores-0-value", "76")
    screenshot(page, "film-form-in-one-go")
    count.click(page.get_by_role("button", name="Save", exact=True))
    page.wait_for_selector(".messagelist .success")

    film = Film.objects.get(title="Heat")
    cast_names = set(
        film.credits.filter(role=Credit.Role.CAST).values_list("person__name", flat=True)
    )
    assert cast_names == {"Al Pacino", "Robert De Niro", "Val Kilmer"}
    assert film.credits.filter(job=Credit.Job.DIRECTOR, person__name="Michael Mann").exists()
    assert film.poster.name == poster.image.name and film.poster_alt == "Two men face to face"
    assert film.scores.count() == 1
    assert Person.objects.get(name="Val Kilmer").is_published
    assert popups == []
    print(
        f"\nNew film (director, three cast, one created in place, library poster, a score): "
        f"{count.loads} page loads, {count.clicks} clicks, {len(popups)} pop-up windows"
    )
    assert count.loads <= 2  # the form, and the page after saving


def test_an_upload_in_the_chooser_joins_both_lists_without_a_reload(
    new_page, tmp_path, live_server
):
    staff("edith", EDITOR)
    section = make_section(name="Long Reads", slug="long-reads")
    still = tmp_path / "diner.png"
    Image.new("RGB", (1200, 700), "#355070").save(still)
    page = new_page("desktop")
    log_in(page, "edith")
    count = Counter(page)
    page.goto(f"/admin/picks/post/add/?section={section.pk}")
    page.locator("#media-library summary").click()
    assert page.locator("#media-library").get_by_text("The library is empty.").is_visible()

    page.get_by_role("button", name="Upload or find an image…").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("The library is empty: upload the first image.").wait_for()
    dialog.get_by_text("Upload a new image").click()
    dialog.get_by_label("Image file").set_input_files(str(still))
    dialog.get_by_label("Title").fill("Diner at night")
    dialog.get_by_label("Alt text").fill("Two men at a diner table")
    dialog.get_by_role("button", name="Upload to the library").click()
    dialog.get_by_text("This field is required.").wait_for()  # the credit: asked once, here
    assert dialog.get_by_label("Title").input_value() == "Diner at night"  # kept
    dialog.get_by_label("Credit").fill("Photo: the editors")
    dialog.get_by_role("button", name="Upload to the library").click()

    dialog.locator(".image-chooser-dialog__item", has_text="Diner at night").wait_for()
    media = MediaImage.objects.get()
    assert (media.alt_text, media.credit) == ("Two men at a diner table", "Photo: the editors")
    dialog.get_by_role("button", name="Close").click()
    panel = page.locator("#media-library")
    assert panel.get_by_text(media.reference).is_visible()
    assert panel.get_by_text("The library is empty.").count() == 0
    panel.get_by_role("button", name="Insert").click()
    assert media.reference in page.input_value("#id_body")

    # The hero image field: chosen from the same library, with its alt text.
    page.get_by_role("button", name="Choose from the library or upload…").click()
    dialog.locator(".image-chooser-dialog__item", has_text="Diner at night").click()
    assert page.input_value("#id_hero_image_alt") == "Two men at a diner table"
    assert page.locator("input[name=hero_image__library]").input_value() == str(media.pk)
    assert count.loads == 1


def test_a_click_on_a_library_image_moves_its_focal_point_and_crop(new_page, live_server):
    staff("edith", EDITOR)
    media = make_media_image()
    first_card = media.card_url
    page = new_page("desktop")
    log_in(page, "edith")
    page.goto(f"/admin/picks/mediaimage/{media.pk}/change/")
    picture = page.locator(".focal-point img")
    box = picture.bounding_box()
    picture.click(position={"x": box["width"] * 0.9, "y": box["height"] * 0.2})
    assert 85 <= int(page.input_value("#id_focal_x")) <= 95
    assert 15 <= int(page.input_value("#id_focal_y")) <= 25
    assert page.locator(".focal-point__marker").is_visible()
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_selector(".messagelist .success")
    media.refresh_from_db()
    assert 85 <= media.focal_x <= 95 and media.card_url != first_card


def test_the_film_form_with_the_chooser_open_passes_axe_at_1280_px(new_page, live_server):
    staff("edith", EDITOR)
    make_media_image(title="Heat poster")
    page = new_page("desktop")
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "edith")
    page.goto("/admin/films/film/add/")
    page.get_by_role("button", name="Choose from the library or upload…").click()
    dialog = page.get_by_role("dialog")
    dialog.locator(".image-chooser-dialog__item").first.wait_for()
    dialog.get_by_text("Upload a new image").click()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    violations = run_axe(page)["violations"]
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
    page.keyboard.press("Escape")
    assert not dialog.is_visible()


def test_the_chooser_sets_a_focal_point_by_a_click(new_page, live_server):
    staff("edith", EDITOR)
    media = make_media_image(title="Heat still")
    first_card = media.card_url
    page = new_page("desktop")
    log_in(page, "edith")
    page.goto("/admin/films/film/add/")
    page.get_by_role("button", name="Choose from the library or upload…").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name="Set the focal point of “Heat still”").click()
    picture = dialog.locator(".focal-point__frame img")
    picture.wait_for()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=picture.element_handle()
    )
    box = picture.bounding_box()
    picture.click(position={"x": box["width"] * 0.1, "y": box["height"] * 0.5})
    dialog.get_by_text("Focal point of “Heat still” saved").wait_for()
    media.refresh_from_db()
    assert media.focal_x <= 15 and media.card_url != first_card
