from django.apps import AppConfig


class PicksConfig(AppConfig):
    name = "picks"
    verbose_name = "Editorial"

    def ready(self) -> None:
        from picks import signals

        signals.connect()
