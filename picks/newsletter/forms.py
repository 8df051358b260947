"""The newsletter's reader forms: an email address, nothing else."""

from django import forms


class NewsletterEmailForm(forms.Form):
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        error_messages={
            "required": "Type the address the newsletter should go to.",
            "invalid": "This does not look like an email address: check for a missing @ or dot.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
