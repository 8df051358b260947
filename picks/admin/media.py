"""The admin for the image library: upload once, copy the code for a post body, see where it is."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.options import IS_POPUP_VAR
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from core.admin_tools import ADMIN_CSS, CheckedImagesMixin, thumbnail
from picks.media import media_image_store
from picks.models import MediaImage


@admin.register(MediaImage)
class MediaImageAdmin(CheckedImagesMixin, admin.ModelAdmin):
    """Images uploaded once and used in any post body; resized copies are made on upload."""

    list_display = ("library_thumbnail", "title", "reference_code", "credit", "size", "created_at")
    list_display_links = ("library_thumbnail", "title")
    search_fields = ("title", "alt_text", "credit")
    autocomplete_fields = ("films",)
    date_hierarchy = "created_at"
    fields = (
        "image",
        "library_preview",
        "title",
        "alt_text",
        "credit",
        "films",
        "reference_code",
        "used_in",
    )
    readonly_fields = ("library_preview", "reference_code", "used_in")

    class Media:
        css = {"all": [*ADMIN_CSS["all"], "picks/admin.css"]}
        js = ["picks/post_admin.js"]

    def save_model(self, request, obj: MediaImage, form, change: bool) -> None:
        media_image_store(media=obj, by=request.user, new_file="image" in form.changed_data)

    def response_add(self, request, obj, post_url_continue=None):
        if IS_POPUP_VAR in request.POST:
            # Opened from a post's form: show the code to paste, not Django's related-field glue.
            context = {
                **self.admin_site.each_context(request),
                "title": "Image added",
                "opts": self.opts,
                "image": obj,
                "is_popup": True,
            }
            return TemplateResponse(request, "admin/picks/mediaimage/popup_added.html", context)
        return super().response_add(request, obj, post_url_continue)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for image in objs:
            for post in image.posts_using().only("title"):
                protected.append(
                    f"“{post.title}” shows {image} ({image.reference}): remove it first"
                )
        return deleted, counts, perms_needed, protected

    @admin.display(description="image")
    def library_thumbnail(self, image: MediaImage):
        return format_html(
            '<img src="{}" alt="{}" class="admin-thumbnail">', image.thumbnail_url, image.alt_text
        )

    @admin.display(description="current image")
    def library_preview(self, image: MediaImage):
        return thumbnail(image.image, image.alt_text, "admin-preview")

    @admin.display(description="code for a post body")
    def reference_code(self, image: MediaImage):
        if image.pk is None:
            return "Given once the image is saved."
        return format_html(
            '<code>{}</code> <button type="button" class="button media-copy" data-copy="{}">'
            "Copy</button>",
            image.reference,
            image.reference,
        )

    @admin.display(description="size")
    def size(self, image: MediaImage) -> str:
        return f"{image.width} × {image.height}" if image.width else "—"

    @admin.display(description="used in")
    def used_in(self, image: MediaImage):
        if image.pk is None:
            return None
        posts = list(image.posts_using().only("pk", "title"))
        if not posts:
            return "No post yet."
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((reverse("admin:picks_post_change", args=[p.pk]), p.title) for p in posts),
        )
