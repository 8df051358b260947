"""Run every rule over a post's sentences: the findings, each with its sentence."""

from __future__ import annotations

from dataclasses import replace

from picks.factcheck.context import Context
from picks.factcheck.figures import (
    check_awards,
    check_money,
    check_runtime,
    check_scores,
    check_year,
)
from picks.factcheck.findings import Finding
from picks.factcheck.people import check_cast, check_crew
from picks.factcheck.records import Records
from picks.factcheck.text import post_sentences
from picks.factcheck.unknown import check_outlet_names, check_unknown
from picks.mentions import recognise

CONTRADICTION_RULES = (
    check_cast,
    check_crew,
    check_year,
    check_runtime,
    check_money,
    check_awards,
    check_scores,
)


def check_text(*, standfirst: str, body: str, film_ids=()) -> list[Finding]:
    """Every finding in a standfirst and body; `film_ids` are the post's own films (what a
    sentence that names no film, like "Mia (Julianne Moore)", is about)."""
    sentences = list(post_sentences(standfirst=standfirst, body=body))
    found = [recognise(sentence.text) for sentence in sentences]
    named = [item for items in found for item in items]
    records = Records.load(
        film_ids=[*film_ids, *(item.pk for item in named if item.kind == "film")],
        person_ids=[item.pk for item in named if item.kind == "person"],
    )
    findings: dict[str, Finding] = {}
    earlier: list[int] = []
    previous, paragraph = None, None
    for sentence, items in zip(sentences, found, strict=True):
        if (sentence.field, sentence.paragraph) != paragraph:
            previous, paragraph = None, (sentence.field, sentence.paragraph)
        context = Context(
            sentence=sentence,
            found=sorted(items, key=lambda item: item.start),
            records=records,
            linked_films=[pk for pk in film_ids if pk in records.films],
            earlier_films=list(earlier),
            previous_subject=previous,
        )
        contradictions = [
            replace(finding, sentence=sentence.plain, field=sentence.field)
            for rule in CONTRADICTION_RULES
            for finding in rule(context)
        ]
        named_wrongly = " ".join(finding.claim for finding in contradictions)
        suggestions = [
            replace(finding, sentence=sentence.plain, field=sentence.field)
            for rule in (check_unknown, check_outlet_names)
            for finding in rule(context)
            if finding.claim.split(":", 1)[1] not in named_wrongly
        ]
        for finding in [*contradictions, *suggestions]:
            findings.setdefault(finding.key, finding)
        films = context.films()
        if films:
            previous = films[0] if len(films) == 1 else None
        earlier.extend(film.film.pk for film in films)
    return list(findings.values())
