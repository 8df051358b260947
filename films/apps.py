from django.apps import AppConfig


class FilmsConfig(AppConfig):
    name = "films"
    verbose_name = "Films and people"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from taggit.models import Tag, TaggedItem

        from core.page_cache import watch_models
        from core.renditions import make_renditions_on_save
        from core.slugs import track_slug_changes
        from films.models import Availability, AwardNomination, Credit, Film, Genre, Person, Quote
        from films.recommendations import forget_recommendations

        track_slug_changes(Film)
        track_slug_changes(Person)
        make_renditions_on_save(Film, "poster")
        make_renditions_on_save(Person, "photo")
        # Tags belong to taggit; films, the lowest layer using them, watches them for both.
        watch_models(
            Film, Person, Credit, Genre, AwardNomination, Quote, Availability, Tag, TaggedItem
        )
        # Everything of films' own that a recommendation or its reasons read (reviews connects
        # its scores).
        for model in (Film, Credit, Person, Genre, TaggedItem):
            uid = f"films.recommendations.{model._meta.label_lower}"
            post_save.connect(forget_recommendations, sender=model, dispatch_uid=f"{uid}.save")
            post_delete.connect(forget_recommendations, sender=model, dispatch_uid=f"{uid}.delete")
        # Genres are a plain many-to-many; taggit announces tag changes the same way.
        for through in (Film.genres.through, TaggedItem):
            m2m_changed.connect(
                forget_recommendations,
                sender=through,
                dispatch_uid=f"films.recommendations.m2m.{through._meta.label_lower}",
            )
