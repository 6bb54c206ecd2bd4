from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "taut.notes"
    label = "notes"
