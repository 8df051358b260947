"""Years, runtimes, money, award counts and critics' scores stated in a sentence, against the
record of the one film the sentence is about (no film for certain, no finding)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from django.utils import dateformat

from picks.factcheck.context import Context
from picks.factcheck.findings import Finding, contradiction, suggestion
from picks.factcheck.records import FilmFacts
from picks.models import FactFinding
from reviews.models import Outlet

FIGURE = "figure"

NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
COUNT = r"(?:\d{1,3}|" + "|".join(NUMBER_WORDS) + r")"


def _count(text: str) -> int:
    text = text.lower()
    return NUMBER_WORDS[text] if text in NUMBER_WORDS else int(text)


# Hedges: how far a stated figure may be from the record and still be right.
AT_LEAST = re.compile(r"\b(?:more than|over|above|at least|upwards of)\s+$", re.I)
AT_MOST = re.compile(r"\b(?:less than|under|below|nearly|almost|just under|up to)\s+$", re.I)
ABOUT = re.compile(r"\b(?:about|around|roughly|some|approximately|approx\.|circa|c\.)\s+$|~$", re.I)


def _agrees(stated: float, record: float, precision: float, before: str) -> bool:
    """Whether a figure as written (to its own precision, with any hedge before it) is true."""
    if AT_LEAST.search(before):
        return record >= stated - precision / 2
    if AT_MOST.search(before):
        return record <= stated + precision / 2 and (
            "nearly" not in before.lower() or record >= stated * 0.9
        )
    if ABOUT.search(before):
        return abs(record - stated) <= max(precision / 2, abs(stated) * 0.05)
    return abs(record - stated) <= precision / 2


# -- year -------------------------------------------------------------------------------------

YEAR_AFTER_TITLE = re.compile(r"\s*\((?P<year>(?:18|19|20)\d\d)\)")
YEAR_AS_DESCRIPTION = re.compile(
    r"\b(?:a|an|the)\s+(?P<year>(?:18|19|20)\d\d)\s+(?:[\w-]+\s+){0,5}?"
    r"(?:film|movie|musical|drama|comedy|feature|picture|thriller|western|documentary|romance)\b"
    r"|\breleased\s+in\s+(?:\w+\s+)?(?P<released>(?:18|19|20)\d\d)\b",
    re.I,
)


# Further apart than this, a year names another film of the same title (a remake), not an error.
YEARS_APART_FOR_A_REMAKE = 4


def _year_finding(film: FilmFacts, stated: int) -> Finding | None:
    if film.film.year is None or film.film.year == stated:
        return None
    released = dateformat.format(film.film.release_date, "j F Y")
    if abs(film.film.year - stated) >= YEARS_APART_FOR_A_REMAKE:
        return suggestion(
            FactFinding.Kind.UNKNOWN,
            f"film:{film.title}:{stated}",
            f"{film.title} ({stated}) is not the {film.title} in our records (released "
            f"{released}): add it if it is another film, so it can be linked and checked.",
        )
    return contradiction(
        FIGURE,
        f"{film.film.pk}:year:{stated}",
        f"Our record dates {film.title} to {film.film.year} (released {released}), not {stated}.",
    )


def check_year(context: Context) -> Iterator[Finding]:
    for film, _start, end in context.film_spans():
        if match := YEAR_AFTER_TITLE.match(context.text, end):
            if finding := _year_finding(film, int(match.group("year"))):
                yield finding
    films = context.films()
    # "the 1952 film" may be any film: only read it in a sentence that names one film.
    film = context.subject() if len(films) == 1 else None
    if film is None:
        return
    for match in YEAR_AS_DESCRIPTION.finditer(context.text):
        if finding := _year_finding(film, int(match.group("year") or match.group("released"))):
            yield finding


# -- runtime ----------------------------------------------------------------------------------

RUNTIME = re.compile(
    r"(?P<hours>\d)\s*(?:h|hrs?|hours?)\s*(?:and\s+)?(?P<minutes>\d{1,2})\s*(?:m|mins?|minutes?)\b"
    r"|(?P<only>\d{2,3})[\s-]*(?:minutes?|mins?)\b",
    re.I,
)
RUNTIME_WORDS = re.compile(
    r"\b(?:runs?|running|runtime|run time|long|lasts?|clocks? in|length)\b|\d[\s-]*minute\b", re.I
)


def check_runtime(context: Context) -> Iterator[Finding]:
    film = context.subject()
    if film is None or not film.film.runtime_minutes or not RUNTIME_WORDS.search(context.text):
        return
    record = film.film.runtime_minutes
    for match in RUNTIME.finditer(context.text):
        if match.group("only"):
            stated = int(match.group("only"))
        else:
            stated = int(match.group("hours")) * 60 + int(match.group("minutes"))
        if stated < 40 or _agrees(stated, record, 1, context.text[: match.start()]):
            continue
        yield contradiction(
            FIGURE,
            f"{film.film.pk}:runtime:{stated}",
            f"Our record says {film.title} runs {record} minutes "
            f"({film.film.runtime_display}), not {stated}.",
        )


# -- money ------------------------------------------------------------------------------------

MONEY = re.compile(
    r"(?:US)?\$\s?(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*"
    r"(?P<unit>million|billion|thousand|mn|bn|m|b|k)?\b",
    re.I,
)
UNITS = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "b": 1e9}
UNITS["bn"] = 1e9
MONEY_KIND = re.compile(
    r"(?P<budget>budget|made for|cost|costs|costing|to make|production cost)"
    r"|(?P<gross>box[ -]office|grossed|grosses|grossing|gross|takings|earned|earning|made|"
    r"took in|worldwide|took)",
    re.I,
)
# "Made" or "earned" alone may be a soundtrack's sales: a gross needs the box office named.
BOX_OFFICE_NAMED = re.compile(r"\b(?:box[ -]office|gross\w*|worldwide|takings)\b", re.I)
NOT_WORLDWIDE = re.compile(
    r"\b(?:domestic|north american|in the us|us box office|opening weekend|first weekend)\b", re.I
)


def _money_kind(text: str, start: int, end: int) -> str | None:
    """ "gross" or "budget": the word nearest the amount, with no other amount between them. A
    word after the amount counts double its distance: "cost $30 million and grossed" is a
    budget, "a $30 million budget" too."""
    nearest = None
    for match in MONEY_KIND.finditer(text):
        if match.end() <= start:
            between, distance = text[match.end() : start], start - match.end()
        elif match.start() >= end:
            between, distance = text[end : match.start()], 2 * (match.start() - end)
        else:
            continue
        if distance > 60 or MONEY.search(between):
            continue
        if nearest is None or distance < nearest[0]:
            nearest = (distance, "budget" if match.group("budget") else "gross")
    return nearest[1] if nearest else None


def _dollars(value: float) -> str:
    if value >= 1e9:
        return f"${value / 1e9:.2f} billion"
    if value >= 1e6:
        return f"${value / 1e6:.1f} million"
    return f"${value:,.0f}"


def check_money(context: Context) -> Iterator[Finding]:
    film = context.subject()
    if film is None or NOT_WORLDWIDE.search(context.text):
        return
    for match in MONEY.finditer(context.text):
        kind = _money_kind(context.text, match.start(), match.end())
        if kind == "gross" and not BOX_OFFICE_NAMED.search(context.text):
            continue
        record = film.film.box_office_usd if kind == "gross" else film.film.budget_usd
        if kind is None or record is None:
            continue
        number = match.group("number").replace(",", "")
        unit = UNITS.get((match.group("unit") or "").lower(), 1)
        decimals = len(number.split(".")[1]) if "." in number else 0
        stated = float(number) * unit
        if _agrees(stated, record, unit / 10**decimals, context.text[: match.start()]):
            continue
        if kind == "gross":
            site = urlsplit(film.film.box_office_source).netloc.removeprefix("www.")
            details = [f"source: {site}"] if site else []
            if as_of := film.film.box_office_as_of:
                details.append(f"as of {dateformat.format(as_of, 'j F Y')}")
            note = f" ({', '.join(details)})" if details else ""
            what = f"worldwide box office is {_dollars(record)}{note}"
        else:
            what = f"budget is {_dollars(record)}"
        yield contradiction(
            FIGURE,
            f"{film.film.pk}:{kind}:{match.group().strip()}",
            f"Our record of {film.title}'s {what}, not {match.group().strip()}.",
        )


# -- awards -----------------------------------------------------------------------------------

CEREMONIES = {
    "academy": re.compile(r"\b(?:oscars?|academy awards?)\b", re.I),
    "golden globe": re.compile(r"\bgolden globes?(?: awards?)?\b", re.I),
    "bafta": re.compile(r"\bbaftas?(?: awards?)?\b", re.I),
}
NOMINATED = re.compile(r"\bnominat\w*\b(?:\s+\w+){0,4}\s*$", re.I)


def _ceremony(context: Context, film: FilmFacts):
    """The one ceremony the sentence names, with its record for the film."""
    named = [name for name, pattern in CEREMONIES.items() if pattern.search(context.text)]
    if len(named) != 1:
        return None
    matches = [
        (ceremony, counts)
        for ceremony, counts in film.nominations.items()
        if named[0] in ceremony.lower() or (named[0] == "academy" and "oscar" in ceremony.lower())
    ]
    return (CEREMONIES[named[0]], *matches[0]) if len(matches) == 1 else None


WON = re.compile(
    rf"\b(?:won|wins|winning|took\s+home|picked\s+up|collected)\s+"
    rf"(?:a\s+record\s+|a\s+total\s+of\s+)?(?P<count>{COUNT})\b"
    r"(?!\s+(?:out\s+)?of\b|\s+(?:\w+\s+)?(?:nominations?|nods?)\b)",
    re.I,
)


def _award_claims(text: str, pattern: re.Pattern) -> Iterator[tuple[str, int]]:
    """("wins" or "nominations", count) for each count the sentence gives."""
    ceremony = pattern.pattern
    counted = re.compile(
        rf"\b(?P<wins>{COUNT})\s+(?:out\s+)?of\s+(?:its\s+|their\s+|the\s+)?(?P<of>{COUNT})\s+"
        rf"(?:{ceremony}\s+)?(?:nominations?|nods?)"
        rf"|\b(?P<count>{COUNT})\s+(?:(?P<named>{ceremony})\s*)?"
        rf"(?P<what>nominations?|nods?|wins?)?\b",
        re.I,
    )
    for match in WON.finditer(text):
        yield "wins", _count(match.group("count"))
    for match in counted.finditer(text):
        if match.group("wins"):
            yield "wins", _count(match.group("wins"))
            yield "nominations", _count(match.group("of"))
            continue
        what = (match.group("what") or "").lower()
        if not match.group("named") and not what.startswith(("nomination", "nod")):
            continue  # a bare number, or "3 wins" without the award named: not a claim we read
        if what.startswith(("nomination", "nod")) or NOMINATED.search(text[: match.start()]):
            yield "nominations", _count(match.group("count"))
        else:
            yield "wins", _count(match.group("count"))


def check_awards(context: Context) -> Iterator[Finding]:
    film = context.subject()
    if film is None or (found := _ceremony(context, film)) is None:
        return
    pattern, ceremony, (wins, nominations) = found
    record = {"wins": wins, "nominations": nominations}
    award = ceremony[:-1] if ceremony.endswith("s") else ceremony  # "Academy Award nominations"
    for what, stated in dict(_award_claims(context.text, pattern)).items():
        if stated == record[what]:
            continue
        noun = ("win" if what == "wins" else "nomination") + ("" if stated == 1 else "s")
        yield contradiction(
            FIGURE,
            f"{film.film.pk}:{ceremony}:{what}:{stated}",
            f"Our record: {film.title} won {wins} of its {nominations} {award} nominations; "
            f"the text says {stated} {noun}.",
        )


# -- critics' scores --------------------------------------------------------------------------

SCORE_AFTER = re.compile(
    r"\s*(?:[:—–-]|(?:'s)?\s*(?:score|rating|gives it|gave it|has it at|rates it|of)(?:\s+of)?)?"
    r"\s*(?P<value>\d{1,3}(?:\.\d)?)\s*(?P<unit>%|/\s?100|/\s?10|/\s?5|out of (?:100|10|5))?"
    r"(?![\d.]\d)",
    re.I,
)
UNIT_SCALES = {
    "%": {Outlet.Scale.PERCENT},
    "100": {Outlet.Scale.HUNDRED, Outlet.Scale.PERCENT},
    "10": {Outlet.Scale.TEN},
    "5": {Outlet.Scale.STARS},
}


def _score_line(context: Context, outlet_start: int, value_end: int) -> bool:
    """A line that is only a score ("Metacritic: 93"): about the post's film."""
    rest = context.text[:outlet_start] + context.text[value_end:]
    return not rest.strip(" .")


def check_scores(context: Context) -> Iterator[Finding]:
    for outlet in context.records.outlets:
        name = re.compile(rf"(?<!\w){re.escape(outlet.name)}(?!\w)", re.I)
        for found in name.finditer(context.text):
            match = SCORE_AFTER.match(context.text, found.end())
            if match is None:
                continue
            film = context.subject()
            if film is None and _score_line(context, found.start(), match.end()):
                film = context.previous_subject or context.only_linked_film()
            if film is None or (score := film.scores.get(outlet.pk)) is None:
                continue
            unit = re.sub(r"[^\d%]", "", match.group("unit") or "")
            if unit and outlet.scale not in UNIT_SCALES.get(unit, set()):
                continue  # "8/10" for a percent outlet: another figure, not its score
            try:
                stated = Decimal(match.group("value"))
            except InvalidOperation:
                continue
            places = 1 if outlet.scale == Outlet.Scale.TEN else 0
            if round(stated, places) == round(score.value, places):
                continue
            yield contradiction(
                FIGURE,
                f"{film.film.pk}:score:{outlet.pk}:{stated}",
                f"Our record of {outlet.name}'s score for {film.title} is "
                f"{score.display_with_scale}, not {match.group('value')}.",
            )
