"""Names the records do not know, in the few places where it is clear that a name is a person's
or a film's: a suggestion to add them, never an error."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from picks.factcheck.context import Context, Name
from picks.factcheck.findings import Finding, suggestion
from picks.mentions import recognise
from picks.models import FactFinding

UNKNOWN = FactFinding.Kind.UNKNOWN

# "director Fred Berger", "starring Julianne Moore", "directed by Danny DeVito".
PERSON_BEFORE = re.compile(
    r"\b(?:actor|actress|director|filmmaker|composer|producer|screenwriter|cinematographer|"
    r"co-star|starring|(?:directed|written|composed|scored|played|portrayed)\s+by)"
    r"\s+(?=[A-Z])"
)
# "Fred Berger, the film's producer".
PERSON_AFTER = re.compile(
    r",\s+(?:the\s+|its\s+)?(?:film['’]s\s+|movie['’]s\s+)?"
    r"(?:actor|actress|director|producer|composer|screenwriter|cinematographer)\b"
)
# A title in quotes or italics with its year: "‘Whiplash’ (2014)", "*Whiplash* (2014)", or the
# capitalised words before a year in brackets: "Whiplash (2014)".
_TITLE_WORD = r"(?:[A-Z0-9][\w'’:-]*)"
_SMALL = r"(?:of|the|a|an|and|in|on|to|at|for|from|with|without)"
FILM_TITLE = re.compile(
    rf"[\"“‘*_](?P<quoted>[^\"”’*_]{{2,80}})[\"”’*_]\s*\((?:18|19|20)\d\d\)"
    rf"|(?P<bare>{_TITLE_WORD}(?:\s+(?:{_SMALL}\s+)*{_TITLE_WORD}){{0,6}})\s*\((?:18|19|20)\d\d\)"
)
# A score line, "Rotten Romatoes: 91", whose outlet we do not know.
SCORE_LINE = re.compile(
    r"^\s*(?P<outlet>[A-Z][\w.' -]{1,40}?)\s*[:—–-]\s*\d{1,3}(?:\.\d)?\s*(?:%|/\s?\d+)?\s*$"
)
NOT_TITLE_STARTS = {"The", "A", "An", "In", "On", "And", "But", "As", "At", "By", "Released"}


def _is_known(context: Context, name: Name) -> bool:
    """A character of the post's films ("actress Mia Dolan"), or someone the records know
    without the middle name ("Ryan Thomas Gosling")."""
    folded = name.text.casefold()
    if any(folded in role.words for film in context.candidate_films() for role in film.roles):
        return True
    words = name.text.split()
    return len(words) > 2 and any(
        found.kind == "person" for found in recognise(f"{words[0]} {words[-1]}")
    )


def _person(context: Context, name: Name) -> Finding | None:
    if name.person is not None or _is_known(context, name):
        return None
    return suggestion(
        UNKNOWN,
        f"person:{name.text}",
        f"{name.text} is not in our records: add them if you want the name linked and checked.",
    )


def check_unknown(context: Context) -> Iterator[Finding]:
    names = [context.name_at(match.end()) for match in PERSON_BEFORE.finditer(context.text)]
    names += [context.name_before(match.start()) for match in PERSON_AFTER.finditer(context.text)]
    for name in names:
        if name is not None and (finding := _person(context, name)):
            yield finding
    for match in FILM_TITLE.finditer(context.text):
        group = "quoted" if match.group("quoted") else "bare"
        start, end = match.span(group)
        title = match.group(group).strip()
        words = title.split()
        while words and words[0] in NOT_TITLE_STARTS and group == "bare" and len(words) > 1:
            words = words[1:]
        title = " ".join(words)
        if not title or context.overlaps_found(end - len(title), end):
            continue
        yield suggestion(
            UNKNOWN,
            f"film:{title}",
            f"“{title}” is not in our films: add it if you want it linked and checked.",
        )


def check_outlet_names(context: Context) -> Iterator[Finding]:
    match = SCORE_LINE.match(context.sentence.plain)
    if match is None:
        return
    written = match.group("outlet").strip()
    outlets = {outlet.name.casefold(): outlet.name for outlet in context.records.outlets}
    if written.casefold() in outlets:
        return
    if close := difflib.get_close_matches(written.casefold(), outlets, n=1, cutoff=0.8):
        yield suggestion(
            UNKNOWN,
            f"outlet:{written}",
            f"“{written}” is not an outlet we know: did you mean {outlets[close[0]]}?",
        )
