"""In a real browser, every reader page type: axe-core finds no WCAG 2.1 A/AA violation in the
light and the dark scheme, images say what they show, nothing loads from another host, the
focus order follows the screen, and the page honours the reader's motion and colour choices."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import pytest

from tests.browser.support import AXE_JS, AXE_RESULTS, BEST_PICK, READER_PAGES, look

pytestmark = pytest.mark.browser

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def run_axe(page) -> dict:
    if not AXE_JS.is_file():
        problem = f"{AXE_JS} is missing: run `npm ci` (make test does when npm is installed)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(problem)
        pytest.skip(f"SKIPPED AXE: {problem}")
    # Evaluated, not added as a <script>: the site's Content-Security-Policy blocks inline ones.
    page.evaluate(AXE_JS.read_text())
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA
    )


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['failureSummary'].splitlines()[-1]}")
    return "\n".join(lines)


def open_with_request_log(demo_page, path: str, **options):
    page = demo_page("desktop", **options)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    response = page.goto(path)
    page.wait_for_load_state("networkidle")
    return page, response, requests


def show_comment_errors(page) -> None:
    """Send the comment form with a bad email and no comment, past the browser's own checks."""
    page.fill("#id_name", "Ana")
    page.fill("#id_email", "not an address")
    page.eval_on_selector("#comment-form", "form => { form.noValidate = true; }")
    page.click("#comment-form button[type=submit]")
    page.wait_for_selector(".form-errors")


