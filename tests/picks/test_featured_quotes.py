"""A quote a post features is an editor's choice: deleting it is refused (the links to posts
are PROTECT), in code and in the admin, naming the post."""

import pytest
from django.db import transaction
from django.db.models import ProtectedError
from django.db.models.fields.files import FieldFile

from films.models import Quote
from reviews.models import CriticQuote
from tests.factories import make_critic_quote, make_post, make_quote

pytestmark = pytest.mark.django_db


@pytest.fixture
def featured():
    quote = make_quote(text="They worship everything and they value nothing.")
    critic_quote = make_critic_quote(film=quote.film, quote="Delightful confection.")
    post = make_post(title="La La Land: to the dreamers", films=[quote.film])
    post.featured_quotes.add(quote)
    post.featured_critic_quotes.add(critic_quote)
    return {"quote": quote, "critic_quote": critic_quote, "post": post}


def test_deleting_a_featured_quote_is_refused_and_nothing_is_lost(featured):
    for obj in (featured["quote"], featured["critic_quote"]):
        with pytest.raises(ProtectedError, match="La La Land: to the dreamers"):
            with transaction.atomic():
                obj.delete()
    assert featured["post"].featured_quotes.count() == 1
    assert featured["post"].featured_critic_quotes.count() == 1


def test_a_quote_no_post_features_can_be_deleted():
    quote = make_quote()
    quote.delete()
    assert not Quote.objects.filter(pk=quote.pk).exists()


@pytest.mark.parametrize(
    ("key", "url"),
    [
        ("quote", "/admin/films/quote/{pk}/delete/"),
        ("critic_quote", "/admin/reviews/criticquote/{pk}/delete/"),
    ],
)
def test_the_admin_delete_page_names_the_post_and_refuses(admin_client, featured, key, url):
    obj = featured[key]
    page = admin_client.get(url.format(pk=obj.pk)).content.decode()
    assert "La La Land: to the dreamers" in page
    response = admin_client.post(url.format(pk=obj.pk), {"post": "yes"})
    assert response.status_code == 200  # the page again, with the refusal
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_removing_a_featured_quote_from_the_film_page_is_refused(admin_client, featured):
    film = featured["quote"].film
    page = admin_client.get(f"/admin/films/film/{film.pk}/change/")
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, FieldFile)
    }
    data.update({"title": film.title, "slug": film.slug, "genres": [], "tags": ""})
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name, field in management.fields.items():
            data[f"{formset.formset.prefix}-{name}"] = management.initial.get(name, field.initial)
        for index, inline_form in enumerate(formset.formset.forms):
            for name, value in inline_form.initial.items():
                if value is not None and not isinstance(value, FieldFile):
                    data[f"{formset.formset.prefix}-{index}-{name}"] = value
            if inline_form.instance.pk:
                data[f"{formset.formset.prefix}-{index}-id"] = inline_form.instance.pk
            if inline_form.instance == featured["quote"]:
                data[f"{formset.formset.prefix}-{index}-DELETE"] = "on"
    response = admin_client.post(f"/admin/films/film/{film.pk}/change/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "would require deleting the following protected related objects" in html
    assert "featured in “La La Land: to the dreamers”" in html
    assert Quote.objects.filter(pk=featured["quote"].pk).exists()
    assert CriticQuote.objects.filter(pk=featured["critic_quote"].pk).exists()
