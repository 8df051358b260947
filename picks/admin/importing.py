"""The desk's "Import a film" page (/admin/import-film/): a TMDb id (when TMDB_API_KEY is set) or
an uploaded TMDb JSON file, the dry run's changes field by field, then Apply.

The record read at the preview travels to Apply signed in the form, so Apply writes exactly what
the editor saw (no second fetch from TMDb) and cannot be altered on the way.
"""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.admin import AdminSite
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from films.importers import tmdb
from films.importers.records import ImportFailed
from reviews.importers import films_import

MAX_UPLOAD_BYTES = 5 * 2**20
SIGNING_SALT = "picks.admin.importing"
PERMISSIONS = ("films.add_film", "films.change_film", "films.add_person", "films.add_credit")


def can_import_films(user) -> bool:
    return user.has_perms(PERMISSIONS)


class ImportFilmForm(forms.Form):
    tmdb_id = forms.IntegerField(
        label="TMDb id",
        required=False,
        min_value=1,
        help_text="The number in the film's TMDb address, e.g. 313369 for "
        "themoviedb.org/movie/313369-la-la-land.",
    )
    json_file = forms.FileField(
        label="Or a TMDb JSON file",
        required=False,
        help_text="A movie record saved from TMDb's API, with its credits, release dates, videos.",
    )
    overwrite = forms.BooleanField(
        label="Replace values editors changed by hand",
        required=False,
        help_text="Left unticked, any field an editor has edited keeps the editor's value.",
    )

    def __init__(self, *args, can_fetch: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.can_fetch = can_fetch
        if not can_fetch:
            del self.fields["tmdb_id"]
            self.fields["json_file"].label = "TMDb JSON file"

    def clean(self):
        data = super().clean()
        tmdb_id, upload = data.get("tmdb_id"), data.get("json_file")
        if tmdb_id and upload:
            raise forms.ValidationError("Give a TMDb id or a file, not both.")
        if not tmdb_id and not upload:
            raise forms.ValidationError(
                "Give the film's TMDb id or choose a JSON file."
                if self.can_fetch
                else "Choose a TMDb JSON file."
            )
        if upload and upload.size > MAX_UPLOAD_BYTES:
            self.add_error("json_file", "That file is over 5 MB: a movie record is far smaller.")
        return data

    def movie(self) -> dict:
        """The TMDb record the form names; ImportFailed says what went wrong."""
        if upload := self.cleaned_data.get("json_file"):
            return tmdb.loads_movie(upload.read(), name=upload.name)
        return tmdb.fetch_movie(self.cleaned_data["tmdb_id"], api_key=tmdb.configured_api_key())


def _page(request, site: AdminSite, **context) -> TemplateResponse:
    return TemplateResponse(
        request,
        "picks/admin/import_film.html",
        {**site.each_context(request), "title": "Import a film", "notice": tmdb.NOTICE, **context},
    )


def import_film_view(request: HttpRequest, site: AdminSite) -> HttpResponse:
    if not can_import_films(request.user):
        raise PermissionDenied
    can_fetch = bool(tmdb.configured_api_key())
    if request.method == "POST" and "apply" in request.POST:
        return _apply(request, site)
    posted = request.method == "POST"
    form = ImportFilmForm(
        request.POST if posted else None, request.FILES if posted else None, can_fetch=can_fetch
    )
    if request.method != "POST" or not form.is_valid():
        return _page(request, site, form=form)
    overwrite = form.cleaned_data["overwrite"]
    try:
        data = form.movie()
        report = films_import([tmdb.parse_movie(data)], overwrite=overwrite, dry_run=True)
    except ImportFailed as error:
        form.add_error(None, str(error))
        return _page(request, site, form=form)
    payload = signing.dumps(
        {"movie": data, "overwrite": overwrite}, salt=SIGNING_SALT, compress=True
    )
    return _page(
        request, site, form=form, report=report, payload=payload, movie_title=data["title"]
    )


def _apply(request: HttpRequest, site: AdminSite) -> HttpResponse:
    try:
        signed = signing.loads(request.POST.get("payload", ""), salt=SIGNING_SALT)
        data, overwrite = signed["movie"], bool(signed["overwrite"])
    except (signing.BadSignature, KeyError, TypeError, json.JSONDecodeError):
        messages.error(request, "That preview could not be read back. Start the import again.")
        return HttpResponseRedirect(reverse("admin:import_film"))
    try:
        report = films_import([tmdb.parse_movie(data)], overwrite=overwrite)
    except ImportFailed as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(reverse("admin:import_film"))
    film = report.films[0]
    messages.success(request, f"{film}: {report.summary}")
    return HttpResponseRedirect(reverse("admin:films_film_change", args=[film.pk]))


def add_import_page(site: AdminSite) -> None:
    """Give `site` the Import a film page (linked from the desk)."""
    site_urls = site.get_urls

    def get_urls():
        return [
            path(
                "import-film/",
                site.admin_view(lambda request: import_film_view(request, site)),
                name="import_film",
            ),
            *site_urls(),
        ]

    site.get_urls = get_urls
