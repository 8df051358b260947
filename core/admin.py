"""The admin for the site-wide records: the footer's settings and links, and old slugs."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from core.admin_tools import FORMFIELD_OVERRIDES
from core.models import SiteSettings, SlugRedirect, SocialLink


class SocialLinkInline(admin.TabularInline):
    model = SocialLink
    fields = ("label", "url", "order")
    formfield_overrides = FORMFIELD_OVERRIDES
    extra = 0


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One row of site-wide text: the list goes straight to it, and it can't be added twice."""

    fields = ("about_text", "follow_text")
    inlines = (SocialLinkInline,)

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            return super().changelist_view(request, extra_context)  # refuses, as usual
        row = SiteSettings.objects.only("pk").first()
        if row is not None:
            return HttpResponseRedirect(reverse("admin:core_sitesettings_change", args=[row.pk]))
        if self.has_add_permission(request):
            return HttpResponseRedirect(reverse("admin:core_sitesettings_add"))
        return super().changelist_view(request, extra_context)


@admin.register(SlugRedirect)
class SlugRedirectAdmin(admin.ModelAdmin):
    """Written by a signal whenever a slug changes; editors only look."""

    list_display = ("old_slug", "content_type", "target", "created_at")
    list_filter = ("content_type",)
    list_select_related = ("content_type",)
    search_fields = ("old_slug",)
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="now points to")
    def target(self, redirect: SlugRedirect):
        content_type = redirect.content_type
        try:
            url = reverse(
                f"admin:{content_type.app_label}_{content_type.model}_change",
                args=[redirect.object_id],
            )
        except NoReverseMatch:
            return f"{content_type.name} #{redirect.object_id}"
        return format_html('<a href="{}">{} #{}</a>', url, content_type.name, redirect.object_id)
