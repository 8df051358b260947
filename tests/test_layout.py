"""The code base keeps the shape its architecture promises: one room per concern."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("config", "core", "films", "reviews", "picks")
MAX_LINES = 500


def test_no_hand_written_python_file_is_over_500_lines():
    too_long = {
        str(path.relative_to(ROOT)): lines
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}, f"Split these by concern (STYLE.md 17): {too_long}"


def test_no_template_comment_spans_lines():
    """Django prints a {# ... #} that spans lines as page text: long notes use {% comment %}."""
    spanning = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("templates", *APPS)
        for path in (ROOT / folder).rglob("*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if line.count("{#") > line.count("#}")
    ]
    assert spanning == []
