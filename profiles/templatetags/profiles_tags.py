from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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


@register.simple_tag
def avatar(user, size="medium", alt=""):
    """A member's photo, or a badge with their initials (CSS only: no inline style).

    `alt` is empty by default because the name is always shown next to the avatar; pass one
    where the photo stands alone. Built in Python rather than from an included template: lists
    of people show one per person, and an inclusion tag's own context and template cost more
    than the rest of the avatar.
    """
    profile = getattr(user, "profile", None) if user is not None else None
    size = size if size in AVATAR_SIZES else "medium"
    if profile is not None and profile.photo and user.is_active:
        pixels = AVATAR_SIZES[size]
        return format_html(
            '<img class="avatar avatar--{}" src="{}?v={}" width="{}" height="{}" alt="{}">\n',
            size,
            reverse("profiles:photo", args=[user.username]),
            profile.photo_token,
            pixels,
            pixels,
            alt,
        )
    label = format_html(' role="img" aria-label="{}"', alt) if alt else ' aria-hidden="true"'
    return format_html(
        '<span class="avatar avatar--{} avatar--initials avatar--tone-{}"{}>{}</span>\n',
        size,
        (user.pk or 0) % AVATAR_TONES if user is not None else 0,
        mark_safe(label),  # noqa: S308 - format_html above, or a constant
        initials_of(user.display_name if user is not None else ""),
    )


@register.simple_tag(takes_context=True)
def contact_details_for(context, profile):
    """The contact details the viewer may see, through the one rule (rules.visible_fields)."""
    return visible_fields(context["request"].user, profile)


@register.simple_tag(takes_context=True)
def person_cards(context, profiles, heading="h2"):
    """Each person's card (profiles.cards), for the finder, People like me and contacts."""
    from ..cards import render_cards

    request = context["request"]
    return render_cards(
        profiles,
        heading=heading,
        viewer=request.user,
        csrf_token=context.get("csrf_token"),
        next_url=request.get_full_path(),
    )
