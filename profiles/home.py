"""The "People and messages" panel on My home (registered from ProfilesConfig.ready).

Unread conversations first (people keep the conversation going between meetings),
then a nudge to fill in expertise and interests, since the people finder and People like me
only work for members who have said what they know and want to learn.
"""

from core.services import register_home_section

from .models import ExpertiseTag, InterestTag, Participant
from .services import profile_for

UNREAD_SHOWN = 3


@register_home_section
def people_and_messages(user):
    profile = profile_for(user)
    unread = list(
        Participant.objects.filter(user=user, archived=False)
        .unread()
        .select_related("conversation", "other")
        # The inbox's order, to the row: equal timestamps must not leave it to the database.
        .order_by("-last_message_at", "-pk")[:UNREAD_SHOWN]
    )
    has_tags = (
        ExpertiseTag.objects.filter(content_object=profile).exists()
        or InterestTag.objects.filter(content_object=profile).exists()
    )
    return {
        "template": "profiles/includes/_home_section.html",
        "unread": unread,
        "has_tags": has_tags,
        "profile": profile,
    }
