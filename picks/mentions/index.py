"""The name index: every published film title and person name (with alternative names), read
from the database once per process and rebuilt when a film, person or credit changes.

Recognition walks the text word by word and looks each run of words up in two dicts (the names
and their prefixes), so a post costs the same against ten films or ten thousand. A string
automaton (pyahocorasick) would find raw substrings fast too, but whole words, folded accents,
initials and the gaps allowed inside a name would all have to be re-checked around every hit;
words as keys give them for free.
"""

from __future__ import annotations

import bisect
import re
import threading
import time
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.cache import cache
from django.db import transaction

from films.models import Credit, Film, Person
from picks.mentions.names import Span, is_capitalised, joins_one_name, name_variants, words_of

GENERATION_KEY = "picks:mentions:generation"
FILM, PERSON = "film", "person"
# How near a clue must be to a name that is also a common word: words either side, same paragraph.
CLUE_WINDOW = 15
FILM_CLUES = frozenset({"film", "films", "movie", "movies", "picture"})
PERSON_CLUES = frozenset(
    {"actor", "actress", "director", "directed", "star", "starring", "stars", "singer",
     "composer", "writer", "plays", "played", "playing", "cast"}
)  # fmt: skip
OPENING_MARKS = frozenset("\"'*_\u201c\u2018\u00ab")
CLOSING_MARKS = frozenset("\"'*_\u201d\u2019\u00bb")
ITALIC_TAGS = ("<em>", "<i>", "<cite>")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
SLUG_MARK = "mention-slug"
# What may come between a sentence's end and its first word: spaces, quotes, emphasis, a list
# or heading mark; what ends a sentence, or opens a line that starts one.
SENTENCE_OPENING = " \t\r\n\u00a0\"'*_([\u201c\u2018#>-"
SENTENCE_ENDS = ".!?:|\u2026"


@dataclass(frozen=True)
class Found:
    kind: str  # "film" or "person"
    pk: int
    start: int  # offsets into the text given
    end: int
    surface: str  # the text as written, e.g. "JK Simmons"


class Entry(NamedTuple):
    kind: str
    pk: int
    capitals: tuple[bool, ...]  # which words a writer capitalises: a title is written as one
    # One word alone ("Drive", "Chicago", "Crazy", "Cher") may be an ordinary word or a place: it
    # counts only with a clue (quoted or italic, or near "film", the film's year or director).
    needs_clue: bool
    year: str = ""
    director_names: tuple[str, ...] = ()


@dataclass
class NameIndex:
    names: dict[str, list[Entry]] = field(default_factory=dict)
    prefixes: set[str] = field(default_factory=set)
    slugs: dict[tuple[str, int], str] = field(default_factory=dict)
    by_slug: dict[tuple[str, str], int] = field(default_factory=dict)
    url_patterns: dict[str, str] = field(default_factory=dict)

    def add(self, entry: Entry, name: str, slug: str) -> None:
        """Index the record under one of its names (`entry` gives all but the capitals)."""
        prefixes, names = self.prefixes, self.names
        for key, capitals in name_variants(name):
            at = key.find(" ")
            while at != -1:
                prefixes.add(key[:at])
                at = key.find(" ", at + 1)
            prefixes.add(key)
            known = names.get(key)
            if known is None:
                names[key] = known = []
            elif any(e.kind == entry.kind and e.pk == entry.pk for e in known):
                continue
            known.append(entry._replace(capitals=capitals, needs_clue=len(capitals) == 1))
        self.slugs[entry.kind, entry.pk] = slug
        self.by_slug[entry.kind, slug] = entry.pk

    def url(self, kind: str, pk: int) -> str:
        """The record's page. Slugs need no quoting, so each kind's URL is reversed once."""
        if not self.url_patterns:
            from django.urls import reverse

            for each, view in ((FILM, "films:film_detail"), (PERSON, "films:person_detail")):
                self.url_patterns[each] = reverse(view, kwargs={"slug": SLUG_MARK})
        return self.url_patterns[kind].replace(SLUG_MARK, self.slugs[kind, pk])

    def recognise(self, text: str) -> list[Found]:
        """Every film and person named in the text: longest name first, whole words,
        non-overlapping, in the order written."""
        folded, spans = words_of(text)
        prefixes = self.prefixes
        breaks: list[int] | None = None
        found: list[Found] = []
        at = 0
        while at < len(folded):
            if folded[at] not in prefixes:
                at += 1
                continue
            for last, key in self._names_starting(text, folded, spans, at):  # longest first
                start, end = spans[at][0], spans[last][1]
                fitting = [e for e in self.names[key] if _written_as_name(e, text, spans, at)]
                if any(e.needs_clue for e in fitting):
                    if breaks is None:
                        breaks = [m.start() for m in PARAGRAPH_BREAK.finditer(text)]
                    fitting = _with_clues(fitting, text, folded, spans, at, last, breaks)
                if not fitting:
                    continue
                if len({(e.kind, e.pk) for e in fitting}) == 1:
                    found.append(Found(fitting[0].kind, fitting[0].pk, start, end, text[start:end]))
                # Two records by one name and nothing to tell them apart: name neither, and
                # let no shorter name inside claim the words.
                at = last
                break
            at += 1
        return found

    def _names_starting(
        self, text: str, folded: list[str], spans: list[Span], at: int
    ) -> list[tuple[int, str]]:
        key = folded[at]
        runs: list[tuple[int, str]] = []
        last = at
        while key in self.prefixes:
            if key in self.names:
                runs.append((last, key))
            last += 1
            if last == len(folded) or not joins_one_name(text, spans[last - 1], spans[last]):
                break
            key = f"{key} {folded[last]}"
        runs.reverse()
        return runs


