from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from taut.security import throttle


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "The username or password is not right. Both are case-sensitive.",
        "throttled": (
            "Too many failed logins from this network. Wait %(minutes)s minutes, or ask "
            "your clinic's admin."
        ),
    }

    def clean(self):
        # Checked before the password is even tried, so spraying learns nothing more.
        limit = throttle.login_failures()
        if self.request is not None and limit.exceeded(self.request):
            raise ValidationError(
                self.error_messages["throttled"], code="throttled",
                params={"minutes": limit.minutes},
            )  # fmt: skip
        try:
            return super().clean()
        except ValidationError as error:
            if self.request is not None and error.code == "invalid_login":
                limit.hit(self.request)
            raise
