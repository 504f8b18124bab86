from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A member. People are shown by their name; the username is only a handle for @mentions."""

    name = models.CharField("full name", max_length=150)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name"])]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.name or "Unnamed member"


def display_name(user):
    """Used by allauth wherever it names a user (ACCOUNT_USER_DISPLAY)."""
    return user.display_name
