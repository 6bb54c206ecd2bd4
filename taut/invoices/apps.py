from django.apps import AppConfig


class InvoicesConfig(AppConfig):
    name = "taut.invoices"
    label = "invoices"
