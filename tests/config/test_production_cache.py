"""Production settings keep the cache where every worker sees it, and say where at start-up."""

from tests.config.prod_process import run_prod, run_python

PRINT_BACKEND = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"


def test_without_redis_the_cache_is_a_database_table_and_start_up_says_so(tmp_path):
    result = run_python(PRINT_BACKEND, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.cache.backends.db.DatabaseCache"
    assert result.stderr.strip().splitlines() == [
        "Marquee: the cache is the database table marquee_cache (set REDIS_URL to use Redis)."
    ]


def test_with_redis_url_the_cache_is_redis_and_start_up_says_so(tmp_path):
    result = run_python(
        PRINT_BACKEND,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        REDIS_URL="redis://user:secret@127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "core.redis_cache.RedisCache"
    assert result.stderr.strip().splitlines() == ["Marquee: the cache is Redis (REDIS_URL)."]
    assert "secret" not in result.stderr


def test_a_command_asked_for_silence_stays_silent(tmp_path):
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    for verbosity in (["--verbosity", "0"], ["-v0"], ["--verbosity=0"]):
        result = run_prod(["manage.py", "check", *verbosity], DATABASE_URL=database)
        assert result.returncode == 0, result.stderr
        assert result.stderr == "", verbosity


def test_two_processes_count_in_the_same_database_cache(tmp_path):
    """What the comment rate limit needs from gunicorn's separate workers. `migrate` alone
    makes the cache table, so no deployment can forget it."""
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    migrated = run_prod(["manage.py", "migrate", "--verbosity", "0"], DATABASE_URL=database)
    assert migrated.returncode == 0, migrated.stderr

    count = "from django.core.cache import cache; cache.add('hits', 0); print(cache.incr('hits'))"
    counts = [run_python(count, DATABASE_URL=database) for _ in range(3)]

    assert [result.stdout.strip() for result in counts] == ["1", "2", "3"], counts[0].stderr