PAGE_CASES = [*READER_PAGES, "comment form with errors"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page_type", PAGE_CASES)
def test_page_type_has_no_wcag_21_aa_violation(demo_page, page_type, scheme):
    path = READER_PAGES.get(page_type, BEST_PICK)
    page, response, _ = open_with_request_log(demo_page, path, color_scheme=scheme)
    assert response.status == (404 if page_type == "404" else 200)
    if page_type == "comment form with errors":
        show_comment_errors(page)

    results = run_axe(page)

    assert results["violations"] == [], describe(results["violations"])
    assert len(results["passes"]) > 10  # axe really ran its rules over a real page
    AXE_RESULTS[f"{page_type} ({scheme})"] = len(results["passes"])


@pytest.mark.parametrize("page_type", PAGE_CASES)
def test_page_type_loads_nothing_from_another_host(demo_page, demo_server, page_type):
    page, _, requests = open_with_request_log(demo_page, READER_PAGES.get(page_type, BEST_PICK))
    if page_type == "comment form with errors":
        show_comment_errors(page)
    own_host = urlsplit(demo_server.base_url).netloc

    elsewhere = [url for url in requests if urlsplit(url).scheme in {"http", "https"}]
    elsewhere = [url for url in elsewhere if urlsplit(url).netloc != own_host]

    assert elsewhere == []
    assert any(url.endswith(".css") for url in requests)


@pytest.mark.parametrize("page_type", PAGE_CASES)
def test_page_type_fits_a_phone_and_a_desktop_screen_without_sideways_scrolling(
    demo_page, screenshot, page_type
):
    page, _, _ = open_with_request_log(demo_page, READER_PAGES.get(page_type, BEST_PICK))
    if page_type == "comment form with errors":
        show_comment_errors(page)

    overflows = look(page, screenshot, page_type.replace(" ", "-"))
    assert set(overflows) == {"phone", "desktop"} and max(overflows.values()) <= 0


@pytest.mark.parametrize("page_type", list(READER_PAGES))
def test_images_say_what_they_show(demo_page, page_type):
    page, _, _ = open_with_request_log(demo_page, READER_PAGES[page_type])
    images = page.eval_on_selector_all(
        "img",
        """imgs => imgs.map(img => ({
            src: img.getAttribute('src'), alt: img.getAttribute('alt'),
            decorative: img.closest('[aria-hidden=true], a.trailer__play') !== null,
            loaded: img.complete && img.naturalWidth > 0,
        }))""",
    )

    for image in images:
        assert image["alt"] is not None, f"{image['src']} has no alt attribute"
        if image["decorative"]:
            continue
        words = image["alt"].split()
        assert len(words) >= 3, f"{image['src']}: alt {image['alt']!r} says too little"
        assert not image["alt"].lower().endswith((".jpg", ".jpeg", ".png", ".webp")), image
    if page_type in {"home", "post", "film", "person"}:
        assert images, "the demo page shows pictures"
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_load_state("networkidle")
        broken = page.eval_on_selector_all(
            "img", "imgs => imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)"
        )
        assert broken == []


# Visible, focusable elements in DOM order, and where they are on the screen.
FOCUS_ORDER = """() => {
    const focusable = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
    return [...document.querySelectorAll(focusable)]
        .filter(el => el.tabIndex >= 0 && !el.closest('[aria-hidden=true]'))
        .map(el => ({el, box: el.getBoundingClientRect()}))
        .filter(({box}) => box.width > 1 && box.height > 1 && box.right > 0)
        .map(({el, box}) => ({
            text: (el.textContent || el.name || '').trim().slice(0, 40),
            top: box.top + window.scrollY, left: box.left,
        }));
}"""


@pytest.mark.parametrize("page_type", list(READER_PAGES))
def test_on_a_phone_the_focus_order_follows_the_screen_from_top_to_bottom(demo_page, page_type):
    page = demo_page("phone")
    page.goto(READER_PAGES[page_type])

    stops = page.evaluate(FOCUS_ORDER)

    assert len(stops) > 5
    for before, after in zip(stops, stops[1:], strict=False):
        same_line = abs(after["top"] - before["top"]) < 12
        assert after["top"] > before["top"] or (same_line and after["left"] > before["left"]), (
            f"{after['text']!r} comes after {before['text']!r} in the page "
            f"but is above or left of it on the screen"
        )


def _colour_luminance(page, selector: str, prop: str) -> float:
    rgb = page.eval_on_selector(selector, f"el => getComputedStyle(el).{prop}")
    red, green, blue = (int(part) for part in rgb[rgb.index("(") + 1 : -1].split(",")[:3])
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255


def test_page_follows_the_readers_light_or_dark_choice(demo_page):
    light = demo_page("desktop", color_scheme="light")
    light.goto(BEST_PICK)
    dark = demo_page("desktop", color_scheme="dark")
    dark.goto(BEST_PICK)

    assert _colour_luminance(light, "body", "backgroundColor") > 0.9
    assert _colour_luminance(light, "body", "color") < 0.2
    assert _colour_luminance(dark, "body", "backgroundColor") < 0.1
    assert _colour_luminance(dark, "body", "color") > 0.9


def test_page_stops_animating_for_readers_who_ask_for_less_motion(demo_page):
    moving = demo_page("desktop")
    moving.goto("/")
    still = demo_page("desktop", reduced_motion="reduce")
    still.goto("/")
    style = """el => [
        getComputedStyle(el).transitionDuration,
        getComputedStyle(document.documentElement).scrollBehavior,
    ]"""

    assert moving.eval_on_selector(".card", style) == ["0.15s, 0.15s", "smooth"]
    durations, scrolling = still.eval_on_selector(".card", style)
    assert all(float(d.rstrip("s")) < 0.001 for d in durations.split(", "))
    assert scrolling == "auto"


def test_comment_errors_are_announced_and_tied_to_their_fields(demo_page):
    page = demo_page("desktop")
    page.goto(BEST_PICK)

    show_comment_errors(page)

    assert page.get_attribute(".form-errors", "role") == "alert"
    for field in ("#id_email", "#id_comment"):
        assert page.get_attribute(field, "aria-invalid") == "true"
        described_by = page.get_attribute(field, "aria-describedby").split()
        error_ids = [i for i in described_by if i.endswith("_error")]
        assert error_ids, f"{field} is not described by its error"
        assert page.text_content(f"#{error_ids[0]}").strip()
    assert page.input_value("#id_name") == "Ana"
    assert page.get_attribute("#comment-result", "aria-live") == "polite"
