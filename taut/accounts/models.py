from django.contrib.auth.models import AbstractUser
from django.db import models

# The columns `display_name` reads: a list that names users reads these, not the whole row.
NAME_FIELDS = ("first_name", "last_name", "username")


def display_name(first_name: str, last_name: str, username: str) -> str:
    """How pages name a user; for lists that read the names without the row."""
    return f"{first_name} {last_name}".strip() or username


class User(AbstractUser):
    """A person who logs in: clinic staff, a patient with a portal login, or both."""

    email = models.EmailField("e-mail address", blank=True)

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    @property
    def display_name(self) -> str:
        return display_name(self.first_name, self.last_name, self.username)
