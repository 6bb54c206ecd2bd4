from django.apps import AppConfig


class EpisodesConfig(AppConfig):
    name = "taut.episodes"
    label = "episodes"
