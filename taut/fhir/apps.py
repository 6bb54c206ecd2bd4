from django.apps import AppConfig


class FhirConfig(AppConfig):
    name = "taut.fhir"
    label = "fhir"

    def ready(self) -> None:
        from taut.fhir import checks  # noqa: F401  (registers the canonical base check)
