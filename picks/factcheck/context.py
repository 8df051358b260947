"""One sentence as the rules see it: the names recognised in it, the films it can be about, and
the people's names next to a position (recognised, or just a name-shaped pattern)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from picks.factcheck.records import FilmFacts, Records
from picks.factcheck.text import Sentence

# A name-shaped pattern for someone the records may not know: two or more capitalised words,
# initials allowed ("J. K. Simmons", "Rosemarie DeWitt", "Lin-Manuel Miranda").
_WORD = r"[A-ZÀ-Þ][\w'’-]*[a-zß-ÿ][\w'’-]*"
_INITIALS = r"(?:[A-Z]\.\s?)+"
NAME = re.compile(rf"(?:{_INITIALS}{_WORD}|{_WORD}(?:\s+(?:{_INITIALS})?{_WORD})+)")
NAME_AT_END = re.compile(rf"(?:{_INITIALS}{_WORD}|{_WORD}(?:\s+(?:{_INITIALS})?{_WORD})+)$")
POSSESSIVE = re.compile(r"['’]s?$")
OPENING_MARKS = '*_"“‘'
CLOSING_MARKS = '*_"”’'
# "It", "the film": a sentence about the film before it; "he", "she": about someone.
REFERS_TO_A_FILM = re.compile(r"\b(?:it|its|it['’]s|(?:the|this) (?:film|movie))\b", re.I)
REFERS_TO_A_PERSON = re.compile(r"\b(?:he|she|his|her|him|hers)\b", re.I)
# "Both", "between them": a figure that may be about several films.
MORE_THAN_ONE = re.compile(r"\b(?:both|between them|each|combined|together|respectively)\b", re.I)
# Words a capitalised run may start with that are not part of a name.
NOT_NAMES = {"The", "A", "An", "In", "On", "And", "But", "As", "At", "By", "With", "Of", "For"}


@dataclass(frozen=True)
class Name:
    text: str
    start: int
    end: int
    person: int | None  # the Person's pk when the records know them

    def is_credited_in(self, people: dict[int, str]) -> bool:
        """Whether this name is one of `people` (by record, or by the name as written)."""
        if self.person is not None and self.person in people:
            return True
        return self.text.casefold() in {name.casefold() for name in people.values()}


@dataclass
class Context:
    sentence: Sentence
    found: list  # picks.mentions.Found, sorted by start
    records: Records
    linked_films: list[int]  # the post's own films, in order
    earlier_films: list[int]  # films named earlier in the post
    previous_subject: FilmFacts | None  # what the sentence before it in the paragraph was about

    @property
    def text(self) -> str:
        return self.sentence.text

    def films(self) -> list[FilmFacts]:
        """The films named in the sentence, each once, in order."""
        seen: dict[int, FilmFacts] = {}
        for found in self.found:
            if found.kind == "film" and found.pk in self.records.films:
                seen.setdefault(found.pk, self.records.films[found.pk])
        return list(seen.values())

    def film_spans(self) -> list[tuple[FilmFacts, int, int]]:
        """Each film named, with its italics or quote marks: "*Whiplash* director ..."."""
        spans = []
        for found in self.found:
            if found.kind == "film" and found.pk in self.records.films:
                start, end = found.start, found.end
                while start > 0 and self.text[start - 1] in OPENING_MARKS:
                    start -= 1
                while end < len(self.text) and self.text[end] in CLOSING_MARKS:
                    if self.text[end] == "’" and self.text[end + 1 : end + 2].isalpha():
                        break  # Whiplash’s: a possessive, not a closing quote
                    end += 1
                spans.append((self.records.films[found.pk], start, end))
        return spans

    def people_spans(self) -> list:
        return [found for found in self.found if found.kind == "person"]

    def subject(self) -> FilmFacts | None:
        """The one film the sentence is about, or None when that is not certain: the film it
        names; else, when it says "it" or "the film" (and no "he" or "she"), the film the
        sentence before was about, or the post's only film."""
        films = self.films()
        if MORE_THAN_ONE.search(self.text):
            return None
        if len(films) == 1:
            return films[0]
        if films or self.people_spans():
            return None
        if not REFERS_TO_A_FILM.search(self.text) or REFERS_TO_A_PERSON.search(self.text):
            return None
        if self.previous_subject is not None:
            return self.previous_subject
        return self.only_linked_film()

    def candidate_films(self) -> list[FilmFacts]:
        """The films a character named in the sentence can be from: those it names, else the
        post's own films and those named before it."""
        if films := self.films():
            return films
        pks = dict.fromkeys([*self.linked_films, *self.earlier_films])
        return [self.records.films[pk] for pk in pks if pk in self.records.films]

    def only_linked_film(self) -> FilmFacts | None:
        if len(self.linked_films) == 1:
            return self.records.films.get(self.linked_films[0])
        return None

    def overlaps_found(self, start: int, end: int) -> bool:
        return any(found.start < end and start < found.end for found in self.found)

    def _name_from(self, start: int, end: int, person: int | None) -> Name:
        text = self.text[start:end]
        trimmed = POSSESSIVE.sub("", text) if person is None else text
        return Name(trimmed, start, start + len(trimmed), person)

    def name_at(self, position: int) -> Name | None:
        """The person's name starting at `position` (after spaces)."""
        while position < len(self.text) and self.text[position] == " ":
            position += 1
        for found in self.people_spans():
            if found.start == position:
                return self._name_from(found.start, found.end, found.pk)
        if self.overlaps_found(position, position + 1):
            return None  # a film or someone else's name: not a name we may read freely
        match = NAME.match(self.text, position)
        if match is None or match.group().split()[0] in NOT_NAMES:
            return None
        return self._name_from(match.start(), match.end(), None)

    def name_before(self, position: int) -> Name | None:
        """The person's name ending at `position` (before spaces), possessive 's allowed."""
        head = self.text[:position].rstrip()
        bare = POSSESSIVE.sub("", head)
        for found in self.people_spans():
            if found.end in (len(head), len(bare)):
                return self._name_from(found.start, found.end, found.pk)
        match = NAME_AT_END.search(bare)
        if match is None:
            return None
        words = match.group().split()
        while words and words[0] in NOT_NAMES:
            words = words[1:]
        if len(words) < 2 and "." not in match.group():
            return None
        start = match.end() - len(" ".join(words))
        if self.overlaps_found(start, match.end()):
            return None
        return Name(self.text[start : match.end()], start, match.end(), None)

    def person_name(self, name: Name) -> str:
        return self.records.people.get(name.person, name.text) if name.person else name.text
