"""One image chooser for every image field: a poster, a photo or a hero image is uploaded in
place or chosen from the image library (with its alt text), in an in-page dialog.

The dialog (picks/static/picks/image_chooser.js) talks to three small JSON views on the library's
admin: the list (with a search), an upload, and a focal point. Films and people cannot import the
library, so picks puts its widget on their admins (`offer_library_images`, picks/admin/__init__).
A record that uses a library image names the library's file; picks.media.remove_files keeps a
file that a record still shows.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from core.images import CheckedImageField
from core.kept_uploads import KeptImageInput
from picks.media import media_image_store
from picks.models import MediaImage

# How many library images the dialog lists at once; a search finds the rest.
CHOOSER_PAGE_SIZE = 30


def library_field_name(name: str) -> str:
    return f"{name}__library"


class LibraryChoice(str):
    """The stored name of a library image's file, chosen for a record's image field."""

    media: MediaImage

    def __new__(cls, media: MediaImage):
        choice = super().__new__(cls, media.image.name)
        choice.media = media
        return choice


class LibraryImageInput(KeptImageInput):
    """The file input (with an upload kept from a failed submit), plus "Choose from the
    library…": the chosen image's id travels in a hidden field and is kept the same way."""

    alt_suffix = "_alt"  # the alt text field beside it: poster_alt, photo_alt, ...
    _library: MediaImage | None = None

    class Media:
        css = {"all": ["picks/image_chooser.css"]}
        js = ["picks/image_chooser.js"]

    def value_from_datadict(self, data, files, name):
        if files.get(name) is None:
            chosen = data.get(library_field_name(name), "")
            if self._library is not None and chosen == str(self._library.pk):
                return LibraryChoice(self._library)  # asked again by the same form: no query
            media = _library_image(chosen)
            if media is not None:
                self._library = media
                return LibraryChoice(media)
        self._library = None
        return super().value_from_datadict(data, files, name)

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        media = self._library
        input_id = (attrs or {}).get("id") or f"id_{name}"
        chosen = (
            format_html(
                '<p class="image-chooser__chosen"><img src="{}" alt="" width="120"> '
                "<span>From the library: <strong>{}</strong> ({}). It is saved with the form. "
                '</span><button type="button" class="button image-chooser__undo">'
                "Don’t use it</button></p>",
                media.thumbnail_url,
                media.title,
                media.credit,
            )
            if media is not None
            else mark_safe('<p class="image-chooser__chosen" hidden></p>')
        )
        return html + format_html(
            '<div class="image-chooser" data-image-chooser data-input="{}" data-alt-input="{}" '
            'data-list-url="{}" data-upload-url="{}">'
            '<input type="hidden" name="{}" value="{}" class="image-chooser__choice">{}'
            '<button type="button" class="button image-chooser__open" aria-haspopup="dialog">'
            "Choose from the library or upload…</button></div>",
            input_id,
            f"{input_id}{self.alt_suffix}",
            reverse("admin:picks_mediaimage_chooser"),
            reverse("admin:picks_mediaimage_chooser_upload"),
            library_field_name(name),
            media.pk if media is not None else "",
            chosen,
        )


def _library_image(value: str) -> MediaImage | None:
    if not (value.isascii() and value.isdecimal()):
        return None
    return MediaImage.objects.filter(pk=int(value)).first()


class LibraryImageField(CheckedImageField):
    """An upload, checked and cleaned; or a library image, whose stored file the record names."""

    def clean(self, data, initial=None):
        if isinstance(data, LibraryChoice):
            return str(data)
        return super().clean(data, initial)


LIBRARY_IMAGE_FIELD = {"form_class": LibraryImageField, "widget": LibraryImageInput}


def offer_library_images(site: admin.AdminSite, *models_with_images: type[models.Model]) -> None:
    """Give these models' admin forms the chooser on their image fields (a registration hook for
    the layers below, which cannot import the library)."""
    for model in models_with_images:
        model_admin = site.get_model_admin(model)
        # ModelAdmin merged its overrides when it was registered: change the registered one.
        model_admin.formfield_overrides = {
            **model_admin.formfield_overrides,
            models.ImageField: LIBRARY_IMAGE_FIELD,
        }


# -- the dialog's JSON views (on MediaImageAdmin's URLs) ------------------------------------


class ChooserUploadForm(forms.ModelForm):
    image = CheckedImageField()

    class Meta:
        model = MediaImage
        fields = ("image", "title", "alt_text", "credit")


def image_json(media: MediaImage, *, may_change: bool = False) -> dict:
    focal_url = reverse("admin:picks_mediaimage_focal_point", args=[media.pk]) if may_change else ""
    return {
        "id": media.pk,
        "title": media.title,
        "alt_text": media.alt_text,
        "credit": media.credit,
        "reference": media.reference,
        "thumbnail_url": media.thumbnail_url,
        "card_url": media.card_url,
        "image_url": media.image.url,
        "focal_x": media.focal_x,
        "focal_y": media.focal_y,
        "focal_url": focal_url,
    }


def _require(request: HttpRequest, model_admin, permission: str) -> None:
    if not getattr(model_admin, f"has_{permission}_permission")(request):
        raise PermissionDenied


@require_GET
def chooser_list(request: HttpRequest, *, model_admin) -> JsonResponse:
    """The newest library images, or those whose title, alt text or credit has the words of ?q."""
    _require(request, model_admin, "view")
    images = MediaImage.objects.all()
    query = request.GET.get("q", "")[:200].strip()
    for word in query.split():
        images = images.filter(
            models.Q(title__icontains=word)
            | models.Q(alt_text__icontains=word)
            | models.Q(credit__icontains=word)
        )
    found = list(images[: CHOOSER_PAGE_SIZE + 1])
    may_change = model_admin.has_change_permission(request)
    return JsonResponse(
        {
            "images": [
                image_json(media, may_change=may_change) for media in found[:CHOOSER_PAGE_SIZE]
            ],
            "more": len(found) > CHOOSER_PAGE_SIZE,
            "may_upload": model_admin.has_add_permission(request),
        }
    )


@require_POST
def chooser_upload(request: HttpRequest, *, model_admin) -> JsonResponse:
    """Add an image to the library from the dialog; its errors say what to fix, per field."""
    _require(request, model_admin, "add")
    form = ChooserUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    media = media_image_store(media=form.save(commit=False), by=request.user)
    may_change = model_admin.has_change_permission(request)
    return JsonResponse({"image": image_json(media, may_change=may_change)}, status=201)


class FocalPointForm(forms.ModelForm):
    class Meta:
        model = MediaImage
        fields = ("focal_x", "focal_y")


@require_POST
def chooser_focal_point(request: HttpRequest, image_id: int, *, model_admin) -> JsonResponse:
    """Move an image's focal point; its cropped copies are made again around it."""
    _require(request, model_admin, "change")
    media = MediaImage.objects.filter(pk=image_id).first()
    if media is None:
        return JsonResponse({"errors": {"__all__": [{"message": "No such image."}]}}, status=404)
    form = FocalPointForm(request.POST, instance=media)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    media = media_image_store(media=form.save(commit=False), by=request.user, new_file=False)
    return JsonResponse({"image": image_json(media, may_change=True)})
