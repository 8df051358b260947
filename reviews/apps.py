from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Critics and scores"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from core.page_cache import watch_models
        from films.recommendations import forget_recommendations
        from reviews.models import CriticQuote, Outlet, Score

        watch_models(Outlet, Score, CriticQuote)

        # Recommendations and their reasons read scores too.
        uid = "films.recommendations.reviews.score"
        post_save.connect(forget_recommendations, sender=Score, dispatch_uid=f"{uid}.save")
        post_delete.connect(forget_recommendations, sender=Score, dispatch_uid=f"{uid}.delete")
