"""The admin for the magazine's sections: order, retirement and the section that replaces one.
Retired sections are not offered for posts (picks/admin/posts.py keeps a post's own)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count

from picks.admin.refusals import EditorialRefusalsMixin
from picks.models import Section


@admin.register(Section)
class SectionAdmin(EditorialRefusalsMixin, admin.ModelAdmin):
    list_display = ("name", "slug", "order", "is_active", "replaced_by", "post_count")
    list_filter = ("is_active",)
    list_select_related = ("replaced_by",)
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("replaced_by",)
    refusal_reason = "it holds posts, or another section names it as its replacement."
    refusal_advice = (
        "Move its posts to another section, or retire it instead: untick “active” and its "
        "archive stays readable."
    )

    def get_queryset(self, request):
        # The count groups rows, which drops Meta.ordering: keep it for the autocomplete pages.
        return (
            super()
            .get_queryset(request)
            .annotate(post_count=Count("posts"))
            .order_by(*Section._meta.ordering)
        )

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # The post form's section autocomplete: retired sections take no new posts.
        if (request.GET.get("model_name"), request.GET.get("field_name")) == ("post", "section"):
            queryset = queryset.filter(is_active=True)
        return queryset, may_have_duplicates

    @admin.display(description="posts", ordering="post_count")
    def post_count(self, section: Section) -> int:
        return section.post_count
