"""Site search over posts, films and people.

PostgreSQL gets weighted full-text search over each record's stored vector, plus trigram
matching for typos; other databases (SQLite in development) get a simpler ranked substring
match. The database in use decides.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection
from django.db.models import Case, F, IntegerField, Model, Q, QuerySet, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.search_vectors import CONFIG
from films.models import Film, Person
from picks.models import Post

MAX_QUERY_LENGTH = 200
# How close a word of a title or name must be to count as a typo of the query (pg_trgm's
# word_similarity). At 0.3, "jazz" matched 1,604 of 50,000 names (Jack, Jane...) and outranked
# every real match; 0.45 still forgives "nigth", "gossling", "whiplsh" and "la la lnd" (0.5).
TRIGRAM_THRESHOLD = 0.45
# Ranking reads each ranked match's stored vector: past this many full-text matches of a kind
# (a common word), only the newest are ranked.
RANKED_TEXT_MATCHES = 300
SNIPPET_LENGTH = 180
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_MARKDOWN_NOISE = re.compile(r"[#*_>`\[\]\(\)!|~-]+")


@dataclass(frozen=True)
class SearchKind:
    key: str
    label: str
    model: type[Model]
    title: str  # the field a result is called by, and where typos are forgiven
    snippet_fields: tuple[str, ...]
    readers_see: Callable[[], QuerySet]  # the same definition of "public" the pages use
    newest: tuple[str, ...]  # newest first: which text matches are ranked when many match

    @property
    def fields(self) -> dict[str, str]:
        """Model field -> full-text weight (A highest): what the stored search vector holds."""
        return self.model._meta.get_field("search_vector").expression.weights

    def queryset(self) -> QuerySet:
        return self.readers_see()

    def title_of(self, obj: Any) -> str:
        return str(getattr(obj, self.title))

    def snippet_source(self, obj: Any) -> str:
        return " ".join(filter(None, (getattr(obj, name) for name in self.snippet_fields)))


POSTS = SearchKind(
    "posts",
    "Posts",
    Post,
    title="title",
    snippet_fields=("standfirst", "body"),
    readers_see=lambda: Post.objects.published().select_related("section", "author"),
    newest=("-publish_at", "-pk"),
)
FILMS = SearchKind(
    "films",
    "Films",
    Film,
    title="title",
    snippet_fields=("tagline", "synopsis"),
    readers_see=lambda: Film.objects.public(),
    newest=("-pk",),
)
PEOPLE = SearchKind(
    "people",
    "People",
    Person,
    title="name",
    snippet_fields=("bio",),
    readers_see=lambda: Person.objects.public(),
    newest=("-pk",),
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


@dataclass
class Found:
    """One kind's results: the ranked matches, best first (with a `rank` annotation), and how
    many match in all, counted from the indexes without ranking anything again."""

    ranked: QuerySet
    matching: QuerySet  # every match, unranked
    known_count: int | None = None

    @cached_property
    def count(self) -> int:
        return self.known_count if self.known_count is not None else self.matching.count()


def find(kind: SearchKind, query: str) -> Found:
    """Search one kind. On PostgreSQL, full-text matches on the stored vector; when the words as
    typed match nothing, titles (or names) one typo away. A common word ranks only its newest
    RANKED_TEXT_MATCHES matches, so it costs what a rare one does."""
    terms = query_terms(query)
    if not terms:
        none = kind.queryset().none()
        return Found(ranked=none, matching=none, known_count=0)
    if uses_postgres_search():
        return _postgres_find(kind, query)
    ranked = _fallback_search(kind, terms)
    return Found(ranked=ranked, matching=ranked.order_by())


def search(kind: SearchKind, query: str) -> QuerySet:
    """Matching objects of one kind, best first, with a `rank` annotation."""
    return find(kind, query).ranked


def _postgres_find(kind: SearchKind, query: str) -> Found:
    search_query = SearchQuery(query, search_type="websearch", config=CONFIG)
    readers = kind.queryset()
    title = kind.title
    # The stored vector's GIN index (core/search_vectors.py) finds and counts the matches.
    text_matches = readers.filter(search_vector=search_query)
    if count := text_matches.order_by().count():
        newest = text_matches.order_by(*kind.newest).values("pk")[:RANKED_TEXT_MATCHES]
        ranked = (
            readers.filter(pk__in=newest)
            .annotate(rank=SearchRank(F("search_vector"), search_query))
            .order_by("-rank", title)
        )
        return Found(ranked=ranked, matching=text_matches, known_count=count)
    # Nothing matches the words as typed: titles or names one typo away (the trigram index).
    typo_matches = readers.filter(**{f"{title}__trigram_word_similar": query})
    ranked = typo_matches.annotate(rank=TrigramWordSimilarity(query, title)).order_by(
        "-rank", title
    )
    return Found(ranked=ranked, matching=typo_matches.order_by())


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
