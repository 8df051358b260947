from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def create_cache_table(sender, using: str, **kwargs) -> None:
    """Production's database cache needs its table; making it after every `migrate` means no
    deployment (nor a switch away from Redis) can forget it. Nothing happens for other caches."""
    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Site"

    def ready(self) -> None:
        from core.models import SiteSettings, SocialLink
        from core.page_cache import watch_models

        post_migrate.connect(create_cache_table, sender=self)
        watch_models(SiteSettings, SocialLink)
