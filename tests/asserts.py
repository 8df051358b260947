"""Small assertion helpers several test modules share."""

import re
import xml.etree.ElementTree as ET

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


SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_entries(client) -> dict[str, str | None]:
    """Every URL the sitemap lists, with its lastmod: the index, then each page it names."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    entries = {}
    for page in ET.fromstring(index.content).iterfind("sm:sitemap/sm:loc", SITEMAP_NS):
        response = client.get(page.text)
        assert response.status_code == 200, page.text
        for node in ET.fromstring(response.content).iterfind("sm:url", SITEMAP_NS):
            lastmod = node.find("sm:lastmod", SITEMAP_NS)
            entries[node.find("sm:loc", SITEMAP_NS).text] = getattr(lastmod, "text", None)
    return entries
