"""Mentions in a parsed post body (markdown-it tokens): every film and person it names, and a
link to the page of the first mention of each, in the body's text only (never inside a link,
a heading or code).

The one way to link a film or person by hand is a Markdown link to its page, as the writing
screen's finder inserts it ("[Drive](/films/drive/)"): it is read here as the writer's own
mention of that record, so no automatic link is added for it elsewhere.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve
from markdown_it.token import Token

from picks.mentions.index import FILM, PERSON, NameIndex

Target = tuple[str, int]  # ("film" | "person", pk)
PAGE_KINDS = {"films:film_detail": FILM, "films:person_detail": PERSON}
# What stands in the recognised text for a piece of markup: emphasis as its asterisk (a clue
# that a title is meant), anything else as a space, so no name runs across it.
EMPHASIS = {"em_open": "*", "em_close": "*", "strong_open": "", "strong_close": ""}
HTML_EMPHASIS = ("<em>", "</em>", "<i>", "</i>", "<cite>", "</cite>")


@dataclass
class Named:
    surface: str
    count: int = 0
    linked_by_writer: bool = False


@dataclass
class BodyMentions:
    """What one body names, in order of first mention."""

    named: dict[Target, Named] = field(default_factory=dict)

    def add(self, target: Target, surface: str, *, by_writer: bool = False) -> None:
        named = self.named.setdefault(target, Named(surface))
        if by_writer:
            named.linked_by_writer = True
        else:
            named.count += 1


def linked_page(href: str, index: NameIndex) -> Target | None:
    """The film or person whose page a link leads to (a path on this site), or None."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    kind = PAGE_KINDS.get(match.view_name)
    pk = index.by_slug.get((kind, match.kwargs.get("slug", ""))) if kind else None
    return (kind, pk) if pk else None


class _LoadedOnce:
    """A set read only when first asked: a body that names nothing costs no query."""

    def __init__(self, load: Callable[[], Iterable[Target]]):
        self._load, self._items = load, None

    def __contains__(self, item) -> bool:
        if self._items is None:
            self._items = set(self._load())
        return item in self._items


def link_mentions(
    tokens: list[Token],
    index: NameIndex,
    *,
    turned_down: Callable[[], Iterable[Target]] = tuple,
) -> BodyMentions:
    """Find every mention in the parsed body and link the first of each to its page, in place.

    Records an editor turned down for this post are counted (so the editor still sees them)
    but never linked; records the writer linked by hand are not linked again.
    """
    mentions = BodyMentions()
    blocks = [token for token in tokens if token.type == "inline" and token.children]
    for block in blocks:
        children = block.children
        for position, child in enumerate(children):
            href = child.attrGet("href") if child.type == "link_open" else None
            if href and (target := linked_page(str(href), index)):
                after = children[position + 1] if position + 1 < len(children) else None
                words = after.content if after is not None and after.type == "text" else ""
                mentions.add(target, words, by_writer=True)
    done = {t for t, named in mentions.named.items() if named.linked_by_writer}
    rejected = _LoadedOnce(turned_down)
    in_heading = False
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            in_heading = token.type == "heading_open"
        elif token.type == "inline" and token.children:
            _link_in_block(token, index, mentions, done, rejected, linkable=not in_heading)
    return mentions


def _link_in_block(
    block: Token,
    index: NameIndex,
    mentions: BodyMentions,
    done: set[Target],
    rejected: _LoadedOnce,
    *,
    linkable: bool,
) -> None:
    text, starts, linkable_children = _block_text(block.children)
    links: dict[int, list[tuple[int, int, str]]] = {}
    for found in index.recognise(text):
        target = (found.kind, found.pk)
        mentions.add(target, found.surface)
        if not linkable or target in done or target in rejected:
            continue
        child = bisect.bisect(starts, found.start) - 1
        if child < 0 or child not in linkable_children:
            continue
        child_start = starts[child]
        if found.end > child_start + len(block.children[child].content):
            continue  # runs across markup ("La La *Land*"): leave it plain
        done.add(target)
        links.setdefault(child, []).append(
            (found.start - child_start, found.end - child_start, index.url(*target))
        )
    if links:
        block.children = _with_links(block.children, links)


def _block_text(children: list[Token]) -> tuple[str, list[int], set[int]]:
    """The block's words as one string, where each text token starts, and which text tokens
    may take a link (not inside a link of the writer's)."""
    parts: list[str] = []
    starts: list[int] = []
    linkable: set[int] = set()
    length = 0
    link_depth = 0
    for position, child in enumerate(children):
        if child.type == "text":
            piece = child.content
            if not link_depth:
                linkable.add(position)
        elif child.type in EMPHASIS:
            piece = EMPHASIS[child.type]
        elif child.type in ("softbreak", "hardbreak"):
            piece = "\n"
        elif child.type == "html_inline" and child.content.lower() in HTML_EMPHASIS:
            piece = "*"
        else:
            if child.type == "link_open" or _opens_html_link(child):
                link_depth += 1
            elif (child.type == "link_close" or _closes_html_link(child)) and link_depth:
                link_depth -= 1
            piece = " "
        starts.append(length)
        parts.append(piece)
        length += len(piece)
    return "".join(parts), starts, linkable


def _opens_html_link(token: Token) -> bool:
    return token.type == "html_inline" and token.content[:3].lower() in ("<a ", "<a>")


def _closes_html_link(token: Token) -> bool:
    return token.type == "html_inline" and token.content.lower().startswith("</a")


def _with_links(children: list[Token], links: dict[int, list[tuple[int, int, str]]]) -> list[Token]:
    result: list[Token] = []
    for position, child in enumerate(children):
        if position not in links:
            result.append(child)
            continue
        text, at = child.content, 0
        for start, end, url in links[position]:
            result.append(_text(text[at:start], child.level))
            result.append(Token("link_open", "a", 1, attrs={"href": url}, level=child.level))
            result.append(_text(text[start:end], child.level + 1))
            result.append(Token("link_close", "a", -1, level=child.level))
            at = end
        result.append(_text(text[at:], child.level))
    return result


def _text(content: str, level: int) -> Token:
    return Token("text", "", 0, content=content, level=level)
