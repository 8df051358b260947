"""What every reader page shares: old slugs redirect, and lists paginate the same way."""

from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.http import Http404, HttpResponsePermanentRedirect

from core.fragments import KEEP_PARTS
from core.models import SlugRedirect


class SlugRedirectMixin:
    """When no object has the slug, answer 301 to the object that used to have it, else 404."""

    def get_renamed_queryset(self) -> QuerySet:
        """Where the renamed object must be found; defaults to the view's own queryset."""
        return self.get_queryset()

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            target = self.find_renamed_object(kwargs.get("slug", ""))
            if target is None:
                raise
        url = target.get_absolute_url()
        if query := request.META.get("QUERY_STRING"):
            url = f"{url}?{query}"
        return HttpResponsePermanentRedirect(url)

    def find_renamed_object(self, old_slug: str):
        queryset = self.get_renamed_queryset()
        content_type = ContentType.objects.get_for_model(queryset.model)
        object_ids = SlugRedirect.objects.filter(
            content_type=content_type, old_slug=old_slug
        ).values("object_id")
        return queryset.filter(pk__in=object_ids).first()


class PageMixin:
    """MARQUEE_PAGE_SIZE items a page; a page past the end shows the last one, junk is a 404."""

    def get_paginate_by(self, queryset) -> int:
        return settings.MARQUEE_PAGE_SIZE

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        raw = self.request.GET.get(self.page_kwarg) or "1"
        try:
            number = int(raw)
        except ValueError:
            raise Http404("That page number isn't a number.") from None
        if number < 1:
            raise Http404("Pages start at 1.")
        page = paginator.page(min(number, paginator.num_pages))
        return paginator, page, page.object_list, page.has_other_pages()


class KeptPartsMixin:
    """A page whose template keeps parts of itself ({% kept %}, core/fragments.py), for every
    reader but staff. An editor sees what was just saved at once, whichever process serves them:
    another one may go on with the generation it read for MARQUEE_GENERATION_RECHECK_MS."""

    @property
    def keeps_parts(self) -> bool:
        return not self.request.user.is_staff

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context[KEEP_PARTS] = self.keeps_parts
        return context


class KeptDetailMixin(KeptPartsMixin):
    """A detail page that reads its object alone, and `object_in_full` (the model's
    `for_detail()`) only where a kept part is rendered anew."""

    @cached_property
    def object_in_full(self):
        return type(self.object).objects.for_detail().get(pk=self.object.pk)
