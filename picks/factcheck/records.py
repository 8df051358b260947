"""What the records say about the films and people a post names, loaded in a fixed number of
queries whatever the post's length."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Prefetch

from films.models import AwardNomination, Credit, Film, Person
from reviews.models import Outlet, Score

NAME_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@dataclass
class Role:
    character: str
    words: set[str]  # the character's names that stand alone: "Mia", "Dolan", "Mia Dolan"
    people: dict[int, str] = field(default_factory=dict)  # person pk -> name


@dataclass
class FilmFacts:
    film: Film
    roles: list[Role]
    crew: dict[str, dict[int, str]]  # job -> {person pk: name}
    people: dict[int, str]  # everyone credited, in any role: person pk -> name
    nominations: dict[str, tuple[int, int]]  # ceremony -> (wins, nominations)
    scores: dict[int, Score]  # outlet pk -> score

    @property
    def title(self) -> str:
        return self.film.title

    def roles_named(self, name: str) -> list[Role]:
        """The film's parts a name in the text can mean: its full name or one of its words."""
        wanted = name.casefold()
        return [role for role in self.roles if wanted in role.words]


def character_words(character: str) -> set[str]:
    """ "Amelia 'Mia' Dolan" answers to "Amelia 'Mia' Dolan", "Amelia", "Mia", "Dolan" and
    "Mia Dolan"; a word under three letters or lower-case ("the", "Young") stands for nobody."""
    words = [word for word in NAME_WORD.findall(character) if len(word) >= 3 and word[0].isupper()]
    names = {character.casefold(), *(word.casefold() for word in words)}
    if len(words) >= 2:
        names.add(f"{words[-2]} {words[-1]}".casefold())
    return {name for name in names if name}


def _film_facts(film: Film) -> FilmFacts:
    roles: dict[str, Role] = {}
    crew: dict[str, dict[int, str]] = {}
    for credit in film.credits.all():
        if credit.role == Credit.Role.CAST and credit.character.strip():
            role = roles.setdefault(
                credit.character, Role(credit.character, character_words(credit.character))
            )
            role.people[credit.person_id] = credit.person.name
        elif credit.role == Credit.Role.CREW:
            crew.setdefault(credit.job, {})[credit.person_id] = credit.person.name
    tally: dict[str, list[int]] = {}
    for nomination in film.nominations.all():
        counts = tally.setdefault(nomination.ceremony, [0, 0])
        counts[0] += nomination.won
        counts[1] += 1
    return FilmFacts(
        film=film,
        roles=list(roles.values()),
        crew=crew,
        people={credit.person_id: credit.person.name for credit in film.credits.all()},
        nominations={ceremony: (wins, total) for ceremony, (wins, total) in tally.items()},
        scores={score.outlet_id: score for score in film.scores.all()},
    )


@dataclass
class Records:
    films: dict[int, FilmFacts]
    people: dict[int, str]  # person pk -> name
    outlets: list[Outlet]

    @classmethod
    def load(cls, *, film_ids, person_ids) -> Records:
        films = Film.objects.filter(pk__in=set(film_ids)).prefetch_related(
            Prefetch("credits", queryset=Credit.objects.select_related("person")),
            Prefetch("nominations", queryset=AwardNomination.objects.all()),
            Prefetch("scores", queryset=Score.objects.select_related("outlet")),
        )
        return cls(
            films={film.pk: _film_facts(film) for film in films},
            people=dict(Person.objects.filter(pk__in=set(person_ids)).values_list("pk", "name")),
            outlets=list(Outlet.objects.all()),
        )
