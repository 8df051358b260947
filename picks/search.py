"""Site search over posts, films and people.

PostgreSQL gets weighted full-text search plus trigram matching for typos; other databases
(SQLite in development) get a simpler ranked substring match. The database in use decides.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Greatest
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from films.models import Film, Person
from picks.models import Post

MAX_QUERY_LENGTH = 200
TRIGRAM_THRESHOLD = 0.3
SNIPPET_LENGTH = 180
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_MARKDOWN_NOISE = re.compile(r"[#*_>`\[\]\(\)!|~-]+")


@dataclass(frozen=True)
class SearchKind:
    key: str
    label: str
    fields: dict[str, str]  # model field -> full-text weight (A highest)
    title: str  # the field a result is called by, and where typos are forgiven
    snippet_fields: tuple[str, ...]
    readers_see: Callable[[], QuerySet]  # the same definition of "public" the pages use

    def queryset(self) -> QuerySet:
        return self.readers_see()

    def title_of(self, obj: Any) -> str:
        return str(getattr(obj, self.title))

    def snippet_source(self, obj: Any) -> str:
        return " ".join(filter(None, (getattr(obj, name) for name in self.snippet_fields)))


POSTS = SearchKind(
    "posts",
    "Posts",
    {"title": "A", "standfirst": "B", "body": "C"},
    title="title",
    snippet_fields=("standfirst", "body"),
    readers_see=lambda: Post.objects.published().select_related("section", "author"),
)
FILMS = SearchKind(
    "films",
    "Films",
    {"title": "A", "tagline": "B", "synopsis": "C"},
    title="title",
    snippet_fields=("tagline", "synopsis"),
    readers_see=lambda: Film.objects.public(),
)
PEOPLE = SearchKind(
    "people",
    "People",
    {"name": "A", "alternative_names": "A", "bio": "C"},
    title="name",
    snippet_fields=("bio",),
    readers_see=lambda: Person.objects.public(),
)
KINDS = {kind.key: kind for kind in (POSTS, FILMS, PEOPLE)}
_WEIGHT_POINTS = {"A": 3, "B": 2, "C": 1}


def clean_query(raw: str) -> str:
    """Collapse whitespace and drop control characters (PostgreSQL refuses NUL bytes)."""
    return " ".join(_CONTROL_CHARACTERS.sub(" ", raw).split())


def query_terms(query: str) -> list[str]:
    return [word.lower() for word in _WORD.findall(query)][:12]


def set_trigram_threshold(sender, connection, **kwargs) -> None:
    """On each new PostgreSQL connection (connection_created): the similarity the %> operator
    (trigram_word_similar, which unlike word_similarity() >= x can use the trigram GIN index)
    asks for. A session setting, so once per connection is enough."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
                [str(TRIGRAM_THRESHOLD)],
            )


def uses_postgres_search() -> bool:
    return connection.vendor == "postgresql"


def search(kind: SearchKind, query: str) -> QuerySet:
    """Matching objects of one kind, best first, with a `rank` annotation."""
    terms = query_terms(query)
    if not terms:
        return kind.queryset().none()
    if uses_postgres_search():
        return _postgres_search(kind, query)
    return _fallback_search(kind, terms)


def _postgres_search(kind: SearchKind, query: str) -> QuerySet:
    vector = None
    for field_name, weight in kind.fields.items():
        part = SearchVector(field_name, weight=weight, config="english")
        vector = part if vector is None else vector + part
    search_query = SearchQuery(query, search_type="websearch", config="english")
    title = kind.title
    return (
        kind.queryset()
        .annotate(
            search_vector=vector,
            text_rank=SearchRank(vector, search_query),
            similarity=TrigramWordSimilarity(query, title),
        )
        .annotate(rank=Greatest(F("text_rank") * 2, F("similarity"), output_field=FloatField()))
        # ts_rank is never exactly 0, so matching is the @@ operator, not rank > 0.
        .filter(Q(search_vector=search_query) | Q(**{f"{title}__trigram_word_similar": query}))
        .order_by("-rank", title)
    )


def _fallback_search(kind: SearchKind, terms: list[str]) -> QuerySet:
    """Every term must appear in some field; earlier (heavier) fields score more."""
    matches = Q()
    score_parts = []
    for term in terms:
        term_match = Q()
        for field_name, weight in kind.fields.items():
            lookup = Q(**{f"{field_name}__icontains": term})
            term_match |= lookup
            score_parts.append(
                Case(When(lookup, then=Value(_WEIGHT_POINTS[weight])), default=Value(0))
            )
        matches &= term_match
    score = score_parts[0]
    for part in score_parts[1:]:
        score = score + part
    return (
        kind.queryset()
        .filter(matches)
        .annotate(rank=Value(0, output_field=IntegerField()) + score)
        .order_by("-rank", kind.title)
    )


def snippet(text: str, terms: list[str], *, length: int = SNIPPET_LENGTH) -> SafeString:
    """A short excerpt of `text` around the first matching word, escaped, matches in <mark>."""
    plain = " ".join(_MARKDOWN_NOISE.sub(" ", text).split())
    if not plain:
        return mark_safe("")
    lowered = plain.lower()
    stems = [term[:5] if len(term) > 5 else term for term in terms if len(term) > 1]
    first = min((i for i in (lowered.find(stem) for stem in stems) if i >= 0), default=0)
    start = max(0, first - length // 3)
    if start:
        start = plain.rfind(" ", 0, start) + 1
    excerpt = plain[start : start + length]
    if start + length < len(plain):
        excerpt = excerpt.rsplit(" ", 1)[0] + " …"
    if start:
        excerpt = "… " + excerpt
    escaped = escape(excerpt)
    if stems:
        pattern = re.compile(
            r"\b(" + "|".join(re.escape(escape(stem)) for stem in stems) + r")[\w’']*",
            re.IGNORECASE,
        )
        escaped = pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped)
    return mark_safe(escaped)  # noqa: S308 - built from escaped text plus our own <mark> tags
