"""Post bodies: Markdown renders, and whatever an editor types, nothing hostile reaches readers."""

import pytest

from picks.markdown import render_markdown


def test_markdown_renders_emphasis_links_lists_and_quotes():
    html = render_markdown(
        "Some **bold** and *italic*.\n\n- one\n- two\n\n> A quote\n\n[Film](https://example.com/)"
    )
    assert "<strong>bold</strong>" in html and "<em>italic</em>" in html
    assert "<li>one</li>" in html
    assert "<blockquote>" in html
    assert '<a href="https://example.com/" rel="noopener">Film</a>' in html


def test_body_headings_never_compete_with_the_page_title():
    html = render_markdown("# The ending\n\n## Why it works\n\n### In detail\n\n<h1>Raw</h1>")
    assert "<h1" not in html
    assert "<h2>The ending</h2>" in html and "<h2>Why it works</h2>" in html
    assert "<h3>In detail</h3>" in html


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert('x')</script>",
        "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
        "<style>body{display:none}</style>",
        "<iframe src='https://evil.example'></iframe>",
    ],
)
def test_script_style_and_frames_are_removed_with_their_content(hostile):
    html = render_markdown(f"Before {hostile} after")
    lowered = html.lower()
    assert "<script" not in lowered and "<style" not in lowered and "<iframe" not in lowered
    assert "alert" not in html and "display:none" not in html
    assert "Before" in html and "after" in html


@pytest.mark.parametrize(
    "hostile",
    [
        '<a href="/films/" onclick="steal()">films</a>',
        '<p onmouseover="steal()">films</p>',
        "<img src=x onerror=steal()>",
        '<b onload="steal()">films</b>',
    ],
)
def test_event_handler_attributes_are_removed(hostile):
    html = render_markdown(hostile)
    assert "steal" not in html
    assert "onerror" not in html and "onclick" not in html and "onmouseover" not in html


@pytest.mark.parametrize(
    "link",
    [
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "<a href='javascript:alert(1)'>click</a>",
        "<a href='&#106;avascript:alert(1)'>click</a>",
        "<a href=' javascript:alert(1)'>click</a>",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[click](vbscript:msgbox)",
    ],
)
def test_only_http_https_mailto_and_relative_links_survive(link):
    html = render_markdown(link)
    assert "click" in html
    assert "href" not in html


def test_safe_links_keep_their_address_and_get_noopener():
    html = render_markdown("[a](https://a.example/) [b](mailto:ed@marquee.test) [c](/films/)")
    assert 'href="https://a.example/"' in html
    assert 'href="mailto:ed@marquee.test"' in html
    assert 'href="/films/"' in html
    assert html.count('rel="noopener"') == 3


def test_images_from_other_hosts_never_reach_the_page():
    html = render_markdown("![tracker](https://tracker.example/pixel.gif)")
    assert "tracker.example" not in html and "<img" not in html


def test_html_typed_in_the_body_is_escaped_or_removed_not_rendered():
    html = render_markdown('<div class="x" style="color:red">Text</div> <form><input></form>')
    assert "<div" not in html and "style=" not in html and "<form" not in html
    assert "Text" in html


def test_empty_body_renders_nothing():
    assert render_markdown("") == ""
