from django.apps import AppConfig


class PicksConfig(AppConfig):
    name = "picks"
    verbose_name = "Editorial"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import (
            post_delete,
            post_migrate,
            post_save,
            pre_delete,
            pre_save,
        )

        from core.renditions import make_renditions_on_save
        from core.slugs import track_slug_changes
        from films.models import Film, Person
        from picks import markdown, media
        from picks.mentions.signals import connect_mention_signals
        from picks.models import AuthorProfile, MediaImage, Post, Section
        from picks.page_cache import watch_picks
        from picks.roles import roles_sync
        from picks.search import set_trigram_threshold

        track_slug_changes(Post)
        track_slug_changes(Section)
        make_renditions_on_save(Post, "hero_image")
        make_renditions_on_save(AuthorProfile, "photo")
        watch_picks()
        connect_mention_signals()
        connection_created.connect(set_trigram_threshold, dispatch_uid="picks.search.trigram")
        post_migrate.connect(roles_sync, sender=self, dispatch_uid="picks.roles_sync")
        post_delete.connect(media.remove_files, sender=MediaImage, dispatch_uid="picks.media_files")
        pre_save.connect(
            markdown.render_body_before_save, sender=Post, dispatch_uid="picks.post_body_html"
        )
        for signal in (post_save, post_delete):
            signal.connect(
                markdown.rerender_posts_showing,
                sender=MediaImage,
                dispatch_uid="picks.media_rerender_posts",
            )
        # A film or person readers can no longer open loses its links in posts.
        for record in (Film, Person):
            name = record.__name__
            post_save.connect(
                markdown.relink_after_unpublishing,
                sender=record,
                dispatch_uid=f"picks.mentions.unpublished.{name}",
            )
            pre_delete.connect(
                markdown.remember_posts_naming, sender=record, dispatch_uid=f"picks.mentions.{name}"
            )
            post_delete.connect(
                markdown.relink_after_deleting,
                sender=record,
                dispatch_uid=f"picks.mentions.deleted.{name}",
            )