def _written_as_name(entry: Entry, text: str, spans: list[Span], at: int) -> bool:
    """Capitalised where the record is: "The Artist" is the film, "the artist" is someone."""
    return all(
        is_capitalised(text[spans[at + offset][0]])
        for offset, capital in enumerate(entry.capitals)
        if capital
    )


def _with_clues(
    entries: list[Entry],
    text: str,
    folded: list[str],
    spans: list[Span],
    first: int,
    last: int,
    breaks: list[int],
) -> list[Entry]:
    """Of the records one ambiguous word may name, those the words around it point to; a
    record whose own year or director is near beats one that only has "film" near."""
    start, end = spans[first][0], spans[last][1]
    marked = _is_marked(text, start, end)
    paragraph = bisect.bisect(breaks, start)
    window = range(max(0, first - CLUE_WINDOW), min(len(folded), last + 1 + CLUE_WINDOW))
    near = [
        folded[i]
        for i in window
        if not first <= i <= last and bisect.bisect(breaks, spans[i][0]) == paragraph
    ]
    near_set = set(near)
    near_text = f" {' '.join(near)} "
    specific, general = [], []
    for entry in entries:
        if not entry.needs_clue:
            general.append(entry)
        elif (entry.year and entry.year in near_set) or any(
            f" {name} " in near_text for name in entry.director_names
        ):
            specific.append(entry)
        elif marked or (
            # A capital that only starts a sentence says nothing: "It is the best film of 2017."
            near_set & (FILM_CLUES if entry.kind == FILM else PERSON_CLUES)
            and not _starts_sentence(text, start)
        ):
            general.append(entry)
    return specific or general


def _starts_sentence(text: str, start: int) -> bool:
    at = start
    while at and text[at - 1] in SENTENCE_OPENING:
        at -= 1
    return not at or text[at - 1] in SENTENCE_ENDS or "\n\n" in text[at:start]


def _is_marked(text: str, start: int, end: int) -> bool:
    """Quoted or in italics: "Drive", *Drive*, _Drive_, <em>Drive</em>."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if after in "'\u2019" and text[end + 1 : end + 2] in ("s", "S"):
        after = text[end + 2] if end + 2 < len(text) else ""  # *Drive's* score
    if before in OPENING_MARKS and after in CLOSING_MARKS:
        return True
    return text[max(0, start - 6) : start].endswith(ITALIC_TAGS)


def build_index() -> NameIndex:
    """Published films and people only: a link must lead to a page readers can open."""
    index = NameIndex()
    directors: dict[int, list[str]] = {}
    director_rows = (
        Credit.objects.directors()
        .filter(film__is_published=True, person__is_published=True)
        .values_list("film_id", "person__name")
    )
    for film_id, name in director_rows:
        folded = " ".join(words_of(name)[0])
        surname = folded.rsplit(" ", 1)[-1]
        names = [folded, surname] if len(surname) > 2 else [folded]
        directors.setdefault(film_id, []).extend(names)
    films = Film.objects.public().values_list("pk", "title", "slug", "release_date")
    for pk, title, slug, released in films.iterator(chunk_size=5000):
        year = str(released.year) if released else ""
        entry = Entry(FILM, pk, (), False, year, tuple(directors.get(pk, ())))
        index.add(entry, title, slug)
    people = Person.objects.public().values_list("pk", "name", "alternative_names", "slug")
    for pk, name, alternatives, slug in people.iterator(chunk_size=5000):
        entry = Entry(PERSON, pk, (), False)
        for each in [name, *alternatives.splitlines()]:
            if each.strip():
                index.add(entry, each, slug)
    return index


_lock = threading.Lock()
_built: tuple[int, NameIndex] | None = None


def current_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # An emptied cache must not pass for the generation this process last built.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY, 0)
    return generation


def name_index() -> NameIndex:
    """The index as of the latest change to the records, built at most once per change."""
    global _built
    generation = current_generation()
    if _built is not None and _built[0] == generation:
        return _built[1]
    with _lock:
        if _built is None or _built[0] != generation:
            _built = (generation, build_index())
        return _built[1]


def recognise(text: str) -> list[Found]:
    return name_index().recognise(text)


def records_changed(sender=None, raw=False, **kwargs) -> None:
    """A film, person or credit saved or deleted: every process rebuilds its index on its next
    use (post_save and post_delete, picks/apps.py). Again after commit, so that a process that
    rebuilt mid-transaction does not keep a view without the change."""
    renew_name_index()
    transaction.on_commit(renew_name_index)


def renew_name_index() -> None:
    """Every process rebuilds its name index before its next use."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)
