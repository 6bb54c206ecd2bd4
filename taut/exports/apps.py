from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "taut.exports"
    label = "exports"
