"""The film quotes and critics' quotes a post features, each through a model of its own so a
featured quote cannot be deleted from under a post."""

from __future__ import annotations

from django.db import models

from films.models import Quote
from picks.models.posts import Post
from reviews.models import CriticQuote


class PostQuote(models.Model):
    """A film quote a post features; the quote cannot be deleted while a post features it."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="quote_links")
    quote = models.ForeignKey(Quote, on_delete=models.PROTECT, related_name="featured_links")

    class Meta:
        # The table Django made when this was a plain many-to-many, kept as it was.
        db_table = "picks_post_featured_quotes"
        unique_together = [("post", "quote")]
        ordering = ["id"]
        verbose_name = "featured film quote"
        verbose_name_plural = "featured film quotes"

    def __str__(self) -> str:
        return f"featured in “{self.post.title}”"


class PostCriticQuote(models.Model):
    """A critic's quote a post features; it cannot be deleted while a post features it."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="critic_quote_links")
    quote = models.ForeignKey(
        CriticQuote,
        on_delete=models.PROTECT,
        related_name="featured_links",
        db_column="criticquote_id",
    )

    class Meta:
        db_table = "picks_post_featured_critic_quotes"
        unique_together = [("post", "quote")]
        ordering = ["id"]
        verbose_name = "featured critic's quote"
        verbose_name_plural = "featured critics' quotes"

    def __str__(self) -> str:
        return f"featured in “{self.post.title}”"
