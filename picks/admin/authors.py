"""The admin for writers' public profiles: name, photo and short bio behind each byline."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model

from core.admin_tools import CheckedImagesMixin, thumbnail
from picks.models import AuthorProfile


@admin.register(AuthorProfile)
class AuthorProfileAdmin(CheckedImagesMixin, admin.ModelAdmin):
    list_display = ("photo_thumbnail", "display_name", "slug", "user")
    list_display_links = ("photo_thumbnail", "display_name")
    list_select_related = ("user",)
    list_filter = (("photo", admin.EmptyFieldListFilter),)
    search_fields = ("display_name", "slug", "bio", "user__username")
    prepopulated_fields = {"slug": ("display_name",)}
    readonly_fields = ("photo_preview",)
    fieldsets = (
        (None, {"fields": ("user", "display_name", "slug", "bio")}),
        ("Photo", {"fields": ("photo", "photo_preview", "photo_alt")}),
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":  # bylines belong to staff accounts
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="photo")
    def photo_thumbnail(self, profile: AuthorProfile):
        return thumbnail(profile.photo)

    @admin.display(description="current photo")
    def photo_preview(self, profile: AuthorProfile):
        return thumbnail(profile.photo, profile.photo_alt, "admin-preview")
