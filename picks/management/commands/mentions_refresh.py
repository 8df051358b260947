"""`manage.py mentions_refresh [SLUG ...]`: recognise posts' mentions again.

A post's mentions are recognised when it is saved, against the films and people known then; run
this after importing or publishing records so older posts link them and their pages list those
posts ("Mentioned in"). An editor's "not this" is kept.
"""

from django.core.management.base import BaseCommand, CommandError

from picks.markdown import post_refresh_mentions
from picks.models import Post


class Command(BaseCommand):
    help = (
        "Recognise the films and people named in posts again (all posts, or those whose slugs "
        "are given), re-link the first mention of each, and update 'Mentioned in' lists."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("slugs", nargs="*", metavar="SLUG", help="Only these posts.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say how many posts would be read; change none."
        )

    def handle(self, *args, slugs: list[str], dry_run: bool, verbosity: int, **options) -> None:
        posts = Post.objects.order_by("pk").only("pk", "body", "standfirst")
        if slugs:
            posts = posts.filter(slug__in=slugs)
            if missing := sorted(set(slugs) - set(posts.values_list("slug", flat=True))):
                raise CommandError(f"No post with the slug {', '.join(missing)}.")
        total = posts.count()
        if dry_run:
            if verbosity:
                self.stdout.write(f"Would recognise the mentions of {total} post(s).")
            return
        named = 0
        for done, post in enumerate(posts.iterator(chunk_size=200), start=1):
            named += post_refresh_mentions(post=post)
            if verbosity > 1 and (done % 100 == 0 or done == total):
                self.stdout.write(f"{done}/{total} posts")
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(f"Recognised {named} mention(s) in {total} post(s).")
            )
