"""Site search over posts, films and people.

PostgreSQL gets weighted full-text search over each record's stored vector, plus trigram
matching for typos; other databases (SQLite in development) get a simpler ranked substring
match. The database in use decides.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    F,
    Func,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.search_vectors import CONFIG
from films.models import Credit, Film, Person
from picks.models import Post

MAX_QUERY_LENGTH = 200
# How close a word of a title or name must be to count as a typo of the query (pg_trgm's
# word_similarity). At 0.3, "jazz" matched 1,604 of 50,000 names (Jack, Jane...) and outranked
# every real match; 0.45 still forgives "nigth", "gossling", "whiplsh" and "la la lnd" (0.5).
TRIGRAM_THRESHOLD = 0.45
# Ranking reads each ranked match's stored vector: past this many full-text matches of a kind
# (a common word), only the newest are ranked.
RANKED_TEXT_MATCHES = 300
# Counting stops here: a common word is in most posts, and "1,000+ posts" tells readers as much
# as an exact figure would.
COUNTED_MATCHES = 1000
SNIPPET_LENGTH = 180
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A tag of the HTML we rendered and sanitised ourselves (picks/markdown.py): reading it back
# as text needs no HTML parser. strip_tags' parser takes ~40 µs a kilobyte; this, ~2.
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
# No search matched: the nearest title is looked for among at most this many of each kind
# (SQLite's difflib fallback; PostgreSQL asks the trigram index).
SUGGESTION_CANDIDATES = 2000


@dataclass(frozen=True)
class SearchKind:
    key: str
    label: str
    model: type[Model]
    title: str  # the field a result is called by, and where typos are forgiven
    snippet_fields: tuple[str, ...]
    readers_see: Callable[[], QuerySet]  # the same definition of "public" the pages use
    newest: tuple[str, ...]  # newest first: which text matches are ranked when many match
    shown: tuple[str, ...]  # the fields a result shows besides its title and snippet

    @property
    def fields(self) -> dict[str, str]:
        """Model field -> full-text weight (A highest): what the stored search vector holds."""
        return self.model._meta.get_field("search_vector").expression.weights

    def queryset(self) -> QuerySet:
        return self.readers_see()

    def results(self) -> QuerySet:
        """What readers may see, loading only what a result shows (a post's body is long)."""
        return self.queryset().only(self.title, "slug", *self.snippet_fields, *self.shown)

    def title_of(self, obj: Any) -> str:
        return str(getattr(obj, self.title))

    def snippet_source(self, obj: Any) -> str:
        """The text readers see, punctuation and all: rendered HTML read back as text."""
        parts = []
        for name in self.snippet_fields:
            value = str(getattr(obj, name) or "")
            # Escaped again when shown (snippet), so a stray "<" in odd HTML is harmless.
            parts.append(html.unescape(_TAG.sub("", value)) if name.endswith("_html") else value)
        return " ".join(filter(None, parts))


POSTS = SearchKind(
    "posts",
    "Posts",
    Post,
    title="title",
    snippet_fields=("standfirst", "body_html"),
    readers_see=lambda: Post.objects.published().select_related("section"),
    newest=("-publish_at", "-pk"),
    shown=("publish_at", "section__name"),
)
FILMS = SearchKind(
    "films",
    "Films",
    Film,
    title="title",
    snippet_fields=("tagline", "synopsis"),
    readers_see=lambda: Film.objects.public(),
    newest=("-pk",),
    shown=("release_date",),
)
PEOPLE = SearchKind(
    "people",
    "People",
    Person,
    title="name",
    snippet_fields=("bio",),
    readers_see=lambda: Person.objects.public(),
    newest=("-pk",),
    shown=("photo", "photo_alt"),
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


class IsAnyOf(Func):
    """`value = ANY(array)`: with an ARRAY(subquery), PostgreSQL runs the subquery once and
    looks each element up by index (`pk IN (subquery)` gets a join over the whole table)."""

    template = "%(expressions)s)"
    arg_joiner = " = ANY("
    output_field = BooleanField()


@contextmanager
def index_scans_preferred() -> Iterator[None]:
    """Run a search's queries with PostgreSQL's sequential scans discouraged. The posts table
    is small on disk (vectors and bodies are stored aside, TOASTed), so the planner reads every
    row rather than the GIN indexes; but testing a row's vector or title costs far more than it
    guesses: at 2,000 posts, 10-19 ms against 1-3 ms through the index."""
    if not uses_postgres_search():
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        yield
        cursor.execute("RESET enable_seqscan")  # in case an outer transaction goes on


def count_label(count: int) -> str:
    """What readers are told: "12", "1,000", or "1,000+" once counting stopped."""
    return f"{COUNTED_MATCHES:,}+" if count > COUNTED_MATCHES else f"{count:,}"


def count_up_to(matches: QuerySet, limit: int) -> int:
    """len(matches), but no more than `limit`: the database stops counting there."""
    return matches.order_by()[:limit].count()


@dataclass
class Found:
    """One kind's results: the ranked matches, best first (with a `rank` annotation), and how
    many match in all, counted up to COUNTED_MATCHES and one more."""

    ranked: QuerySet
    matching: QuerySet  # every match, unranked
    known_count: int | None = None
    ranked_count: int | None = None  # how many `ranked` holds, when known without a query

    @classmethod
    def nothing(cls, kind: SearchKind) -> Found:
        none = kind.queryset().none()
        return cls(ranked=none, matching=none, known_count=0, ranked_count=0)

    @cached_property
    def count(self) -> int:
        if self.known_count is not None:
            return self.known_count
        return count_up_to(self.matching, COUNTED_MATCHES + 1)

    @property
    def count_label(self) -> str:
        return count_label(self.count)


def find(kind: SearchKind, query: str) -> Found:
    """Search one kind. On PostgreSQL, full-text matches on the stored vector; when the words as
    typed match nothing, titles (or names) one typo away. A common word ranks only its newest
    RANKED_TEXT_MATCHES matches and counts up to COUNTED_MATCHES, so it costs what a rare one
    does."""
    terms = query_terms(query)
    if not terms:
        return Found.nothing(kind)
    if uses_postgres_search():
        return _postgres_find(kind, query)
    ranked = _fallback_search(kind, terms, query)
    return Found(ranked=ranked, matching=ranked.order_by())


def exactly_titled(kind: SearchKind, query: str) -> Case:
    """1 for the record whose title (or name) is the query itself: it is listed first."""
    return Case(
        When(**{f"{kind.title}__iexact": query}, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def search(kind: SearchKind, query: str) -> QuerySet:
    """Matching objects of one kind, best first, with a `rank` annotation."""
    return find(kind, query).ranked


def _postgres_find(kind: SearchKind, query: str) -> Found:
    search_query = SearchQuery(query, search_type="websearch", config=CONFIG)
    title = kind.title
    # The stored vector's GIN index (core/search_vectors.py) counts the matches; the publish
    # date (or primary key) index walks them newest first to pick the ones to rank, in the
    # ranking query itself (ANY(ARRAY(...)): the planner looks each one up by primary key).
    # Both need index_scans_preferred. The same queries whatever the count: a flat query count.
    text_matches = kind.queryset().filter(search_vector=search_query).order_by()
    count = count_up_to(text_matches, COUNTED_MATCHES + 1)
    if count:
        newest = text_matches.order_by(*kind.newest).values("pk")[:RANKED_TEXT_MATCHES]
        ranked = (
            kind.results()
            .filter(IsAnyOf(F("pk"), ArraySubquery(newest)))
            .annotate(
                exact=exactly_titled(kind, query),
                rank=SearchRank(F("search_vector"), search_query),
            )
            .order_by("-exact", "-rank", title)
        )
        ranked_count = min(count, RANKED_TEXT_MATCHES)
        return Found(ranked, text_matches, known_count=count, ranked_count=ranked_count)
    # Nothing matches the words as typed: titles or names one typo away (the trigram index).
    typo_matches = kind.queryset().filter(**{f"{title}__trigram_word_similar": query}).order_by()
    count = count_up_to(typo_matches, COUNTED_MATCHES + 1)
    if not count:
        return Found.nothing(kind)
    ranked = (
        kind.results()
        .filter(**{f"{title}__trigram_word_similar": query})
        .annotate(exact=exactly_titled(kind, query), rank=TrigramWordSimilarity(query, title))
        .order_by("-exact", "-rank", title)
    )
    ranked_count = count if count <= COUNTED_MATCHES else None
    return Found(ranked, typo_matches, known_count=count, ranked_count=ranked_count)


def _fallback_search(kind: SearchKind, terms: list[str], query: str) -> QuerySet:
    """Every term must appear as a whole word in some field ("la" never matches "late");
    earlier (heavier) fields score more; the record titled exactly as asked comes first."""
    matches = Q()
    score_parts = []
    for term in terms:
        term_match = Q()
        whole_word = rf"(?<![^\W_]){re.escape(term)}(?![^\W_])"
        for field_name, weight in kind.fields.items():
            lookup = Q(**{f"{field_name}__iregex": whole_word})
            term_match |= lookup
            score_parts.append(
                Case(When(lookup, then=Value(_WEIGHT_POINTS[weight])), default=Value(0))
            )
        matches &= term_match
    score = score_parts[0]
    for part in score_parts[1:]:
        score = score + part
    return (
        kind.results()
        .filter(matches)
        .annotate(
            exact=exactly_titled(kind, query), rank=Value(0, output_field=IntegerField()) + score
        )
        .order_by("-exact", "-rank", kind.title)
    )


def best_known_films(people: list[Person]) -> dict[int, Film]:
    """Each person's best-known published film: their top billing, else their latest film
    (a director's). Two queries for a page of people."""
    first_film = (
        Credit.objects.on_published_films()
        .filter(person=OuterRef("pk"))
        .order_by(
            F("billing_order").asc(nulls_last=True), F("film__release_date").desc(nulls_last=True)
        )
        .values("film_id")[:1]
    )
    film_ids = dict(
        Person.objects.filter(pk__in=[person.pk for person in people])
        .annotate(film_id=Subquery(first_film))
        .values_list("pk", "film_id")
    )
    films = Film.objects.in_bulk([pk for pk in film_ids.values() if pk])
    return {person: films[film] for person, film in film_ids.items() if film in films}


def nearest_title(query: str) -> tuple[SearchKind, Any] | None:
    """The film, person or post whose title is nearest a search that found nothing: trigram
    similarity on PostgreSQL, difflib over titles sharing the first letter elsewhere."""
    if not query:
        return None
    if uses_postgres_search():
        best: tuple[float, SearchKind, Any] | None = None
        for kind in KINDS.values():
            candidate = (
                kind.results()
                .filter(**{f"{kind.title}__trigram_similar": query})
                .annotate(similarity=TrigramSimilarity(kind.title, query))
                .order_by("-similarity", kind.title)
                .first()
            )
            if candidate is not None and (best is None or candidate.similarity > best[0]):
                best = (candidate.similarity, kind, candidate)
        return (best[1], best[2]) if best else None
    candidates: dict[str, tuple[SearchKind, int]] = {}
    for kind in KINDS.values():
        rows = (
            kind.queryset()
            .filter(**{f"{kind.title}__istartswith": query[0]})
            .values_list("pk", kind.title)[:SUGGESTION_CANDIDATES]
        )
        for pk, title in rows:
            candidates.setdefault(title.lower(), (kind, pk))
    close = difflib.get_close_matches(query.lower(), list(candidates), n=1, cutoff=0.6)
    if not close:
        return None
    kind, pk = candidates[close[0]]
    return kind, kind.results().get(pk=pk)


def _match_pattern(terms: list[str], *, whole_words: bool) -> re.Pattern | None:
    """What counts as a match in an excerpt: the words themselves, or (where the search stems
    words, as PostgreSQL's does) a word starting with a long term's first five letters."""
    parts = []
    for term in terms:
        if len(term) < 2:
            continue
        if whole_words or len(term) <= 3:
            parts.append(rf"{re.escape(term)}(?![^\W_])")
        else:
            parts.append(rf"{re.escape(term[:5])}[^\W_]*(?:['’][^\W_]+)?")
    if not parts:
        return None
    return re.compile(rf"(?<![^\W_])(?:{'|'.join(parts)})", re.IGNORECASE)


def snippet(
    text: str, terms: list[str], *, length: int = SNIPPET_LENGTH, whole_words: bool = False
) -> SafeString:
    """An excerpt of `text` as written (punctuation kept) around the first match, escaped,
    with the matching words in <mark>."""
    plain = " ".join(text.split())
    if not plain:
        return mark_safe("")
    pattern = _match_pattern(terms, whole_words=whole_words)
    found = pattern.search(plain) if pattern else None
    first = found.start() if found else 0
    start = max(0, first - length // 3)
    if start:
        start = plain.rfind(" ", 0, start) + 1
    excerpt = plain[start : start + length]
    if start + length < len(plain):
        excerpt = excerpt.rsplit(" ", 1)[0] + " …"
    if start:
        excerpt = "… " + excerpt
    pieces, done = [], 0
    for match in pattern.finditer(excerpt) if pattern else ():
        pieces += [escape(excerpt[done : match.start()]), f"<mark>{escape(match.group(0))}</mark>"]
        done = match.end()
    pieces.append(escape(excerpt[done:]))
    return mark_safe("".join(pieces))  # noqa: S308 - escaped text plus our own <mark> tags
