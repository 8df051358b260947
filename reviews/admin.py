"""The admin for outlets, their scores and critics' quotes, which are also edited inline on each
film: this layer adds those inlines to the films app's FilmAdmin."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.utils.text import Truncator

from core.admin_tools import FORMFIELD_OVERRIDES, PreloadedAutocompleteInline
from films.admin import CreditInline, FilmAdmin
from reviews.models import CriticQuote, Outlet, Score


class ScoreInline(PreloadedAutocompleteInline, admin.TabularInline):
    model = Score
    fields = ("outlet", "value", "normalized", "review_count", "as_of")
    readonly_fields = ("normalized",)
    autocomplete_fields = ("outlet",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("film", "outlet")


class CriticQuoteInline(PreloadedAutocompleteInline, admin.StackedInline):
    model = CriticQuote
    formfield_overrides = FORMFIELD_OVERRIDES
    fields = (("outlet", "critic"), "quote", ("link", "published_on"))
    autocomplete_fields = ("outlet",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("film", "outlet")


FilmAdmin.add_inlines(ScoreInline, CriticQuoteInline, after=CreditInline)


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "scale", "website", "score_count")
    list_filter = ("kind", "scale")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    formfield_overrides = FORMFIELD_OVERRIDES

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(score_count=Count("scores"))
            .order_by(*Outlet._meta.ordering)
        )

    @admin.display(description="scores", ordering="score_count")
    def score_count(self, outlet: Outlet) -> int:
        return outlet.score_count


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    list_display = ("film", "outlet", "as_printed", "normalized", "review_count", "as_of")
    list_display_links = ("film", "as_printed")
    list_filter = ("outlet__kind", "outlet")
    list_select_related = ("film", "outlet")
    search_fields = ("film__title", "outlet__name")
    autocomplete_fields = ("film", "outlet")
    readonly_fields = ("normalized",)
    fields = ("film", "outlet", "value", "normalized", "review_count", "as_of")

    @admin.display(description="score", ordering="value")
    def as_printed(self, score: Score) -> str:
        return score.display


@admin.register(CriticQuote)
class CriticQuoteAdmin(admin.ModelAdmin):
    list_display = ("short_quote", "critic", "outlet", "film", "published_on")
    list_filter = ("outlet",)
    list_select_related = ("film", "outlet")
    search_fields = ("quote", "critic", "film__title", "outlet__name")
    autocomplete_fields = ("film", "outlet")
    formfield_overrides = FORMFIELD_OVERRIDES

    def get_queryset(self, request):
        # CriticQuote.__str__ names the outlet: the autocomplete lists need it joined too.
        return super().get_queryset(request).select_related("film", "outlet")

    @admin.display(description="quote", ordering="quote")
    def short_quote(self, critic_quote: CriticQuote) -> str:
        return Truncator(critic_quote.quote).chars(80)
