"""The "This week" panel on My home, for anyone who facilitates a community."""

from communities.models import Community, Membership
from core.services import register_home_section


@register_home_section
def facilitating(user):
    communities = list(
        Membership.objects.filter(
            user=user,
            role=Membership.Role.FACILITATOR,
            community__status=Community.Status.APPROVED,
        )
        .order_by("community__name")
        .values_list("community__name", "community__slug")[:20]
    )
    return {"template": "facilitation/includes/_home_section.html", "facilitating": communities}
