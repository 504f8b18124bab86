"""The app's one signal receiver: every User gets a Profile as soon as the account exists,
and the profile's copies of the user's name and active flag (the people finder searches and
sorts on them) stay current.

This is data integrity rather than a side effect (the finder lists Profile rows, so a user
without one, or with a stale copy, could not be found properly), which is why it is a
post_save receiver and not a call from a service: accounts are created and changed by
allauth's signup, `createsuperuser`, the admin, account settings and the demo data, and all of
them must keep the profile in step. Bulk-created users (which skip signals) get their profile
lazily from services.profile_for.
"""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

MIRRORED = {"name", "is_active"}


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="profiles_create_profile")
def create_profile(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    if created:
        from .services import profile_create

        profile_create(user=instance)
    elif update_fields is None or MIRRORED & set(update_fields):
        sync_from_user(instance)


def sync_from_user(user):
    """Copy the name and active flag the people finder filters on (see Profile.name).

    One UPDATE that touches nothing when they already agree. A bulk `User.objects.update()`
    skips signals: call this (or `manage.py` shell: `[sync_from_user(u) for u in ...]`) after
    one, or the finder lists people by their old name until they next save.
    """
    from .models import Profile

    Profile.objects.filter(user=user).exclude(name=user.name, active=user.is_active).update(
        name=user.name, active=user.is_active
    )
