from django.apps import AppConfig


class Icd10Config(AppConfig):
    name = "taut.icd10"
    label = "icd10"
    verbose_name = "ICD-10-CM"
