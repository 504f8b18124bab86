"""The "People and messages" panel on My home (registered from ProfilesConfig.ready).

Unread conversations first (people keep the conversation going between meetings),
then a nudge to fill in expertise and interests, since the people finder and People like me
only work for members who have said what they know and want to learn.
"""

from django.db.models import Exists, OuterRef

from core.services import register_home_section

from .models import ExpertiseTag, InterestTag, Participant, Profile
from .services import profile_for

UNREAD_SHOWN = 3


@register_home_section
def people_and_messages(user):
    conversations = Participant.objects.filter(user=user, archived=False).unread()
    # The profile, whether it lists any expertise or interest, and whether any conversation
    # waits unread, in one query; the unread conversations are read only when one waits.
    profile = (
        Profile.objects.filter(user=user)
        .annotate(
            has_tags=Exists(ExpertiseTag.objects.filter(content_object=OuterRef("pk")))
            | Exists(InterestTag.objects.filter(content_object=OuterRef("pk"))),
            has_unread=Exists(conversations),
        )
        .first()
    ) or profile_for(user)
    unread = []
    if getattr(profile, "has_unread", True):
        unread = list(
            conversations.select_related("conversation", "other")
            # The inbox's order, to the row: equal timestamps must not leave it to the database.
            .order_by("-last_message_at", "-pk")[:UNREAD_SHOWN]
        )
    has_tags = getattr(profile, "has_tags", False)
    return {
        "template": "profiles/includes/_home_section.html",
        "unread": unread,
        "has_tags": has_tags,
        "profile": profile,
    }
