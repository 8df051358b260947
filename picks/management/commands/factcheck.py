"""Fact-check posts from the command line: the same check as the admin's "Fact-check" button.

Exits with status 1 when a published (or scheduled) post has a contradiction no editor has
marked as checked, so a deploy or a cron job can stop on it.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import dateformat, timezone

from picks.factcheck import refresh_findings
from picks.models import FactFinding, Post, display_name


class Command(BaseCommand):
    help = (
        "Check posts against the records (all posts when no slug is given), print what is found "
        "and keep it for the admin's Fact-check panel. Exits 1 when a published post has an "
        "unchecked contradiction."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("slugs", nargs="*", metavar="POST_SLUG", help="Posts to check.")

    def handle(self, *args, slugs: list[str], verbosity: int, **options) -> None:
        posts = Post.objects.order_by("slug")
        if slugs:
            posts = posts.filter(slug__in=slugs)
            if missing := sorted(set(slugs) - set(posts.values_list("slug", flat=True))):
                raise CommandError(f"No post with the slug: {', '.join(missing)}.", returncode=2)
        failing = []
        for post in posts:
            findings = refresh_findings(post=post)
            blocking = [f for f in findings if f.is_blocking]
            if blocking and post.status == Post.Status.PUBLISHED:
                failing.append(post.slug)
            if findings or verbosity > 1:
                self._print(post, findings)
        checked = posts.count()
        if failing:
            raise CommandError(
                f"{len(failing)} published post{'' if len(failing) == 1 else 's'} of {checked} "
                f"checked say{'s' if len(failing) == 1 else ''} something our records "
                f"contradict: {', '.join(failing)}. Fix the text, or mark each finding as checked "
                "in the post's Fact-check panel.",
                returncode=1,
            )
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{checked} post{'' if checked == 1 else 's'} checked: no "
                    "unchecked contradiction in a published post."
                )
            )

    def _print(self, post: Post, findings: list[FactFinding]) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING(f"{post.slug} ({post.state_label.lower()})"))
        if not findings:
            self.stdout.write("  Nothing to question.")
        for finding in findings:
            label = finding.get_severity_display().upper()
            style = self.style.ERROR if finding.is_blocking else self.style.WARNING
            if finding.is_checked:
                style = self.style.NOTICE
                who = display_name(finding.checked_by) if finding.checked_by else "someone"
                when = dateformat.format(timezone.localtime(finding.checked_at), "j M Y, H:i")
                label = f"{label}, checked by {who} on {when}"
            self.stdout.write(style(f"  {label}: {finding.message}"))
            self.stdout.write(f"    in the {finding.field}: “{finding.sentence}”")
