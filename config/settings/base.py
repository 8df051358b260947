"""Settings shared by every environment; dev, prod and test only override these."""

from datetime import timedelta
from pathlib import Path

from config.env import (
    env_bool,
    env_cache,
    env_database,
    env_int,
    env_list,
    env_path,
    env_str,
    load_env_file,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

load_env_file(BASE_DIR / ".env")

# Read here so a malformed value stops every settings module; prod.py and test.py force it off.
DEBUG = env_bool("DJANGO_DEBUG", False)
# dev.py and prod.py read it again with their own rule (optional with debug on, required);
# on base.py alone an unset key stays empty, which Django refuses to run with.
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
]
THIRD_PARTY_APPS = [
    "taggit",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
]
OUR_APPS = [
    "core",
    "films",
    "reviews",
    "picks",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + OUR_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.UnreadableFormMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
                "picks.context_processors.sections",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
CACHES = {"default": env_cache("REDIS_URL")}

AUTHENTICATION_BACKENDS = [
    "core.login_throttle.LoginThrottleBackend",  # first: refuses a locked-out login
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env_path("MEDIA_ROOT", VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Uploads bigger than this are refused before Pillow ever sees them.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

# Everything comes from our own origin; the one exception is a trailer's player, which a
# reader loads by pressing play. No inline script or style attribute is ever allowed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Slow work (email, spam checks, image renditions) runs outside the request, queued in the
# database. `make run` starts one worker beside the dev server, `make serve` starts its own
# (`manage.py db_worker`); the tests run each task at once (config/settings/test.py).
TASKS = {
    "default": {
        "BACKEND": env_str("MARQUEE_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "email"],
    }
}

EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "Marquee <editors@marquee.invalid>")
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {
        # Scanners send made-up Host headers all day; each already gets a 400, and a traceback
        # per request would bury real errors (Django's docs suggest silencing this logger).
        "django.security.DisallowedHost": {"level": "CRITICAL"},
    },
}

# Login throttling (django-axes). Failed logins are counted in the database, so every server
# process sees them; a lock holds one account from one address, so nobody else is locked out.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"
AXES_USERNAME_CALLABLE = "core.login_throttle.counted_username"
AXES_LOCKOUT_CALLABLE = "core.login_throttle.lockout_response"
AXES_COOLOFF_MESSAGE = (
    "Too many failed logins for this account from your address: it is locked for "
    f"{AXES_COOLOFF_TIME.seconds // 60} minutes. "
    "Try again then, or ask an administrator to unlock it."
)
AXES_RESET_ON_SUCCESS = True
# Throttling needs only the failures; a log of every staff login would be one more store of
# addresses to expire.
AXES_DISABLE_ACCESS_LOG = True

# Marquee's own settings.
MARQUEE_SITE_NAME = "Marquee"
MARQUEE_PAGE_SIZE = env_int("MARQUEE_PAGE_SIZE", 12, minimum=1)
MARQUEE_SERVE_MEDIA = env_bool("MARQUEE_SERVE_MEDIA", True)
# Reader pages' shared cache (core/page_cache.py): kept at most this long (any change a page
# shows retires it sooner), and browsers and proxies may keep a copy MAX_AGE seconds.
MARQUEE_PAGE_CACHE = env_bool("MARQUEE_PAGE_CACHE", True)
MARQUEE_PAGE_CACHE_SECONDS = env_int("MARQUEE_PAGE_CACHE_SECONDS", 600, minimum=1)
MARQUEE_PAGE_MAX_AGE = env_int("MARQUEE_PAGE_MAX_AGE", 30)
# Each server process also keeps the pages it serves most in its own memory (up to this many
# MB), and asks the shared cache whether anything changed at most once per RECHECK_MS: a change
# made in another process reaches its readers that much later (0: ask on every request).
MARQUEE_PAGE_MEMORY_MB = env_int("MARQUEE_PAGE_MEMORY_MB", 16)
MARQUEE_GENERATION_RECHECK_MS = env_int("MARQUEE_GENERATION_RECHECK_MS", 1000)
# Parts of pages (a film's article, a post's comment thread) kept in the shared cache under the
# same generation (core/fragments.py), for the pages rendered live: signed-in readers, editors,
# and addresses the page cache keeps apart.
MARQUEE_FRAGMENT_CACHE = env_bool("MARQUEE_FRAGMENT_CACHE", True)
# Behind a reverse proxy, the request header holding the client's address, e.g.
# HTTP_X_REAL_IP or HTTP_X_FORWARDED_FOR (its last entry is used); empty uses REMOTE_ADDR.
# The comment limits and the login throttle both read it (core/client_ip.py).
MARQUEE_CLIENT_IP_HEADER = env_str("MARQUEE_CLIENT_IP_HEADER", "")
# Password reset requests per address per window (each one may send a mail).
MARQUEE_PASSWORD_RESET_RATE_LIMIT = {"count": 5, "window_seconds": 3600}

# --- Comments (picks/comments.py) -------------------------------------------------------
# Levels of a thread, top-level comments included; a reply to the deepest level joins it.
MARQUEE_COMMENT_MAX_DEPTH = env_int("MARQUEE_COMMENT_MAX_DEPTH", 3, minimum=1)
# Days after publishing; each post can override it, and 0 means never close.
MARQUEE_COMMENTS_CLOSE_AFTER_DAYS = env_int("MARQUEE_COMMENTS_CLOSE_AFTER_DAYS", 30)
MARQUEE_COMMENTS_PER_PAGE = env_int("MARQUEE_COMMENTS_PER_PAGE", 50, minimum=1)
# Comments per address per window; more are held as spam. Counted in the cache, which prod.py
# shares between workers.
MARQUEE_COMMENT_RATE_LIMIT = {
    "count": env_int("MARQUEE_COMMENT_RATE_LIMIT_COUNT", 5, minimum=1),
    "window_seconds": env_int("MARQUEE_COMMENT_RATE_LIMIT_WINDOW", 600, minimum=1),
}
MARQUEE_COMMENT_MAX_LINKS = env_int("MARQUEE_COMMENT_MAX_LINKS", 2)
# Reader flags: this many distinct addresses flagging a comment within the window (seconds)
# send it back to moderation; each address may flag a limited number of comments per window.
MARQUEE_COMMENT_FLAG_THRESHOLD = env_int("MARQUEE_COMMENT_FLAG_THRESHOLD", 3, minimum=1)
MARQUEE_COMMENT_FLAG_WINDOW = env_int("MARQUEE_COMMENT_FLAG_WINDOW", 86400, minimum=60)
MARQUEE_COMMENT_FLAG_RATE_LIMIT = {
    "count": env_int("MARQUEE_COMMENT_FLAG_RATE_LIMIT_COUNT", 10, minimum=1),
    "window_seconds": env_int("MARQUEE_COMMENT_FLAG_RATE_LIMIT_WINDOW", 3600, minimum=1),
}
MARQUEE_COMMENT_MIN_SECONDS = env_int("MARQUEE_COMMENT_MIN_SECONDS", 3)
MARQUEE_COMMENT_MAX_AGE_SECONDS = env_int("MARQUEE_COMMENT_MAX_AGE_SECONDS", 86400, minimum=60)
MARQUEE_COMMENT_DATA_RETENTION_DAYS = env_int("MARQUEE_COMMENT_DATA_RETENTION_DAYS", 30, minimum=1)
# Where readers ask for their comment data to be removed (shown on /privacy/).
MARQUEE_PRIVACY_EMAIL = env_str("MARQUEE_PRIVACY_EMAIL", "editors@marquee.invalid")
# The site's address, for links in mail sent by the background worker (no request to ask).
MARQUEE_SITE_URL = env_str("MARQUEE_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Akismet is called only when both are set.
AKISMET_API_KEY = env_str("AKISMET_API_KEY", "")
AKISMET_BLOG_URL = env_str("AKISMET_BLOG_URL", "")
AKISMET_TIMEOUT_SECONDS = 2.0
# --- end of comments ---------------------------------------------------------------------
