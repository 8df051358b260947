"""Bounded work per page: every reader page costs the same number of queries over a small and
over a four-times larger generated catalogue (picks/catalog), cache cold.

The catalogue is generated once per size for the module; each page's count at the small size is
the bound at the large one.
"""

from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from films.models import Genre
from picks.catalog import BUSY_POST, ENSEMBLE_FILM, PREFIX, PROLIFIC_PERSON
from picks.models import Post

pytestmark = pytest.mark.django_db

# Small enough to generate in a second or two, large enough that every page has something on
# it at both sizes: a second page of films in the biggest genre, a 60-person cast, an actor
# with 80 credits, a post with 300 comments.
SIZES = {
    "small": {"films": 150, "people": 300, "posts": 10, "comments": 320},
    "large": {"films": 600, "people": 1_200, "posts": 40, "comments": 1_200},
}
PAGES = [
    "home",
    "film with 60 cast",
    "post with 300 comments",
    "browse page 2 with two filters",
    "person with 80 credits",
    "search for a common word",
    "section",
    "tag",
]


def page_urls() -> dict[str, str]:
    """Where each page is in the catalogue there is now."""
    busy = Post.objects.select_related("section").get(slug=BUSY_POST["slug"])
    genres = Genre.objects.annotate(film_count=Count("films")).order_by("-film_count", "pk")
    # The tag most posts carry: its page lists posts (and, at these sizes, films) at both sizes.
    post_type = ContentType.objects.get_for_model(Post)
    on_posts = Count(
        "taggit_taggeditem_items", filter=Q(taggit_taggeditem_items__content_type=post_type)
    )
    tags = Tag.objects.annotate(uses=on_posts).order_by("-uses", "pk")
    return {
        "home": "/",
        "film with 60 cast": f"/films/{ENSEMBLE_FILM['slug']}/",
        "post with 300 comments": busy.get_absolute_url(),
        "browse page 2 with two filters": f"/films/?genre={genres[0].slug}&min_score=1&page=2",
        "person with 80 credits": f"/people/{PROLIFIC_PERSON['slug']}/",
        "search for a common word": "/search/?q=night",
        "section": busy.section.get_absolute_url(),
        "tag": f"/tags/{tags[0].slug}/",
    }


def queries_of(client: Client, url: str) -> int:
    """The queries of one view of the page, every cache cold."""
    cache.clear()
    client.get(url)  # the first request of a process also fills Django's own caches
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.fixture(scope="module")
def small_catalogue_counts(django_db_setup, django_db_blocker) -> dict[str, int]:
    """Each page's query count over the small catalogue; the large one is left for the tests,
    and everything is flushed after the module, as TransactionTestCase does."""
    try:
        with django_db_blocker.unblock():
            call_command("generate_catalog", **SIZES["small"], verbosity=0, stdout=StringIO())
            client = Client()
            counts = {page: queries_of(client, url) for page, url in page_urls().items()}
            call_command(
                "generate_catalog", **SIZES["large"], replace=True, verbosity=0, stdout=StringIO()
            )
        yield counts
    finally:
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)
        cache.clear()


def test_the_large_catalogue_is_larger(small_catalogue_counts):
    assert Post.objects.filter(slug__startswith=PREFIX).count() == SIZES["large"]["posts"]
    busy = Post.objects.get(slug=BUSY_POST["slug"])
    assert busy.comments.visible().count() == 300


@pytest.mark.parametrize("page", PAGES)
def test_a_reader_page_costs_the_same_queries_at_both_sizes(
    page, small_catalogue_counts, client, django_assert_max_num_queries
):
    url = page_urls()[page]
    bound = small_catalogue_counts[page]
    cache.clear()
    client.get(url)
    cache.clear()
    with django_assert_max_num_queries(bound):
        response = client.get(url)
    assert response.status_code == 200
    assert queries_of(client, url) == bound
