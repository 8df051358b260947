"""Site search over posts, films and people.

PostgreSQL gets weighted full-text search plus trigram matching for typos; other databases
(SQLite in development) get a simpler ranked substring match. The database in use decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

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


POSTS = SearchKind("posts", "Posts", {"title": "A", "standfirst": "B", "body": "C"})
FILMS = SearchKind("films", "Films", {"title": "A", "tagline": "B", "synopsis": "C"})
PEOPLE = SearchKind("people", "People", {"name": "A", "alternative_names": "A", "bio": "C"})
KINDS = {kind.key: kind for kind in (POSTS, FILMS, PEOPLE)}
_WEIGHT_POINTS = {"A": 3, "B": 2, "C": 1}


def clean_query(raw: str) -> str:
    """Collapse whitespace and drop control characters (PostgreSQL refuses NUL bytes)."""
    return " ".join(_CONTROL_CHARACTERS.sub(" ", raw).split())


def query_terms(query: str) -> list[str]:
    return [word.lower() for word in _WORD.findall(query)][:12]


def base_queryset(kind: SearchKind) -> QuerySet:
    """What readers may find: the same definitions the pages use."""
    if kind is POSTS:
        return Post.objects.published().select_related("section", "author")
    if kind is FILMS:
        return Film.objects.public()
    return Person.objects.public()


def title_field(kind: SearchKind) -> str:
    return "name" if kind is PEOPLE else "title"


def uses_postgres_search() -> bool:
    return connection.vendor == "postgresql"


def search(kind: SearchKind, query: str) -> QuerySet:
    """Matching objects of one kind, best first, with a `rank` annotation."""
    terms = query_terms(query)
    if not terms:
        return base_queryset(kind).none()
    if uses_postgres_search():
        return _postgres_search(kind, query)
    return _fallback_search(kind, terms)


def _postgres_search(kind: SearchKind, query: str) -> QuerySet:
    from django.contrib.postgres.search import (
        SearchQuery,
        SearchRank,
        SearchVector,
        TrigramWordSimilarity,
    )

    vector = None
    for field_name, weight in kind.fields.items():
        part = SearchVector(field_name, weight=weight, config="english")
        vector = part if vector is None else vector + part
    search_query = SearchQuery(query, search_type="websearch", config="english")
    title = title_field(kind)
    # The %> operator (trigram_word_similar) can use the trigram GIN index, unlike a
    # comparison on word_similarity(); its threshold is a per-session setting.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
            [str(TRIGRAM_THRESHOLD)],
        )
    return (
        base_queryset(kind)
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
        base_queryset(kind)
        .filter(matches)
        .annotate(rank=Value(0, output_field=IntegerField()) + score)
        .order_by("-rank", title_field(kind))
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


def snippet_source(kind: SearchKind, obj: Any) -> str:
    if kind is POSTS:
        return " ".join(filter(None, [obj.standfirst, obj.body]))
    if kind is FILMS:
        return " ".join(filter(None, [obj.tagline, obj.synopsis]))
    return obj.bio
