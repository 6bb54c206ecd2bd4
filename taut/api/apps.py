from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "taut.api"
    label = "api"
