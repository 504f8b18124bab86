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


class SignInPolicy(models.Model):
    """The site's sign-up and sign-in rules, one row, edited by site admins in Django admin."""

    allowed_signup_domains = models.TextField(
        _("email domains allowed to sign up"),
        blank=True,
        help_text=_(
            "One domain per line, such as example.org. Leave empty to let anyone sign up. "
            "Applies to sign-up with a password and with single sign-on; existing accounts "
            "can still sign in."
        ),
    )
    require_two_factor_for_staff = models.BooleanField(
        _("require two-factor for admins and facilitators"),
        default=False,
        help_text=_(
            "Site admins and community facilitators without two-factor authentication are "
            "sent to set it up when they next sign in, before they can use the site."
        ),
    )

    class Meta:
        verbose_name = _("sign-in policy")
        verbose_name_plural = _("sign-in policy")

    def __str__(self):
        return str(_("Sign-in policy"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def current(cls):
        """The policy in force (the defaults when no admin has saved one)."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    @property
    def domains(self):
        return sorted(
            {
                line.strip().lower().lstrip("@").rstrip(".")
                for line in self.allowed_signup_domains.replace(",", "\n").splitlines()
                if line.strip()
            }
        )

    def allows_signup(self, email):
        domains = self.domains
        if not domains:
            return True
        return email.rpartition("@")[2].strip().lower().rstrip(".") in domains
