"""An image chosen on a form that then fails on another field is kept, shown, and saved with the
next submit: the upload is stashed in a temporary folder of the media storage and named in a
signed hidden field, so the editor need not choose it again."""

from __future__ import annotations

import mimetypes
import uuid
from datetime import timedelta
from pathlib import PurePosixPath

from django.contrib.admin.widgets import AdminFileWidget
from django.core import signing
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import get_valid_filename
from PIL import Image, UnidentifiedImageError

KEPT_DIR = "kept-uploads"
SIGNING_SALT = "core.kept_uploads"
# How long a stashed upload can wait for the form it belongs to.
KEPT_FOR = timedelta(days=1)


def kept_field_name(name: str) -> str:
    return f"{name}__kept"


def _is_image(upload: UploadedFile) -> bool:
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
        return True
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False
    finally:
        upload.seek(0)


def _forget_old_stashes() -> None:
    try:
        folders, _files = default_storage.listdir(KEPT_DIR)
    except (FileNotFoundError, NotImplementedError):
        return
    cutoff = timezone.now() - KEPT_FOR
    for folder in folders:
        path = f"{KEPT_DIR}/{folder}"
        try:
            _sub, names = default_storage.listdir(path)
            for name in names:
                if default_storage.get_modified_time(f"{path}/{name}") < cutoff:
                    default_storage.delete(f"{path}/{name}")
        except (FileNotFoundError, NotImplementedError):
            continue


def stash_upload(upload: UploadedFile) -> str:
    """Store a copy of the upload; returns its signed token."""
    _forget_old_stashes()
    name = get_valid_filename(PurePosixPath(upload.name or "image").name) or "image"
    upload.seek(0)
    path = default_storage.save(f"{KEPT_DIR}/{uuid.uuid4().hex}/{name}", upload)
    upload.seek(0)
    return signing.dumps(path, salt=SIGNING_SALT)


def kept_path(token: str) -> str | None:
    """The stashed file a token names, if it is genuine, recent and still there."""
    try:
        path = signing.loads(token, salt=SIGNING_SALT, max_age=KEPT_FOR)
    except signing.BadSignature:
        return None
    if not isinstance(path, str) or not path.startswith(f"{KEPT_DIR}/"):
        return None
    return path if default_storage.exists(path) else None


def open_kept(path: str) -> SimpleUploadedFile:
    with default_storage.open(path, "rb") as stored:
        content = stored.read()
    name = PurePosixPath(path).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return SimpleUploadedFile(name, content, content_type=content_type)


class KeptImageInput(AdminFileWidget):
    """The admin's file input, plus the image kept from a failed submit: shown, and used when
    no other file is chosen (or "Clear" ticked)."""

    _upload: UploadedFile | None = None
    _token: str | None = None

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        if isinstance(value, UploadedFile):
            self._upload, self._token = value, None
            return value
        if value is not None:  # cleared, or a contradiction the field reports
            return value
        token = data.get(kept_field_name(name), "")
        path = kept_path(token) if token else None
        if path is None:
            return None
        self._token = token
        return open_kept(path)

    def _kept(self) -> tuple[str, str] | None:
        if self._token is None and self._upload is not None and _is_image(self._upload):
            self._token = stash_upload(self._upload)
            self._upload = None
        if self._token is None:
            return None
        path = kept_path(self._token)
        return (self._token, path) if path else None

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        kept = self._kept()
        if kept is None:
            return html
        token, path = kept
        return html + format_html(
            '<input type="hidden" name="{}" value="{}">'
            '<p class="kept-upload"><img src="{}" alt="" class="admin-preview">'
            "<span>Kept from your last try: <strong>{}</strong>. It is saved with the form "
            "unless you choose another file.</span></p>",
            kept_field_name(name),
            token,
            default_storage.url(path),
            PurePosixPath(path).name,
        )
