"""Middleware of our own: refuse form posts Django cannot read before anything tries to."""

import logging
from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

logger = logging.getLogger(__name__)

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


class UnreadableFormMiddleware:
    """Answer 400 to a form post whose body Django refuses to parse (it must be UTF-8).

    Django raises BadRequest when the CSRF check reads such a body, and then again while its
    400 view re-runs that check, so the reader got a 500. Here the body is read first, and the
    site's 400 page is rendered without anything reading it again.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.content_type == FORM_CONTENT_TYPE:
            try:
                request.POST  # noqa: B018 - parsing is the check
            except BadRequest as error:
                logger.warning("Bad Request: %s: %s", request.path, error)
                response = TemplateResponse(
                    request,
                    "400.html",
                    {"exception": "Forms must be sent in UTF-8."},
                    status=400,
                )
                return response.render()
        return self.get_response(request)
