from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "taut.security"
    label = "security"
