"""The /films/ browse filters: every value is checked, and a bad one is ignored, never a 500."""

from __future__ import annotations

from django import forms

from core.page_cache import remembered
from films.models import Availability, Film, Genre

SORTS = [("score", "Combined score"), ("year", "Newest first"), ("title", "Title A–Z")]


def decade_choices() -> list[tuple[str, str]]:
    """The decades readers' films were released in, newest first: none a filter would empty."""
    return remembered("film-decade-choices", _decade_choices)


def _decade_choices() -> list[tuple[str, str]]:
    years = Film.objects.public().dates("release_date", "year", order="DESC")
    decades = sorted({day.year // 10 * 10 for day in years}, reverse=True)
    return [("", "Any decade")] + [(str(decade), f"{decade}s") for decade in decades]


def streaming_choices() -> list[tuple[str, str]]:
    services = remembered("film-streaming-services", Availability.objects.streaming_services)
    return [("", "Any service")] + [(service, service) for service in services]


def genres_by_slug() -> dict[str, Genre]:
    """Every genre, by slug, in name order: read once, not on every browse page."""
    return remembered("film-genres", lambda: {genre.slug: genre for genre in Genre.objects.all()})


def genre_choices() -> list[tuple[str, str]]:
    return [("", "Any genre")] + [(slug, genre.name) for slug, genre in genres_by_slug().items()]


class FilmFilterForm(forms.Form):
    genre = forms.ChoiceField(choices=genre_choices, required=False)
    decade = forms.TypedChoiceField(choices=decade_choices, coerce=int, required=False)
    min_score = forms.IntegerField(
        label="Minimum score", min_value=0, max_value=100, required=False
    )
    streaming_on = forms.ChoiceField(
        label="Streaming now on", choices=streaming_choices, required=False
    )
    sort = forms.ChoiceField(label="Sort by", choices=SORTS, required=False)

    field_order = ["genre", "decade", "min_score", "streaming_on", "sort"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decade"].empty_value = None
        self.fields["min_score"].widget.attrs.update({"placeholder": "0–100"})

    def clean_genre(self) -> Genre | None:
        return genres_by_slug().get(self.cleaned_data["genre"])

    def filters(self) -> dict:
        """The valid filters only; call after is_valid(). Invalid ones are listed in `ignored`."""
        self.is_valid()
        cleaned = self.cleaned_data
        return {
            "genre": cleaned.get("genre"),
            "decade": cleaned.get("decade"),
            "min_score": cleaned.get("min_score"),
            "streaming_on": cleaned.get("streaming_on") or None,
            "sort": cleaned.get("sort") or "score",
        }

    @property
    def ignored(self) -> list[str]:
        """Human labels of the filters we could not use, for the note above the results."""
        return [str(self.fields[name].label or name.capitalize()) for name in self.errors]

    @property
    def ignored_note(self) -> str:
        """The note above the results, in plain English: "We ignored decade: we don't
        recognise that value." (or "decade and sort by: ... those values")."""
        labels = [label.lower() for label in self.ignored]
        if not labels:
            return ""
        if len(labels) == 1:
            return f"We ignored {labels[0]}: we don't recognise that value."
        named = ", ".join(labels[:-1]) + f" and {labels[-1]}"
        return f"We ignored {named}: we don't recognise those values."
