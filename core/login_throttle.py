"""Login throttling with django-axes: which logins it checks, and what a locked-out person sees."""

from axes.backends import AxesStandaloneBackend
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
