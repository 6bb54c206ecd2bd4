from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "taut.measures"
    label = "measures"
