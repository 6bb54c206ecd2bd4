from django.apps import AppConfig


class TreatmentConfig(AppConfig):
    name = "taut.treatment"
    label = "treatment"
