"""Post bodies: Markdown renders, and whatever an editor types, nothing hostile reaches readers."""

import random

import pytest
from django.core.exceptions import ValidationError
from markdown_it import MarkdownIt

from picks.markdown import PARSER, render_markdown
from picks.models.posts import BODY_MAX_CHARS, validate_body_length


def test_markdown_renders_emphasis_links_lists_and_quotes():
    html = render_markdown(
        "Some **bold** and *italic*.\n\n- one\n- two\n\n> A quote\n\n[Film](https://example.com/)"
    )
    assert "<strong>bold</strong>" in html and "<em>italic</em>" in html
    assert "<li>one</li>" in html
    assert "<blockquote>" in html
    assert '<a href="https://example.com/" rel="noopener">Film</a>' in html


def test_quotes_dashes_and_ellipses_are_typeset():
    html = render_markdown(
        "\"Singin' in the Rain\" -- 'the' musical --- from the '50s... \"Make 'Em Laugh\""
    )
    assert html == "<p>“Singin’ in the Rain” – ‘the’ musical — from the ’50s… “Make ’Em Laugh”</p>"


def test_code_and_escaped_quotes_stay_straight():
    html = render_markdown("`it's \"code\"` and \\'escaped\\'")
    assert html == "<p><code>it's \"code\"</code> and 'escaped'</p>"


def test_curly_quotes_are_those_markdown_it_would_choose():
    """Our linear-time quote rule pairs as markdown-it's own, and curls leftover apostrophes."""
    own_rule = MarkdownIt("commonmark", {"typographer": True})
    own_rule.enable(["replacements", "smartquotes"])

    def inline_tokens(parser: MarkdownIt, body: str) -> list[tuple[str, str]]:
        return [(token.type, token.content) for token in parser.parseInline(body)[0].children]

    pieces = ["'", '"', "a", " ", "1", "*", "_", "[", "](x)", "`", "-", ".", '\\"', "<b>", "\n"]
    rng = random.Random(1)
    for _ in range(2000):
        body = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        expected = [
            (kind, content.replace("'", "’") if kind == "text" else content)
            for kind, content in inline_tokens(own_rule, body)
        ]
        assert inline_tokens(PARSER, body) == expected, body


def test_tables_render_with_header_and_body_rows():
    html = render_markdown("| Film | Year |\n|------|-----:|\n| Heat | 1995 |")
    assert "<thead>" in html and "<th>Film</th>" in html
    assert "<tbody>" in html and "<td>Heat</td>" in html


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


def test_a_body_up_to_the_length_limit_is_valid():
    assert BODY_MAX_CHARS == 100_000
    validate_body_length("x" * BODY_MAX_CHARS)


def test_a_body_past_the_length_limit_is_refused_with_its_length():
    with pytest.raises(ValidationError) as refused:
        validate_body_length("x" * 100_001)
    assert refused.value.messages == [
        "A post body can be at most 100000 characters (this one has 100001)."
    ]
