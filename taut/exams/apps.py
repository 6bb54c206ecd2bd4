from django.apps import AppConfig


class ExamsConfig(AppConfig):
    name = "taut.exams"
    label = "exams"
