"""Small assertion helpers several test modules share."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction


def database_refuses(write) -> str:
    """Run a write the database must refuse; return its error text."""
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        write()
    return str(caught.value)


def validation_errors(instance) -> dict[str, list[str]]:
    """full_clean() must fail; return its errors by field."""
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def text_of(response) -> str:
    """The page's visible text with tags and extra whitespace removed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()
