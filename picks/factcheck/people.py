"""Who plays whom, and who made the film: claims the credits can contradict."""

from __future__ import annotations

import re
from collections.abc import Iterator

from films.models import Credit
from picks.factcheck.context import Context, Name
from picks.factcheck.findings import Finding, contradiction, names
from picks.factcheck.records import FilmFacts, Role
from picks.models import FactFinding

CAST = FactFinding.Kind.CAST
CREW = FactFinding.Kind.CREW

# After a character: "Mia (Julianne Moore)", "Mia (played by ...)", "Mia, played by ...".
CHARACTER_THEN_ACTOR = re.compile(
    r"\s*(?:\(\s*(?:played by\s+)?(?=[^)]*\))"
    r"|,?\s+(?:who\s+is\s+|who\s+was\s+|is\s+|was\s+)?(?:played|portrayed)\s+by\s+)"
)
# Before a character: "Julianne Moore as Mia", "Julianne Moore plays struggling actress Mia".
ACTOR_THEN_CHARACTER = re.compile(
    r"(?:\s+as(?:\s+the)?|,?\s+(?:who\s+)?(?:plays|played|playing|portrays|portrayed|stars\s+as|"
    r"starred\s+as|starring\s+as)(?:\s+(?!and\b|or\b|with\b|opposite\b|alongside\b|as\b)"
    r"[a-z][\w-]*){0,3})\s+$"
)
CLOSING = re.compile(r"\s*\)")

# "directed by X", "written and directed by X", "music by X".
JOB_BY = re.compile(
    r"\b(?P<job>written\s+and\s+directed|co-?directed|directed|helmed|written|scripted|"
    r"composed|scored|music|score)\s+(?:is\s+|was\s+)?by\s+"
)
# "Whiplash director Danny DeVito", "Whiplash's composer, Justin Hurwitz".
FILM_JOB = re.compile(
    r"(?:['’]s)?\s+(?P<job>director|co-director|writer|screenwriter|composer)\s*,?\s+"
)
# "X directed Whiplash", "X, who wrote Whiplash", "X, the director of Whiplash".
JOB_FILM = re.compile(
    r"(?:,?\s+(?:who\s+)?(?P<job>directed|wrote|scored|directs|writes)\s+"
    r"|,\s+(?:the\s+)?(?P<noun>director|writer|screenwriter|composer)\s+of\s+)"
    r"(?:the\s+(?:film|movie)\s+)?$"
)
# Between a film and "directed by": "Whiplash, directed by", "Whiplash (directed by".
FILM_TO_PHRASE = re.compile(r"^(?:['’]s)?\s*[,(—–-]?\s*(?:(?:which|that|is|was|were)\s+)*$")

DIRECTING = (Credit.Job.DIRECTOR,)
WRITING = (Credit.Job.SCREENPLAY, Credit.Job.STORY)
MUSIC = (Credit.Job.MUSIC,)
JOBS = {
    "directed": [DIRECTING],
    "co-directed": [DIRECTING],
    "codirected": [DIRECTING],
    "helmed": [DIRECTING],
    "director": [DIRECTING],
    "co-director": [DIRECTING],
    "directs": [DIRECTING],
    "written": [WRITING],
    "scripted": [WRITING],
    "wrote": [WRITING],
    "writes": [WRITING],
    "writer": [WRITING],
    "screenwriter": [WRITING],
    "written and directed": [DIRECTING, WRITING],
    "composed": [MUSIC],
    "scored": [MUSIC],
    "music": [MUSIC],
    "score": [MUSIC],
    "composer": [MUSIC],
}
JOB_PHRASES = {DIRECTING: "was directed by", WRITING: "was written by", MUSIC: "has music by"}


# -- who plays whom ---------------------------------------------------------------------------


