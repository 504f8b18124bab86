"""Who may see a person's profile, and which of their contact details. Decided here only.

Every page, list, export or email that shows a contact detail asks `visible_fields`; every view
that shows a profile (or its photo) asks `can_view_profile`. Communities a person belongs to are
not decided here: that is the communities app's rule (`Community.objects.visible_to`).

Roles, as the tests name them (tests/profiles/test_privacy.py):

* self — sees every field of their own profile, whatever its setting;
* contact — someone the owner marked as a contact: "Everyone signed in" and "My contacts" fields;
* other member — "Everyone signed in" fields only;
* blocked member — someone the owner blocked: cannot see the profile at all (404), so no fields;
* site admin — no extra powers over personal details: an admin is a member like any other here
  (moderation does not need someone's private phone number);
* anonymous, or a suspended account — nothing: profiles are for signed-in members only.

Nobody sees the profile of an account `User.objects.findable()` leaves out (deactivated, or
its email address never verified), whatever their role.
"""

from dataclasses import dataclass
from enum import Enum

from django.utils.translation import gettext_lazy as _

from .models import Block, Contact, Visibility

# Contact details in the order pages list them; each has a `<name>_visibility` column.
CONTACT_FIELDS = ("email", "phone", "website", "social_links")
FIELD_LABELS = {
    "email": _("Email"),
    "phone": _("Phone"),
    "website": _("Website"),
    "social_links": _("Social media"),
}


class Relation(Enum):
    SELF = "self"
    CONTACT = "contact"
    MEMBER = "member"
    BLOCKED = "blocked"
    NONE = "none"


# Which settings each relation may see.
AUDIENCE = {
    Relation.SELF: {Visibility.MEMBERS, Visibility.CONTACTS, Visibility.ONLY_ME},
    Relation.CONTACT: {Visibility.MEMBERS, Visibility.CONTACTS},
    Relation.MEMBER: {Visibility.MEMBERS},
    Relation.BLOCKED: set(),
    Relation.NONE: set(),
}


def is_signed_in(user):
    """Suspended (inactive) accounts count as signed out, as everywhere on the site."""
    return bool(user is not None and user.is_authenticated and user.is_active)


def _owner_blocked(viewer, profile):
    annotated = getattr(profile, "viewer_is_blocked", None)
    if annotated is not None:
        return annotated
    return Block.objects.filter(blocker_id=profile.user_id, blocked=viewer).exists()


def _owner_listed_as_contact(viewer, profile):
    annotated = getattr(profile, "viewer_is_contact", None)
    if annotated is not None:
        return annotated
    return Contact.objects.filter(owner_id=profile.user_id, contact=viewer).exists()


def relation(viewer, profile):
    """How `viewer` stands to the owner of `profile`, for deciding what they may see.

    Lists annotate `viewer_is_blocked` / `viewer_is_contact` on each profile (see
    finder.with_viewer_relation) so that this costs no query per person.
    """
    if not is_signed_in(viewer):
        return Relation.NONE
    if viewer.pk == profile.user_id:
        return Relation.SELF
    if not profile.active:  # User.objects.findable(): active, with a verified email address
        return Relation.NONE
    if _owner_blocked(viewer, profile):
        return Relation.BLOCKED
    if _owner_listed_as_contact(viewer, profile):
        return Relation.CONTACT
    return Relation.MEMBER


def can_view_profile(viewer, profile):
    """Signed-in members see the profiles of findable members (active, with a verified email
    address: `User.objects.findable()`), except of someone who blocked them.

    Being hidden from the people finder does not hide the profile itself: the person's name
    still links here from what they post (see docs/profiles.md).
    """
    return relation(viewer, profile) in (Relation.SELF, Relation.CONTACT, Relation.MEMBER)


@dataclass(frozen=True)
class ContactDetail:
    name: str
    label: str
    value: object  # a string, or a list of strings for social_links
    visibility: str
    visibility_label: str


def _value(profile, name):
    if name == "email":
        return profile.user.email
    if name == "social_links":
        return profile.social_link_list
    return getattr(profile, name)


def visible_fields(viewer, profile):
    """The contact details `viewer` may see on `profile`, in display order, empty ones left out.

    The single decision for every field × every viewer: the profile page, the people finder,
    the data export and anything later all call this.
    """
    allowed = AUDIENCE[relation(viewer, profile)]
    details = []
    for name in CONTACT_FIELDS:
        visibility = getattr(profile, f"{name}_visibility")
        if visibility not in allowed:
            continue
        value = _value(profile, name)
        if not value:
            continue
        details.append(
            ContactDetail(
                name=name,
                label=FIELD_LABELS[name],
                value=value,
                visibility=visibility,
                visibility_label=Visibility(visibility).label,
            )
        )
    return details
