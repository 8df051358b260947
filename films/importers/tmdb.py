"""TMDb's movie format -> FilmRecord, and fetching a movie by id when TMDB_API_KEY is set.

The record is TMDb's movie object with `append_to_response=credits,release_dates,videos,
external_ids,watch/providers`. Any appended part may be missing; a budget or revenue of 0 means
unknown. Parsing never touches the database.
"""

from __future__ import annotations

import datetime
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from films.importers.records import (
    AvailabilityRecord,
    CreditRecord,
    FilmRecord,
    ImportFailed,
    PersonRecord,
)
from films.models import Availability, Credit, ImportSource

API_ROOT = "https://api.themoviedb.org/3"
APPENDED = "credits,release_dates,videos,external_ids,watch/providers"
# The regions whose certificate and services we take, first found first. Marquee is British.
DEFAULT_REGIONS = ("GB", "US")
RATING_BODIES = {"GB": "BBFC", "US": "MPA", "IE": "IFCO", "AU": "ACB", "CA": "CHVRS"}
# How many billed cast members to credit: a film page lists the leads, not every extra.
CAST_LIMIT = 20
CREW_JOBS = {
    "Director": Credit.Job.DIRECTOR,
    "Screenplay": Credit.Job.SCREENPLAY,
    "Writer": Credit.Job.SCREENPLAY,
    "Story": Credit.Job.STORY,
    "Original Music Composer": Credit.Job.MUSIC,
    "Music": Credit.Job.MUSIC,
    "Producer": Credit.Job.PRODUCER,
    "Director of Photography": Credit.Job.CINEMATOGRAPHY,
    "Editor": Credit.Job.EDITING,
    "Production Design": Credit.Job.PRODUCTION_DESIGN,
    "Choreographer": Credit.Job.CHOREOGRAPHY,
}
PROVIDER_KINDS = {
    "flatrate": Availability.Kind.STREAM,
    "free": Availability.Kind.STREAM,
    "ads": Availability.Kind.STREAM,
    "rent": Availability.Kind.RENT,
    "buy": Availability.Kind.BUY,
}
COUNTRY_NAMES = {"United States of America": "United States"}
VIDEO_HOSTS = {
    "YouTube": "https://www.youtube.com/watch?v={key}",
    "Vimeo": "https://vimeo.com/{key}",
}
TRAILER_PREFERENCE = ("Trailer", "Teaser")
THEATRICAL_RELEASES = {2, 3}  # TMDb's release types: limited, theatrical


# The notice TMDb's terms ask for wherever its data is shown.
NOTICE = "This product uses the TMDb API but is not endorsed or certified by TMDb."


def configured_api_key() -> str:
    """TMDB_API_KEY from the settings (when the project sets one) or the environment."""
    from django.conf import settings

    return getattr(settings, "TMDB_API_KEY", "") or os.environ.get("TMDB_API_KEY", "")


def movie_url(tmdb_id: int) -> str:
    return f"https://www.themoviedb.org/movie/{tmdb_id}"


def load_movie_file(path: str | Path) -> dict:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise ImportFailed(f"Cannot read {path}: {error.strerror or error}.") from error
    return loads_movie(text, name=str(path))


def loads_movie(text: str | bytes, *, name: str = "The file") -> dict:
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        where = f" (line {error.lineno})" if isinstance(error, json.JSONDecodeError) else ""
        raise ImportFailed(f"{name} is not valid JSON{where}.") from error
    if not isinstance(data, dict) or not data.get("title") or not isinstance(data.get("id"), int):
        raise ImportFailed(f"{name} is not a TMDb movie record (it needs an id and a title).")
    return data


def parse_movie(data: dict, *, regions: tuple[str, ...] = DEFAULT_REGIONS) -> FilmRecord:
    """A TMDb movie object as a FilmRecord: only what TMDb actually states. A part in another
    shape than TMDb's (a list where an object belongs, a genre without a name) is bad input."""
    try:
        return _parse_movie(data, regions)
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        raise ImportFailed(
            f"The record for {data.get('title')!r} is not in TMDb's movie format "
            f"({type(error).__name__}: {error})."
        ) from error


def _parse_movie(data: dict, regions: tuple[str, ...]) -> FilmRecord:
    notes: list[str] = []
    release_date = _date(data.get("release_date"))
    record = FilmRecord(
        source=ImportSource.TMDB,
        title=data["title"].strip(),
        tmdb_id=data["id"],
        imdb_id=(data.get("imdb_id") or _part(data, "external_ids").get("imdb_id") or ""),
        year=release_date.year if release_date else None,
        notes=notes,
    )
    fields = record.fields
    fields["release_date"] = release_date
    fields["runtime_minutes"] = data.get("runtime") or None
    fields["tagline"] = (data.get("tagline") or "").strip()
    fields["synopsis"] = (data.get("overview") or "").strip()
    fields["budget_usd"] = data.get("budget") or None
    if revenue := data.get("revenue"):
        fields["box_office_usd"] = revenue
        fields["box_office_source"] = movie_url(record.tmdb_id)
        fields["box_office_as_of"] = datetime.date.today()
    companies = data.get("production_companies") or []
    fields["studio"] = companies[0]["name"] if companies else ""
    fields["original_language"] = _language_name(data)
    fields["countries"] = ", ".join(
        COUNTRY_NAMES.get(country["name"], country["name"])
        for country in data.get("production_countries") or []
    )
    fields["certificate_body"], fields["certificate"] = _certificate(data, regions)
    fields["trailer_url"] = _trailer_url(data)
    record.genres = [genre["name"] for genre in data.get("genres") or []]
    record.credits = _credits(data, notes)
    record.availability = _availability(data, regions)
    for figure, name in (("budget", "budget"), ("revenue", "box office")):
        if figure in data and not data[figure]:
            notes.append(f"TMDb gives the {name} as 0, which means unknown: not imported.")
    if data.get("poster_path"):
        # No request to TMDb's image host unasked; the poster also needs its alt text.
        notes.append("TMDb has a poster: upload it on the film's form, with its alt text.")
    for part in ("credits", "release_dates", "videos", "watch/providers"):
        if part not in data:
            notes.append(f"The record has no {part}: nothing imported from them.")
    return record


