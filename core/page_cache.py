"""The reader pages' cache: anonymous GET responses kept in the shared cache until anything they
show changes, with the HTTP headers that let browsers and a proxy keep them briefly too.

Invalidation is one "site generation" number in the shared cache, bumped by the save, delete
and many-to-many signals of every model a reader page shows. Each app names its models with
`watch_models()` from its AppConfig.ready(); a stored page remembers the generation it was
rendered under and counts only while that is still current, so a change made by any process
(admin, another server, a management command) retires every page in every process at once.
Time-based changes (a scheduled post going live) come from `watch_change_times()`: no page is
kept past the next such moment.

The same generation keeps what every page's frame shows (the footer's settings, the sections
menu...) in each process's memory: `remembered()` recomputes it only after a change, so a page
rendered live does not ask the database for it again.
"""

from __future__ import annotations

import hashlib
import logging
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import connection, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
# v2: StoredPage gained last_modified; pages stored by earlier code are never read.
PAGE_KEY_PREFIX = "page-cache:v2:page:"
# Set on a request whose response may be shared between readers: templates then leave the
# per-view tokens (CSRF, a form's signed start) empty, for a script to fill in.
SHARED_PAGE_ATTR = "shared_page"
# Headers the outer middleware or this module set afresh on every response.
_NOT_STORED_HEADERS = {"cache-control", "vary", "etag", "last-modified", "set-cookie", "expires"}

_personal_cookies: set[str] = set()
# [monotonic time read, generation] of this process's last look at the shared generation.
_last_read: list = [0.0, None]
_change_time_sources: list[Callable[[], datetime | None]] = []


# --- Invalidation ------------------------------------------------------------------------


