"""Post bodies: Markdown rendered to HTML, then sanitised, whatever an editor types; rendered
when a post is saved, and again when a library image it shows changes or an editor turns down
a mention. The first mention of each film and person links to its page (picks/mentions/)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

import nh3
from django.utils.safestring import SafeString
from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from picks.media import expand_image_references
from picks.mentions import name_index, recognise
from picks.mentions.linking import BodyMentions, link_mentions
from picks.mentions.store import post_store_mentions
from picks.models import MediaImage, Mention, Post
from picks.models.posts import RENDERED_FROM

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "cite", "code", "del", "em", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "q", "s", "strong", "sub", "sup",
    "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"align"},
    "th": {"align"},
}
# Whole elements whose text must never reach the page either.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript"}
URL_SCHEMES = {"http", "https", "mailto"}
TOP_HEADING = re.compile(r"<(/?)h1>")
# No <img>: a remote src would call a third-party host on page load; posts carry a hero image
# and library images ({image:42}, picks/media.py).

QUOTE = re.compile(r"['\"]")
APOSTROPHE = "\u2019"


@dataclass(slots=True)
class _Opener:
    token: int
    pos: int
    single: bool
    level: int


def _is_punctuation(char: str) -> bool:
    return isMdAsciiPunct(ord(char)) or isPunctChar(char)


def _char_beside(tokens: list[Token], index: int, step: int) -> str:
    """The character before (step -1) or after (+1) a token; a line's edge counts as a space."""
    index += step
    while 0 <= index < len(tokens):
        token = tokens[index]
        if token.type in ("softbreak", "hardbreak"):
            break
        if token.content:
            return token.content[-1] if step < 0 else token.content[0]
        index += step
    return " "


def _curl_quotes(tokens: list[Token], quotes: str) -> None:
    """markdown-it's smartquotes pairing, in linear time.

    markdown-it-py 4.3 rebuilds a token's string for every quote it curls and rescans unmatched
    openers for every closer: 100 KB of quotes took 27 s. Here the replacements are applied once
    per token, and a closer searches the stack only when an opener of its kind is on it.
    markdown-it (JavaScript) has fixed both (CVE-2026-48988, issue 1208): drop this rule once
    markdown-it-py has too.
    """
    stack: list[_Opener] = []  # levels never decrease from bottom to top
    open_count: Counter[tuple[int, bool]] = Counter()
    replacements: defaultdict[int, dict[int, str]] = defaultdict(dict)

    def pop() -> _Opener:
        opener = stack.pop()
        open_count[opener.level, opener.single] -= 1
        return opener

    for index, token in enumerate(tokens):
        level = token.level
        while stack and stack[-1].level > level:
            pop()
        if token.type != "text":
            continue
        text = token.content
        for quote in QUOTE.finditer(text):
            at = quote.start()
            single = quote.group() == "'"
            before = text[at - 1] if at > 0 else _char_beside(tokens, index, -1)
            after = text[at + 1] if at + 1 < len(text) else _char_beside(tokens, index, 1)
            before_punct, after_punct = _is_punctuation(before), _is_punctuation(after)
            before_space, after_space = isWhiteSpace(ord(before)), isWhiteSpace(ord(after))

            can_open = not after_space and not (after_punct and not (before_space or before_punct))
            can_close = not before_space and not (before_punct and not (after_space or after_punct))
            if not single and after == '"' and "0" <= before <= "9":
                can_open = can_close = False  # 1"" : the first quote is inches
            if can_open and can_close:
                # Curl inside runs of punctuation (foo-"-bar), not inside words (foo"bar).
                can_open, can_close = before_punct, after_punct

            if can_close and open_count[level, single]:
                # The nearest opener of this kind, at this level, is on top of any other kind's.
                opener = pop()
                while (opener.level, opener.single) != (level, single):
                    opener = pop()
                first = 2 if single else 0
                replacements[opener.token][opener.pos] = quotes[first]
                replacements[index][at] = quotes[first + 1]
            elif can_open:
                stack.append(_Opener(index, at, single, level))
                open_count[level, single] += 1

    for index, token in enumerate(tokens):
        if token.type != "text":
            continue
        if index in replacements:
            chars = list(token.content)
            for at, curled in replacements[index].items():
                chars[at] = curled
            token.content = "".join(chars)
        # Every single quote left unpaired is an apostrophe (it's, 'Em, '90s): markdown-it leaves
        # some straight, Python-Markdown curled them all.
        token.content = token.content.replace("'", APOSTROPHE)


def _smartquotes(state: StateCore) -> None:
    for block in state.tokens:
        if block.type == "inline" and block.children and QUOTE.search(block.content):
            _curl_quotes(block.children, state.md.options.quotes)


# CommonMark, which markdown-it parses in linear time (Python-Markdown took minutes over 100 KB of
# "[("), with tables and typography (curly quotes, dashes, ellipses). Raw HTML passes through to
# nh3, which keeps only ALLOWED_TAGS. maxNesting is CommonMark's 20: deeper blocks (lists ten
# deep) end the parse, and link parsing costs grow with it (100 made "[(" runs eight times slower).
PARSER = MarkdownIt("commonmark", {"html": True, "typographer": True, "maxNesting": 20}).enable(
    ["table", "replacements", "smartquotes"]
)
PARSER.core.ruler.at("smartquotes", _smartquotes)