def _part(data: dict, name: str) -> dict:
    part = data.get(name)
    return part if isinstance(part, dict) else {}


def _date(text) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None


def _language_name(data: dict) -> str:
    code = data.get("original_language")
    for language in data.get("spoken_languages") or []:
        if language.get("iso_639_1") == code:
            return language.get("english_name") or ""
    return ""


def _certificate(data: dict, regions: tuple[str, ...]) -> tuple[str, str]:
    by_region = {
        result.get("iso_3166_1"): result.get("release_dates") or []
        for result in _part(data, "release_dates").get("results") or []
    }
    for region in regions:
        releases = by_region.get(region, [])
        # A theatrical release's certificate first: a premiere's is often blank or provisional.
        releases = sorted(
            releases, key=lambda release: release.get("type") not in THEATRICAL_RELEASES
        )
        for release in releases:
            if certificate := (release.get("certification") or "").strip():
                return RATING_BODIES.get(region, region), certificate[:10]
    return "", ""


def _trailer_url(data: dict) -> str:
    videos = [
        video
        for video in _part(data, "videos").get("results") or []
        if video.get("site") in VIDEO_HOSTS
        and video.get("key")
        and video.get("type") in TRAILER_PREFERENCE
    ]
    if not videos:
        return ""
    best = min(
        videos,
        key=lambda video: (
            TRAILER_PREFERENCE.index(video["type"]),
            not video.get("official", False),
            video.get("published_at") or "",
        ),
    )
    return VIDEO_HOSTS[best["site"]].format(key=best["key"])


def _person(entry: dict) -> PersonRecord:
    return PersonRecord(name=entry["name"].strip(), tmdb_id=entry.get("id"))


def _credits(data: dict, notes: list[str]) -> list[CreditRecord]:
    credits = _part(data, "credits")
    cast = sorted(credits.get("cast") or [], key=lambda entry: entry.get("order", 999))
    records = [
        CreditRecord(
            person=_person(entry),
            role=Credit.Role.CAST,
            character=(entry.get("character") or "").strip()[:200],
            order=entry.get("order", index),
        )
        for index, entry in enumerate(cast[:CAST_LIMIT])
        if entry.get("name")
    ]
    if len(cast) > CAST_LIMIT:
        notes.append(
            f"{len(cast) - CAST_LIMIT} cast members after the first {CAST_LIMIT} left out."
        )
    unlisted = 0
    seen = set()
    for index, entry in enumerate(credits.get("crew") or []):
        job = CREW_JOBS.get(entry.get("job"))
        if job is None or not entry.get("name"):
            unlisted += 1
            continue
        key = (entry.get("id") or entry["name"], job)
        if key not in seen:  # "Screenplay" and "Writer" both map to the screenplay credit
            seen.add(key)
            records.append(
                CreditRecord(person=_person(entry), role=Credit.Role.CREW, job=job, order=index)
            )
    if unlisted:
        credits_with_jobs = "credit with a job" if unlisted == 1 else "credits with jobs"
        notes.append(f"{unlisted} crew {credits_with_jobs} Marquee does not list left out.")
    return records


def _availability(data: dict, regions: tuple[str, ...]) -> list[AvailabilityRecord]:
    by_region = _part(data, "watch/providers").get("results") or {}
    found = []
    for region in regions:
        offers = by_region.get(region) or {}
        for offer, kind in PROVIDER_KINDS.items():
            for provider in offers.get(offer) or []:
                if name := (provider.get("provider_name") or "").strip():
                    record = AvailabilityRecord(service=name[:100], kind=kind, region=region)
                    if record not in found:
                        found.append(record)
    return found


def fetch_movie(
    tmdb_id: int,
    *,
    api_key: str,
    timeout: float = 10,
    retries: int = 3,
    opener: Callable = urllib.request.urlopen,
    sleep: Callable[[float], None] = time.sleep,
) -> dict:
    """The movie with everything the import reads, from TMDb's API.

    Retries a timeout, a dropped connection or a 429/5xx answer with a growing pause; a wrong
    key or an unknown id fails at once with what to fix.
    """
    if not api_key:
        raise ImportFailed("Set TMDB_API_KEY to fetch films from TMDb, or give a JSON file.")
    query = urllib.parse.urlencode({"api_key": api_key, "append_to_response": APPENDED})
    url = f"{API_ROOT}/movie/{int(tmdb_id)}?{query}"
    for attempt in range(1, retries + 1):
        try:
            with opener(url, timeout=timeout) as response:
                return loads_movie(response.read(), name=f"TMDb's answer for {tmdb_id}")
        except urllib.error.HTTPError as error:
            if error.code == 401:
                raise ImportFailed("TMDb refused the API key (401): check TMDB_API_KEY.") from error
            if error.code == 404:
                raise ImportFailed(f"TMDb has no film with id {tmdb_id}.") from error
            if error.code != 429 and error.code < 500 or attempt == retries:
                raise ImportFailed(f"TMDb answered {error.code} for film {tmdb_id}.") from error
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            if attempt == retries:
                reason = getattr(error, "reason", error)
                raise ImportFailed(
                    f"Cannot reach TMDb after {retries} tries ({reason})."
                ) from error
        sleep(2 ** (attempt - 1))
    raise AssertionError("unreachable")
