"""The admin for the magazine's sections: order, retirement and the section that replaces one."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count

from picks.models import Section


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "order", "is_active", "replaced_by", "post_count")
    list_filter = ("is_active",)
    list_select_related = ("replaced_by",)
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("replaced_by",)

    def get_queryset(self, request):
        # The count groups rows, which drops Meta.ordering: keep it for the autocomplete pages.
        return (
            super()
            .get_queryset(request)
            .annotate(post_count=Count("posts"))
            .order_by(*Section._meta.ordering)
        )

    @admin.display(description="posts", ordering="post_count")
    def post_count(self, section: Section) -> int:
        return section.post_count
