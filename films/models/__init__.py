"""Films, the people who make them, who did what (credits), memorable lines and awards.

One module per concern; every name is importable from `films.models` as before. The tables that
join films and people (credits, quotes, awards) name them by label, so the imports run one way:
films -> people -> credits, quotes, awards.
"""

from films.models.availability import Availability, AvailabilityQuerySet
from films.models.awards import AwardNomination, AwardNominationQuerySet
from films.models.credits import Credit, CreditQuerySet
from films.models.films import Film, FilmQuerySet, Genre
from films.models.people import Person, PersonQuerySet
from films.models.provenance import FieldSource, ImportSource, value_fingerprint
from films.models.quotes import Quote
from films.models.validators import (
    IMDB_ID,
    TRAILER_HOSTS,
    VIMEO_ID,
    YOUTUBE_ID,
    validate_trailer_url,
)

__all__ = [
    "IMDB_ID",
    "TRAILER_HOSTS",
    "VIMEO_ID",
    "YOUTUBE_ID",
    "Availability",
    "AvailabilityQuerySet",
    "AwardNomination",
    "AwardNominationQuerySet",
    "Credit",
    "CreditQuerySet",
    "FieldSource",
    "Film",
    "FilmQuerySet",
    "Genre",
    "ImportSource",
    "Person",
    "PersonQuerySet",
    "Quote",
    "validate_trailer_url",
    "value_fingerprint",
]
