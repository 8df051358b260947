"""The browser tests' web server: the site as production runs it, plus /media/, which in
production the web server in front serves."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.browser.server_settings")

from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from whitenoise import WhiteNoise  # noqa: E402

application = WhiteNoise(get_wsgi_application(), root=settings.MEDIA_ROOT, prefix="media/")
