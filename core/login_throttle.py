"""Login throttling with django-axes: which logins it checks, and what a locked-out person sees."""

from axes.backends import AxesStandaloneBackend
from axes.conf import settings as axes_settings
from axes.helpers import get_lockout_message
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' check before every login that comes with a request.

    A login without one (a script, the test client's `login()`) has no address to count, and
    axes would refuse it outright; it is left to the next backend, as if axes were not there.
    """

    def authenticate(self, request: HttpRequest | None, *args, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


# axes keeps the username it counts in a varchar(255): PostgreSQL refuses a longer one.
COUNTED_USERNAME_LENGTH = 255


def counted_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The username a login attempt is counted under, cut to what axes can store (no account
    has a longer one). Read as axes itself reads it: the credentials, else the POST."""
    field = axes_settings.AXES_USERNAME_FORM_FIELD
    source = credentials or getattr(request, "data", request.POST)
    username = source.get(field)
    return username[:COUNTED_USERNAME_LENGTH] if isinstance(username, str) else username


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """The login page again, with the lockout message in place of "wrong password", as 429."""
    message = get_lockout_message()
    context = getattr(original_response, "context_data", None) or {}
    form = context.get("form")
    if form is None or not form.is_bound:
        return HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    form.errors.clear()
    form.add_error(None, message)
    response = TemplateResponse(request, original_response.template_name, context, status=429)
    return response.render()
