from django.db import transaction

from .links import forget_token
from .models import FeedToken, new_token


@transaction.atomic
def token_create_or_regenerate(*, user):
    """Give `user` a fresh feed token; any previous one stops working at once."""
    token, created = FeedToken.objects.get_or_create(user=user)
    if not created:
        token.token = new_token()
        token.save(update_fields=["token"])
    forget_token(user.pk)
    return token


@transaction.atomic
def token_revoke(*, user):
    """Turn feeds off for `user`: every feed address they used now answers 404."""
    FeedToken.objects.filter(user=user).delete()
    forget_token(user.pk)


def user_for_token(token):
    """The active member a feed token belongs to, or None."""
    if not token or len(token) > 64:
        return None
    found = FeedToken.objects.select_related("user").filter(token=token).first()
    if found is None or not found.user.is_active:
        return None
    return found.user
