"""The admin for the image library: upload once, copy the code for a post body, see where it is."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IS_POPUP_VAR
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from core.admin_tools import ADMIN_CSS, CheckedImagesMixin, thumbnail
from picks.admin import image_chooser
from picks.media import media_image_store
from picks.models import MediaImage


class MediaImageAdminForm(forms.ModelForm):
    """A form sent without the focal point (an older tab, a script) keeps the stored one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("focal_x", "focal_y"):
            if name in self.fields:
                self.fields[name].required = False

    def clean_focal_x(self) -> int:
        return self._focal("focal_x")

    def clean_focal_y(self) -> int:
        return self._focal("focal_y")

    def _focal(self, name: str) -> int:
        value = self.cleaned_data.get(name)
        return getattr(self.instance, name) if value is None else value


@admin.register(MediaImage)
class MediaImageAdmin(CheckedImagesMixin, admin.ModelAdmin):
    """Images uploaded once and used in any post body; resized copies are made on upload."""

    form = MediaImageAdminForm
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
        ("focal_x", "focal_y"),
        "films",
        "reference_code",
        "used_in",
    )
    readonly_fields = ("library_preview", "reference_code", "used_in")

    class Media:
        css = {"all": [*ADMIN_CSS["all"], "picks/admin.css", "picks/image_chooser.css"]}
        js = ["picks/post_admin.js", "picks/focal_point.js"]

    def get_urls(self):
        def wrap(view):
            def wrapper(request, *args, **kwargs):
                return view(request, *args, model_admin=self, **kwargs)

            return self.admin_site.admin_view(wrapper)

        return [
            path("chooser/", wrap(image_chooser.chooser_list), name="picks_mediaimage_chooser"),
            path(
                "chooser/upload/",
                wrap(image_chooser.chooser_upload),
                name="picks_mediaimage_chooser_upload",
            ),
            path(
                "chooser/<int:image_id>/focal-point/",
                wrap(image_chooser.chooser_focal_point),
                name="picks_mediaimage_focal_point",
            ),
            *super().get_urls(),
        ]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        # The focal point is set by clicking the saved picture: a new image has none to click.
        return fields if obj is not None else [f for f in fields if f != ("focal_x", "focal_y")]

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
        preview = thumbnail(image.image, image.alt_text, "admin-preview")
        if preview is None:
            return None
        # picks/focal_point.js: a click on the picture sets the focal point fields.
        return format_html(
            '<div class="focal-point" data-focal-point><div class="focal-point__frame">{}'
            '<span class="focal-point__marker" hidden></span></div>'
            '<p class="help">Click the subject: cropped copies (16:9 cards) keep it in frame. '
            "Or type the point in the focal point fields, in % from the top left.</p></div>",
            preview,
        )

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
