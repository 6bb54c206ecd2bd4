from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "taut.accounts"
    label = "accounts"

    def ready(self) -> None:
        from taut.audit import auth_events

        auth_events.connect()
