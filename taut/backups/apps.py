from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "taut.backups"
    label = "backups"
