from django import template

from ..rules import visible_fields

register = template.Library()

AVATAR_SIZES = {"small": 40, "medium": 64, "large": 160}
AVATAR_TONES = 6


def initials_of(name):
    """ "Priya Shah" → "PS", "Mei" → "M": the letters on the avatar when there is no photo."""
    words = [word for word in (name or "").split() if word[:1].isalpha()]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


@register.inclusion_tag("profiles/includes/_avatar.html")
def avatar(user, size="medium", alt=""):
    """A member's photo, or a badge with their initials (CSS only: no inline style).

    `alt` is empty by default because the name is always shown next to the avatar; pass one
    where the photo stands alone.
    """
    profile = getattr(user, "profile", None) if user is not None else None
    has_photo = bool(profile is not None and profile.photo and user.is_active)
    return {
        "person": user,
        "profile": profile,
        "has_photo": has_photo,
        "size": size if size in AVATAR_SIZES else "medium",
        "pixels": AVATAR_SIZES.get(size, 64),
        "alt": alt,
        "initials": initials_of(user.display_name if user is not None else ""),
        "tone": (user.pk or 0) % AVATAR_TONES if user is not None else 0,
    }


@register.simple_tag(takes_context=True)
def contact_details_for(context, profile):
    """The contact details the viewer may see, through the one rule (rules.visible_fields)."""
    return visible_fields(context["request"].user, profile)
