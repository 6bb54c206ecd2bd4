from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "taut.security"
    label = "security"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from taut.security import sessions

        user_logged_in.connect(sessions.start_clocks, dispatch_uid="taut-session-clocks")
