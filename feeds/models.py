import secrets

from django.conf import settings
from django.db import models


def new_token():
    """43 URL-safe characters: 32 random bytes."""
    return secrets.token_urlsafe(32)


class FeedToken(models.Model):
    """A member's secret for feed addresses. Feed readers cannot sign in, so every feed URL
    carries this token; whoever holds it reads as that member (and only what they may see,
    checked again on every fetch). Regenerating it makes every old address stop working."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_token"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Feed token of {self.user}"
