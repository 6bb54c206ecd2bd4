from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "taut.intake"
    label = "intake"
