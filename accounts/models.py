from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class UserQuerySet(models.QuerySet):
    def findable(self):
        """Members other members may see at all: active, with a verified email address.

        Sign-up requires verification (ACCOUNT_EMAIL_VERIFICATION = "mandatory"), so an account
        without a verified address is someone who never finished signing up (or a typo, or a
        bot); a deactivated one is suspended or deleted. Neither is listed, found or shown to
        others anywhere. The people finder filters on a copy of this (`Profile.active`, kept by
        profiles.signals) to stay on its own table and indexes; everything else filters here.
        """
        from allauth.account.models import EmailAddress

        verified = EmailAddress.objects.filter(user=models.OuterRef("pk"), verified=True)
        return self.filter(models.Exists(verified), is_active=True)


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A member. People are shown by their name; the username is only a handle for @mentions."""

    name = models.CharField(_("full name"), max_length=150)

    objects = UserManager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name"])]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.name or gettext("Unnamed member")


def display_name(user):
    """Used by allauth wherever it names a user (ACCOUNT_USER_DISPLAY)."""
    return user.display_name
