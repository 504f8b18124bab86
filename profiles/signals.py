"""The app's signal receivers: every User gets a Profile as soon as the account exists, and the
profile's copies of the user's name and "findable" state (the people finder searches and sorts
on them) stay current.

This is data integrity rather than a side effect (the finder lists Profile rows, so a user
without one, or with a stale copy, could not be found properly, or would be found when they
should not be), which is why these are receivers and not calls from services: accounts are
created and changed by allauth's signup, email confirmation and email management,
`createsuperuser`, the admin, account settings and the demo data, and all of them must keep
the profile in step. Bulk-created users (which skip signals) get their profile lazily from
services.profile_for.
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
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


@receiver(post_save, sender=EmailAddress, dispatch_uid="profiles_email_address_saved")
@receiver(post_delete, sender=EmailAddress, dispatch_uid="profiles_email_address_deleted")
def email_address_changed(sender, instance, raw=False, **kwargs):
    """Confirming, adding or removing an address can make an account findable or not."""
    if raw:
        return
    try:
        user = instance.user  # usually the caller's own instance: its profile is kept in step too
    except get_user_model().DoesNotExist:
        return
    sync_from_user(user)


def sync_from_user(user):
    """Copy the name and the findable state the people finder filters on (see Profile.name).

    At most one UPDATE, which touches nothing when they already agree. A bulk
    `User.objects.update()` or `EmailAddress.objects.update()` skips signals: call this (or
    `manage.py` shell: `[sync_from_user(u) for u in ...]`) after one, or the finder lists
    people by their old name (or in their old state) until they next change.
    """
    from .models import Profile
    from .services import account_findable

    findable = account_findable(user)
    Profile.objects.filter(user=user).exclude(name=user.name, active=findable).update(
        name=user.name, active=findable
    )
    # A profile already loaded on this user object must not keep the old copy: rules.relation
    # reads `active` from the instance it is given.
    if get_user_model().profile.is_cached(user):
        user.profile.name, user.profile.active = user.name, findable
