"""How names are compared: folded words (case, accents and punctuation set aside), so that
"Penélope Cruz" is "Penelope Cruz" and "J. K. Simmons" is "JK Simmons"."""

from __future__ import annotations

import re
import unicodedata

# A word: letters and digits, with any combining accents written after them (decomposed text).
WORD = re.compile(r"[^\W_]+(?:[\u0300-\u036f]+[^\W_]*)*")
# What may stand between two words of one name as written: a space (not a blank line), a hyphen,
# an apostrophe, a colon or comma ("Mission: Impossible", "Crouching Tiger, Hidden Dragon"), "&".
SPACE = r"[ \t\r\u00a0]*"
NAME_GAP = re.compile(rf"{SPACE}(?:[-\u2010\u2011\u2013:,&'\u2019]{SPACE})?\n?{SPACE}")
# After an initial or a short abbreviation (J. K., Mr., Jr., St.) a full stop may come first.
ABBREVIATION_GAP = re.compile(rf"\.?{SPACE}\n?{SPACE}")
ABBREVIATION_MAX = 3
# "JK" in "JK Simmons": two or three capitals that are initials, matched as "J. K." too.
INITIALS = re.compile(r"[A-Z]{2,3}")


def fold(word: str) -> str:
    """Lower case without accents: "Penélope" -> "penelope", "Straße" -> "strasse"."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def is_capitalised(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


Span = tuple[int, int]


def words_of(text: str) -> tuple[list[str], list[Span]]:
    """The text's words, folded, and where each stands in it. Plain lists, not an object per
    word: a long read has thousands, and this is most of what recognising one costs."""
    spans = [match.span() for match in WORD.finditer(text)]
    if text.isascii():
        lowered = text.lower()
        return [lowered[start:end] for start, end in spans], spans
    return [fold(text[start:end]) for start, end in spans], spans


def joins_one_name(text: str, before: Span, after: Span) -> bool:
    """Whether the text between two words lets them belong to one name."""
    gap = text[before[1] : after[0]]
    if not gap:
        return True
    if before[1] - before[0] <= ABBREVIATION_MAX and ABBREVIATION_GAP.fullmatch(gap):
        return True
    return NAME_GAP.fullmatch(gap) is not None


def name_variants(name: str) -> list[tuple[str, tuple[bool, ...]]]:
    """The ways a name may be written, as its folded words joined by spaces, with which of them
    a writer capitalises.

    Initials are matched written together or apart: "J. K. Simmons" also as "JK Simmons", and
    "JK Simmons" also as "J. K. Simmons".
    """
    written = WORD.findall(name)
    if not written:
        return []
    variants = [written]
    if sum(len(word) == 1 and word.isalpha() for word in written) >= 2:
        merged: list[str] = []
        for word in written:
            if len(word) == 1 and word.isalpha() and merged and _is_initials(merged[-1]):
                merged[-1] += word
            else:
                merged.append(word)
        variants.append(merged)
    if any(INITIALS.fullmatch(word) for word in written):
        variants.append([part for word in written for part in _split_initials(word)])
    seen: dict[str, tuple[bool, ...]] = {}
    for words in variants:
        key = fold(" ".join(words))
        seen.setdefault(key, tuple([is_capitalised(word) for word in words]))
    return list(seen.items())


def _is_initials(word: str) -> bool:
    return word.isalpha() and word.isupper() and len(word) <= ABBREVIATION_MAX


def _split_initials(word: str) -> list[str]:
    return list(word) if INITIALS.fullmatch(word) else [word]