def render_markdown(text: str, *, link=None) -> SafeString:
    """Markdown to safe HTML: no script, no event attributes, links only to http(s) and mailto.

    `link`, given the parsed tokens, may add links to them (the post's mentions) before they
    are rendered and sanitised like the rest.
    """
    env: dict = {}
    tokens = PARSER.parse(text or "", env)
    if link is not None:
        link(tokens)
    # Without the final newline, as Python-Markdown gave it, so that a dropped trailing image
    # reference leaves no empty line behind.
    html = PARSER.renderer.render(tokens, PARSER.options, env).rstrip("\n")
    # "# Heading" becomes <h2>, like "## Heading": the page's one <h1> is the post title.
    html = TOP_HEADING.sub(r"<\1h2>", html)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
    )
    # Library images ({image:42} alone on a line) are our own markup, added after cleaning.
    return expand_image_references(cleaned)


def render_post_body(body: str, *, turned_down=tuple) -> tuple[SafeString, BodyMentions]:
    """The body as readers see it, with the first mention of each film and person linked to
    its page (except those an editor turned down: `turned_down()`, asked only if a name is
    found), and every mention it makes."""
    index = name_index()
    found = BodyMentions()

    def link(tokens) -> None:
        nonlocal found
        found = link_mentions(tokens, index, turned_down=turned_down)

    return render_markdown(body, link=link), found


def post_render_body(*, post: Post) -> None:
    """Fill in the post's body_html from its body, for the post page and the admin preview; the
    caller saves. The mentions found wait on the post for post_save to store them."""
    post.body_html, post.body_mentions = render_post_body(
        post.body, turned_down=lambda: _turned_down(post)
    )
    post.standfirst_mentions = recognise(post.standfirst)


def post_rerender_body(*, post: Post) -> None:
    """Render a saved post's body again (after an editor turned down or restored a mention):
    only body_html is written."""
    html, _mentions = render_post_body(post.body, turned_down=lambda: _turned_down(post))
    Post.objects.filter(pk=post.pk).update(body_html=html)


def post_refresh_mentions(*, post: Post) -> int:
    """Recognise a saved post's mentions again and re-link its body (after films or people
    were added or published): body_html and the mentions are written, nothing else. Returns
    how many films and people it names."""
    html, body = render_post_body(post.body, turned_down=lambda: _turned_down(post))
    standfirst = recognise(post.standfirst)
    Post.objects.filter(pk=post.pk).update(body_html=html)
    post_store_mentions(post=post, body=body, standfirst=standfirst)
    return len({*body.named, *((f.kind, f.pk) for f in standfirst)})


def _turned_down(post: Post) -> set[tuple[str, int]]:
    return Mention.objects.filter(post=post).rejected().targets() if post.pk else set()


def render_body_before_save(
    sender, instance: Post, raw=False, update_fields=None, **kwargs
) -> None:
    """Every save of a post stores its body as readers will see it (pre_save, picks/apps.py):
    the admin, the workflow services, the demo loader and the test factories all save.

    A fixture (raw) brings its own HTML; its images may not be loaded yet.
    """
    if not raw and (update_fields is None or RENDERED_FROM & update_fields):
        post_render_body(post=instance)


def rerender_posts_showing(sender, instance: MediaImage, raw=False, **kwargs) -> None:
    """A library image saved or deleted: the posts that show it get its new alt text, credit
    and renditions, or lose it (post_save and post_delete, picks/apps.py).

    Only body_html is written: the posts' own words, dates and revisions have not changed.
    """
    if raw:
        return
    for post in instance.posts_using().only("pk", "body"):
        post_rerender_body(post=post)


def _posts_naming(record) -> list[int]:
    kind = "film" if record._meta.model_name == "film" else "person"
    return list(Mention.objects.filter(**{kind: record}).values_list("post_id", flat=True))


def _refresh_posts(post_ids: list[int]) -> None:
    for post in Post.objects.filter(pk__in=post_ids).only("pk", "body", "standfirst"):
        post_refresh_mentions(post=post)


def relink_after_unpublishing(sender, instance, raw=False, **kwargs) -> None:
    """A film or person saved unpublished: readers cannot open its page, so the posts that
    linked it lose the link (post_save, picks/apps.py)."""
    if not raw and not instance.is_published:
        _refresh_posts(_posts_naming(instance))


def remember_posts_naming(sender, instance, **kwargs) -> None:
    """pre_delete: which posts name the record, before its mentions go with it."""
    instance._mentioned_in = _posts_naming(instance)


def relink_after_deleting(sender, instance, **kwargs) -> None:
    """post_delete: the posts that linked a deleted film or person lose the link."""
    _refresh_posts(getattr(instance, "_mentioned_in", []))
