from django.apps import AppConfig


class PicksConfig(AppConfig):
    name = "picks"
    verbose_name = "Editorial"
