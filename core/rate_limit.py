"""A fixed-window counter in the cache, for limits that must hold across server processes."""

import hashlib

from django.core.cache import cache as default_cache


def rate_limit_hit(scope: str, subject: str, *, window_seconds: int, cache=default_cache) -> int:
    """Count one event by `subject` (an address, say) in `scope`; return the count this window.

    The subject is hashed so the cache holds no addresses. `add` then `incr` is atomic on Redis.
    """
    key = f"rate:{scope}:" + hashlib.sha256(subject.encode()).hexdigest()[:32]
    cache.add(key, 0, timeout=window_seconds)
    try:
        return cache.incr(key)
    except ValueError:  # the window expired between add and incr: start a new one
        cache.add(key, 1, timeout=window_seconds)
        return 1
