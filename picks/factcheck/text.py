"""A post's Markdown as plain sentences: what the rules read and what the editor is shown."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
LIBRARY_IMAGE = re.compile(r"^\s*\{image:\d+\}\s*$")
BLOCK_MARKER = re.compile(r"^\s*(?:#{1,6}\s+|>\s*|[-*+]\s+|\d+[.)]\s+)+")
EMPHASIS = re.compile(r"(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1")
SPACES = re.compile(r"\s+")
# A sentence ends at . ! ? or … (with any closing quote or bracket) before a space.
SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)")
# Words whose full stop does not end a sentence ("Mr. Smith", "vs. Whiplash").
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs", "no", "vol", "co", "inc", "ltd", "bros",
    "mt", "ft", "approx", "dir", "feat", "prof", "gen", "lt", "col", "sgt", "e.g", "i.e", "etc",
}  # fmt: skip


@dataclass(frozen=True)
class Sentence:
    field: str  # "body" or "standfirst"
    paragraph: int  # the paragraph's number in the field: sentences of one paragraph share it
    text: str  # the sentence with Markdown emphasis kept (it tells a title from a word)

    @property
    def plain(self) -> str:
        """The sentence as the editor reads it, without Markdown emphasis marks."""
        return EMPHASIS.sub(r"\2", self.text)


def paragraphs(markdown: str) -> list[str]:
    """The text of each block (paragraph, heading, list item, quote line), links as their words,
    images and HTML tags dropped."""
    blocks, current = [], []
    for line in markdown.replace("\r\n", "\n").split("\n"):
        if not line.strip() or LIBRARY_IMAGE.match(line) or BLOCK_MARKER.match(line):
            if current:
                blocks.append(" ".join(current))
                current = []
            if line.strip() and not LIBRARY_IMAGE.match(line):
                current.append(BLOCK_MARKER.sub("", line).strip())
            continue
        current.append(line.strip())
    if current:
        blocks.append(" ".join(current))
    cleaned = (HTML_TAG.sub("", LINK.sub(r"\1", block)) for block in blocks)
    return [SPACES.sub(" ", block).strip() for block in cleaned if block.strip()]


def _ends_sentence(text: str, end: int) -> bool:
    """A full stop after an initial ("J. K.") or a known abbreviation does not end a sentence."""
    match = re.search(r"([\w.]+)[.!?…\"'”’)\]]*$", text[:end])
    if match is None or not text[:end].rstrip("\"'”’)]").endswith("."):
        return True
    word = match.group(1).rstrip(".").lower()
    if len(word) == 1 and word.isalpha():
        return False
    return word not in ABBREVIATIONS


def split_sentences(paragraph: str) -> list[str]:
    sentences, start = [], 0
    for match in SENTENCE_END.finditer(paragraph):
        if _ends_sentence(paragraph, match.end()):
            sentences.append(paragraph[start : match.end()].strip())
            start = match.end()
    sentences.append(paragraph[start:].strip())
    return [sentence for sentence in sentences if sentence]


def post_sentences(*, standfirst: str, body: str) -> Iterator[Sentence]:
    for field, markdown in (("standfirst", standfirst), ("body", body)):
        for number, paragraph in enumerate(paragraphs(markdown or "")):
            for text in split_sentences(paragraph):
                yield Sentence(field=field, paragraph=number, text=text)
