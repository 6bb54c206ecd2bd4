from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "taut.reference"
    label = "reference"

    def ready(self) -> None:
        from taut.reference import checks  # noqa: F401  (registers the knowledge-base check)
