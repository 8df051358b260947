"""Reader-facing forms: the comment form with its hidden spam defences."""

from __future__ import annotations

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.db import models

from picks.models import Comment, is_staff_author

_STARTED_SALT = "picks.comment-form.started"


def sign_form_start() -> str:
    """A signed timestamp for the form's hidden `started` field."""
    return signing.TimestampSigner(salt=_STARTED_SALT).sign(f"{time.time():.3f}")


def _https_by_default(db_field, **kwargs):
    """A typed "example.com" becomes https://example.com (Django 6's default, early)."""
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class CommentForm(forms.ModelForm):
    """Name, email, website and `comment`, plus `parent`, `started` and the honeypot `phone`.

    Lengths and rules come from the Comment model. The text field is named `comment`, as in
    WordPress and django-contrib-comments (what browsers, spam services and tools expect);
    the model keeps calling it `body`. For a signed-in editor, name and email come from the
    account and may be left empty.
    """

    comment = Comment._meta.get_field("body").formfield(
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Plain text. Line breaks are kept and web addresses become links.",
    )
    remember = forms.BooleanField(
        label="Remember my name, email and website in this browser for my next comment",
        required=False,
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    started = forms.CharField(required=False, widget=forms.HiddenInput)
    # The honeypot: hidden from people by CSS, filled in by robots that fill in everything.
    phone = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Comment
        fields = ["name", "email", "url"]
        formfield_callback = _https_by_default
        help_texts = {
            "email": "Required, never shown on the site.",
            "url": "Optional, linked from your name.",
        }

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.is_staff_author = is_staff_author(user)
        if self.is_staff_author:
            self.fields["name"].required = False
            self.fields["email"].required = False
            self.fields["name"].help_text = "Leave empty to sign with your account's name."
            self.fields["email"].help_text = "Leave empty to use your account's email."

    @property
    def fresh_started(self) -> str:
        """The page always carries a new timestamp, so a form sent again is judged afresh."""
        return sign_form_start()

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean_comment(self) -> str:
        text = self.cleaned_data["comment"].strip()
        if not text:
            raise forms.ValidationError("Write a comment before sending.")
        return text

    def clean_started(self) -> float | None:
        """Seconds the form was open; too old comes back to the reader with the text kept."""
        token = self.cleaned_data["started"]
        if self.is_staff_author and not token:
            return None
        try:
            value = signing.TimestampSigner(salt=_STARTED_SALT).unsign(
                token, max_age=settings.MARQUEE_COMMENT_MAX_AGE_SECONDS
            )
        except signing.SignatureExpired:
            raise forms.ValidationError(
                "This page was open for more than a day, so the form expired. "
                "Your text is kept below: please send it again.",
                code="expired",
            ) from None
        except signing.BadSignature:
            raise forms.ValidationError(
                "We could not check this form. Your text is kept below: please send it again.",
                code="bad_signature",
            ) from None
        return max(0.0, time.time() - float(value))

    def clean(self) -> dict:
        cleaned = super().clean()
        if "started" in self.errors:
            # Shown above the form: the hidden field has no place of its own to show it.
            for error in self.errors.pop("started"):
                self.add_error(None, error)
        return cleaned

    @property
    def form_token(self) -> str:
        return self.data.get("started", "") if self.is_bound else ""


class SearchForm(forms.Form):
    """The header's search box: one query, optionally narrowed to posts, films or people."""

    q = forms.CharField(
        label="Search films, people and posts",
        required=False,
        max_length=200,
        error_messages={
            "max_length": "That search is too long (%(show_value)s characters). "
            "Use at most %(limit_value)s: a few words work best."
        },
    )
    type = forms.ChoiceField(
        required=False,
        choices=[("", "Everything"), ("posts", "Posts"), ("films", "Films"), ("people", "People")],
    )