def site_generation() -> int:
    """The current generation; started from the clock when missing (evicted, or a new cache),
    so a restarted count can never meet pages stored under an earlier one."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns() // 1000, timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def recent_site_generation() -> int:
    """The generation as this process last read it, if that was less than
    MARQUEE_GENERATION_RECHECK_MS ago (a change made here forgets it at once); else read anew."""
    read_at, generation = _last_read
    now = time.monotonic()
    if generation is None or (now - read_at) * 1000 >= settings.MARQUEE_GENERATION_RECHECK_MS:
        generation = site_generation()
        _last_read[:] = [now, generation]
    return generation


def _forget_last_read() -> None:
    _last_read[:] = [0.0, None]


def bump_site_generation() -> None:
    _forget_last_read()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # missing: a new start retires everything stored before as well
        cache.add(GENERATION_KEY, time.time_ns() // 1000, timeout=None)


def site_changed(sender=None, using: str = "default", **kwargs) -> None:
    """Something a reader page shows changed. Bumped now, for this process's next request, and
    again after the commit, so no other process keeps a page it rendered before the commit."""
    _this_request.generation = None
    _this_request.values = {}
    bump_site_generation()
    if transaction.get_connection(using).in_atomic_block:
        transaction.on_commit(bump_site_generation, using=using)


def watch_models(*watched: type[models.Model]) -> None:
    """Retire every cached page when a row of these models is saved or deleted, or when one of
    their many-to-many relations (tags included) changes."""
    for model in watched:
        uid = f"core.page_cache.{model._meta.label_lower}"
        post_save.connect(site_changed, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(site_changed, sender=model, dispatch_uid=f"{uid}.delete")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                site_changed, sender=through, dispatch_uid=f"{uid}.m2m.{through._meta.label_lower}"
            )


def watch_change_times(source: Callable[[], datetime | None]) -> None:
    """`source()` gives the next moment a page changes by itself (a scheduled post going live),
    or None; no page is kept past it."""
    _change_time_sources.append(source)


def personal_cookie(name: str) -> None:
    """A request carrying this cookie sees a page made for it: never served from the cache."""
    _personal_cookies.add(name)


# --- What every page's frame shows, kept in this process ----------------------------------

# The generation read once per request (a request changing something forgets it), and whether
# this thread is serving a request at all: outside one, nothing tells a long-lived process that
# another one changed something, so nothing is remembered.
_this_request = threading.local()
# key -> (generation, valid until (epoch seconds), value)
_remembered: dict[str, tuple[int, float, object]] = {}


def _request_began(**kwargs) -> None:
    _this_request.generation = None
    _this_request.values = {}
    _this_request.serving = True


def _request_ended(**kwargs) -> None:
    _this_request.generation = None
    _this_request.values = {}
    _this_request.serving = False


request_started.connect(_request_began, dispatch_uid="core.page_cache.request_began")
request_finished.connect(_request_ended, dispatch_uid="core.page_cache.request_ended")


def request_generation() -> int | None:
    """This request's site generation, or None where nothing may be kept past the request:
    outside a request, inside a transaction (what it reads may yet be rolled back, which no
    signal announces), or with the cache out of reach."""
    if not getattr(_this_request, "serving", False) or connection.in_atomic_block:
        return None
    if _this_request.generation is None:
        try:
            _this_request.generation = recent_site_generation()
        except Exception:
            logger.exception("Cache unavailable; page frames read live")
            return None
    return _this_request.generation


def remembered(
    key: str, compute: Callable[[], Any], *, until: Callable[[Any], datetime | None] | None = None
) -> Any:
    """`compute()`, kept in this process until anything a reader page shows changes (any process
    bumping the site generation), or until the moment `until(value)` gives, if any. Outside a
    request nothing is kept (nothing would tell a long-lived command of another process's
    change); inside a transaction, only for the rest of the request."""
    if not getattr(_this_request, "serving", False):
        return compute()
    generation = request_generation()
    if generation is None:
        if key not in _this_request.values:
            _this_request.values[key] = compute()
        return _this_request.values[key]
    now = time.time()
    kept = _remembered.get(key)
    if kept is not None and kept[0] == generation and kept[1] > now:
        return kept[2]
    value = compute()
    moment = until(value) if until is not None else None
    _remembered[key] = (generation, moment.timestamp() if moment else math.inf, value)
    return value


# --- The cache itself --------------------------------------------------------------------


@dataclass(frozen=True)
class StoredPage:
    generation: int
    expires_at: float
    stored_at: float
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes
    etag: str
    last_modified: str  # the HTTP date of stored_at, written once

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response[name] = value
        response["ETag"] = self.etag
        response["Last-Modified"] = self.last_modified
        return response


class KeptInMemory:
    """This process's own copies of what it serves most (whole pages, or kept parts of pages),
    newest use last, up to MARQUEE_PAGE_MEMORY_MB: asked for again, answered without a trip to
    the shared cache."""

    def __init__(self) -> None:
        self._items: OrderedDict[str, tuple[Any, int]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> Any | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            self._items.move_to_end(key)
            return item[0]

    def put(self, key: str, value: Any, size: int) -> None:
        limit = settings.MARQUEE_PAGE_MEMORY_MB * 1024 * 1024
        with self._lock:
            self._discard(key)
            if size > limit:
                return
            self._items[key] = (value, size)
            self._size += size
            while self._size > limit:
                self._discard(next(iter(self._items)))

    def _discard(self, key: str) -> None:
        item = self._items.pop(key, None)
        if item is not None:
            self._size -= item[1]


pages_in_memory = KeptInMemory()


def _stored_page(key: str, generation: int, now: float) -> StoredPage | None:
    """The page kept for `key` under the current generation and not yet expired: from this
    process's memory, else from the shared cache (then kept in memory too)."""
    page = pages_in_memory.get(key)
    if page is None or page.generation != generation:
        page = cache.get(key)
        if page is not None and page.generation == generation:
            pages_in_memory.put(key, page, len(page.content))
    if page is None or page.generation != generation or page.expires_at <= now:
        return None
    return page


