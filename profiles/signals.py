"""The app's one signal receiver: every User gets a Profile as soon as the account exists.

This is data integrity rather than a side effect (the people finder lists Profile rows, so a
user without one could not be found), which is why it is a post_save receiver and not a call
from a service: accounts are created by allauth's signup, by `createsuperuser`, by the admin
and by the demo data, and all of them must end up with a profile. Bulk-created users (which
skip signals) get theirs lazily from services.profile_for.
"""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="profiles_create_profile")
def create_profile(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from .services import profile_create

        profile_create(user=instance)