def _character_mentions(context: Context) -> Iterator[tuple[int, int, FilmFacts, Role]]:
    """Each place the sentence names a character, with the one film and part it can be.
    A name that fits parts in two films, or two parts in one, is skipped: never guess."""
    films = context.candidate_films()
    words = {word for film in films for role in film.roles for word in role.words}
    taken: list[tuple[int, int]] = []
    for word in sorted(words, key=len, reverse=True):
        pattern = re.compile(rf"(?<![\w'’-]){re.escape(word)}(?![\w-])", re.I)
        for match in pattern.finditer(context.text):
            start, end = match.span()
            if not match.group()[0].isupper() or context.overlaps_found(start, end):
                continue
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            parts = [(film, role) for film in films for role in film.roles_named(word)]
            if len(parts) == 1:
                yield start, end, *parts[0]


def _actor_for(context: Context, start: int, end: int) -> Name | None:
    """The actor the sentence gives the character at start:end, if it gives one."""
    if after := CHARACTER_THEN_ACTOR.match(context.text, end):
        name = context.name_at(after.end())
        in_brackets = "(" in after.group()
        if name is not None and (not in_brackets or CLOSING.match(context.text, name.end)):
            return name
    if before := ACTOR_THEN_CHARACTER.search(context.text[:start]):
        return context.name_before(before.start())
    return None


def check_cast(context: Context) -> Iterator[Finding]:
    for start, end, film, role in _character_mentions(context):
        actor = _actor_for(context, start, end)
        if actor is None or not role.people or actor.is_credited_in(role.people):
            continue
        who = context.person_name(actor)
        unknown = "" if actor.person else f" ({who} is not in our records.)"
        yield contradiction(
            CAST,
            f"{film.film.pk}:{role.character}:{who}",
            f"Our credits for {film.title} give {role.character} to {names(role.people)}, "
            f"not {who}.{unknown}",
        )


# -- who made it ------------------------------------------------------------------------------


def _film_before(context: Context, position: int) -> FilmFacts | None:
    """The film a phrase at `position` is about: the one right before it ("Whiplash, directed
    by"), else the sentence's only film."""
    spans = [span for span in context.film_spans() if span[2] <= position]
    if spans and FILM_TO_PHRASE.match(context.text[spans[-1][2] : position]):
        return spans[-1][0]
    films = context.films()
    return films[0] if len(films) == 1 else None


def _crew_claims(context: Context) -> Iterator[tuple[FilmFacts, str, Name, bool]]:
    """(film, job word, person, possessive) for each claim of who made a film."""
    text = context.text
    for match in JOB_BY.finditer(text):
        film = _film_before(context, match.start())
        name = context.name_at(match.end())
        if film is not None and name is not None:
            yield film, match.group("job"), name, False
    for film, _start, end in context.film_spans():
        if match := FILM_JOB.match(text, end):
            if (name := context.name_at(match.end())) is not None:
                yield film, match.group("job"), name, False
    for film, start, _end in context.film_spans():
        head = text[:start]
        if match := JOB_FILM.search(head):
            name = context.name_before(match.start())
            if name is not None:
                yield film, match.group("job") or match.group("noun"), name, False
        elif re.search(r"['’]s?\s+$", head) and (name := context.name_before(len(head))):
            yield film, "directed", name, True


def check_crew(context: Context) -> Iterator[Finding]:
    for film, job_word, name, possessive in _crew_claims(context):
        who = context.person_name(name)
        if possessive and (name.person is None or name.is_credited_in(film.people)):
            # "Emma Stone's La La Land" is her film too, not a claim she directed it; and
            # "Hollywood Reporter's La La Land" may be no person at all.
            continue
        for jobs in JOBS[" ".join(job_word.lower().split())]:
            credited = {pk: n for job in jobs for pk, n in film.crew.get(job, {}).items()}
            if not credited or name.is_credited_in(credited):
                continue
            unknown = "" if name.person else f" ({who} is not in our records.)"
            yield contradiction(
                CREW,
                f"{film.film.pk}:{jobs[0]}:{who}",
                f"Our credits say {film.title} {JOB_PHRASES[jobs]} {names(credited)}, "
                f"not {who}.{unknown}",
            )
