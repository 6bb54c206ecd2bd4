from django.apps import AppConfig


class FhirConfig(AppConfig):
    name = "taut.fhir"
    label = "fhir"
