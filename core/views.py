"""Site-wide plumbing views: health check, robots.txt, uploaded media and the password reset."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.static import serve

from core.client_ip import client_ip
from core.email import QueuedPasswordResetForm
from core.rate_limit import rate_limit_hit


@never_cache
@require_safe  # load balancers may check with HEAD
def healthz(request: HttpRequest) -> HttpResponse:
    """Answer 200 only when the database answers; load balancers poll this."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def media(request: HttpRequest, path: str) -> HttpResponse:
    """Uploaded images, for deployments without a web server in front of MEDIA_ROOT. HEAD gets
    GET's status and headers (Content-Length included) and no body."""
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError:  # a name longer than the file system allows: no such file
        raise Http404("No such file.") from None
    response["Cache-Control"] = "public, max-age=86400"
    if request.method == "HEAD" and response.streaming:
        # Not every WSGI server drops a HEAD body itself; the open file is closed with the response.
        response.streaming_content = []
    return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset form, with a limit per address: each request sends a mail to whoever the
    address belongs to, so a script could flood an inbox or the mail server. The mail goes
    through the queue (core.email)."""

    form_class = QueuedPasswordResetForm

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        limit = settings.MARQUEE_PASSWORD_RESET_RATE_LIMIT
        sent = rate_limit_hit(
            "password-reset",
            client_ip(request) or "unknown",
            window_seconds=limit["window_seconds"],
        )
        if sent > limit["count"]:
            form = self.get_form()
            form.add_error(
                "email",
                "Too many password reset requests from your address. "
                f"Please try again in {limit['window_seconds'] // 60} minutes.",
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)
