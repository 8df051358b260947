"""Parts of pages kept in the shared cache until anything a reader page shows changes.

The page cache (core/page_cache.py) answers anonymous readers with whole pages, one copy per
address. Everyone else gets a page rendered live: signed-in readers and editors, readers with a
message waiting, and every address the page cache keeps apart, such as a shared link carrying
its own `?fbclid=...` per click, which is how a spike arrives. Those pages still show the same
article, cast list or comment thread as everyone else's: `kept()` keeps such a part, by the
record it shows, under the same site generation and change times as the page cache, so it is
retired by the same changes, from any process. Like pages, each process also keeps the parts it
serves most in its own memory. Staff get every part rendered live (core.mixins.KeptPartsMixin).

Nothing personal may go into a kept part. Inside `{% kept %}` the per-view tokens
(core/templatetags/page_tokens.py) are left empty, as on a shared page, for the page's script to
fill in. A view opts in by setting KEEP_PARTS in its context.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache

from core.page_cache import KeptInMemory, request_generation, seconds_to_keep

logger = logging.getLogger(__name__)

KEY_PREFIX = "fragment:v1:"
# The context flag a view sets for its template's {% kept %} parts to be kept. Without it they
# are rendered live: a template shared with an editor's preview of unsaved changes, or with a
# page made for one request, must never show (or store) the published version's parts.
KEEP_PARTS = "keep_parts"

# The parts this process served most, as (valid until, value): like the pages it keeps, read
# without a trip to the shared cache while the generation (rechecked each second) holds.
parts_in_memory = KeptInMemory()


def fragment_key(name: str, vary_on: Iterable[object], generation: int) -> str:
    identity = "\x1f".join(str(value) for value in vary_on)
    digest = hashlib.sha256(identity.encode()).hexdigest()
    return f"{KEY_PREFIX}{name}:{generation}:{digest}"


def kept(name: str, vary_on: Iterable[object], compute: Callable[[], Any]) -> Any:
    """`compute()`, kept in the shared cache under `name` and the values it varies on until the
    site generation changes or the next timed change (a scheduled post going live) comes.

    Computed live when MARQUEE_FRAGMENT_CACHE is off, outside a request or inside a
    transaction (what it reads may yet be rolled back, which no signal announces), and while
    the cache is out of reach: a cache outage costs speed, never the page."""
    if not settings.MARQUEE_FRAGMENT_CACHE:
        return compute()
    generation = request_generation()
    if generation is None:
        return compute()
    key = fragment_key(name, vary_on, generation)
    now = time.time()
    if (in_memory := parts_in_memory.get(key)) is not None and in_memory[0] > now:
        return in_memory[1]
    # Only past this process's memory: a part found there was kept no longer than this allows.
    seconds = seconds_to_keep(now)
    if seconds <= 0:
        return compute()
    try:
        value = cache.get(key)
    except Exception:
        logger.exception("Cache unavailable; %s computed live", name)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, timeout=seconds)
        except Exception:
            logger.exception("Cache unavailable; %s not kept", name)
    parts_in_memory.put(key, (now + seconds, value), len(value) if isinstance(value, str) else 64)
    return value