def _personal(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    if any(name in cookies for name in _personal_cookies):
        return True
    if settings.SESSION_COOKIE_NAME not in cookies and CookieStorage.cookie_name not in cookies:
        # No session and no message cookie: an anonymous reader with nothing waiting for them
        # (the common case, answered without loading the user or the message storage).
        return False
    if request.user.is_authenticated:
        return True
    return len(messages.get_messages(request)) > 0


def _page_key(request: HttpRequest) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return PAGE_KEY_PREFIX + hashlib.sha256(address.encode()).hexdigest()


def seconds_to_keep(now: float) -> int:
    seconds = settings.MARQUEE_PAGE_CACHE_SECONDS
    for source in _change_time_sources:
        moment = source()
        if moment is not None:
            seconds = min(seconds, int(moment.timestamp() - now))
    return max(seconds, 0)


def _form_with_errors(response: HttpResponse) -> bool:
    context = getattr(response, "context_data", None) or {}
    # type(), not isinstance(): isinstance() would evaluate a lazy value (SimpleLazyObject)
    # that the template never asked for.
    return any(
        issubclass(type(value), BaseForm) and value.is_bound and bool(value.errors)
        for value in context.values()
    )


def _shareable(request: HttpRequest, response: HttpResponse) -> bool:
    """Nothing in this response is the reader's own: no cookie set, no message, no form with
    errors, and the view did not mark it private."""
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    if len(messages.get_messages(request)) > 0:
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    return not _form_with_errors(response)


def _keep_private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    patch_vary_headers(response, ["Cookie"])
    return response


def _share(request: HttpRequest, response: HttpResponse, *, max_age: int) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=max_age)
    patch_vary_headers(response, ["Cookie"])
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=_last_modified(response),
        response=response,
    )


def _share_stored(request: HttpRequest, page: StoredPage, *, max_age: int) -> HttpResponse:
    """_share for a stored page, which has no Cache-Control or Vary of its own yet and whose
    dates are known: the same headers, written directly."""
    response = page.response()
    response["Cache-Control"] = f"max-age={max_age}, public"
    response["Vary"] = "Cookie"
    if "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META:
        return get_conditional_response(
            request, etag=page.etag, last_modified=int(page.stored_at), response=response
        )
    return response


def _last_modified(response: HttpResponse) -> int | None:
    return parse_http_date_safe(response.get("Last-Modified", ""))


def _render(response: HttpResponse) -> HttpResponse:
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    return response


def _etag(content: bytes) -> str:
    return f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'


def cache_reader_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve anonymous readers' GET requests from the shared cache; signed-in users, readers
    with messages or a personal cookie, and anything but GET or HEAD always get the live page."""

    @wraps(view)
    def cached_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or _personal(request):
            return _keep_private(_render(view(request, *args, **kwargs)))
        setattr(request, SHARED_PAGE_ATTR, True)
        enabled = settings.MARQUEE_PAGE_CACHE
        now = time.time()
        key = _page_key(request)
        generation = None
        if enabled:
            try:
                generation = recent_site_generation()
                stored = _stored_page(key, generation, now)
            except Exception:  # a cache outage costs speed, never the page
                logger.exception("Page cache unavailable; serving %s live", request.path)
                stored, enabled = None, False
            if stored is not None:
                left = int(stored.expires_at - now)
                return _share_stored(
                    request, stored, max_age=min(settings.MARQUEE_PAGE_MAX_AGE, left)
                )
        response = _render(view(request, *args, **kwargs))
        if not _shareable(request, response):
            return _keep_private(response)
        seconds = seconds_to_keep(now)
        response["ETag"] = _etag(response.content)
        response["Last-Modified"] = http_date(now)
        if enabled and seconds > 0:
            headers = tuple(
                (name, value)
                for name, value in response.items()
                if name.lower() not in _NOT_STORED_HEADERS
            )
            page = StoredPage(
                generation=generation,
                expires_at=now + seconds,
                stored_at=now,
                status=response.status_code,
                headers=headers,
                content=response.content,
                etag=response["ETag"],
                last_modified=response["Last-Modified"],
            )
            pages_in_memory.put(key, page, len(page.content))
            try:
                cache.set(key, page, timeout=seconds)
            except Exception:
                logger.exception("Page cache unavailable; %s not stored", request.path)
        return _share(request, response, max_age=min(settings.MARQUEE_PAGE_MAX_AGE, seconds))

    return cached_view
