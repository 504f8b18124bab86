"""The "My communities" panel on My home (registered from CommunitiesConfig.ready)."""

from django.db.models import Count, Q
from django.utils import timezone

from core.services import register_home_section

from .models import Community, Invitation, Membership, MembershipRequest, is_site_admin

MY_COMMUNITIES_SHOWN = 12


@register_home_section
def my_communities(user):
    memberships = (
        Membership.objects.filter(user=user, community__status=Community.Status.APPROVED)
        .select_related("community")
        .order_by("-community__last_activity_at")
    )
    return {
        "template": "communities/includes/_home_section.html",
        "memberships": memberships[:MY_COMMUNITIES_SHOWN],
        "membership_total": memberships.count(),
        "pending_requests": MembershipRequest.objects.filter(
            user=user, state=MembershipRequest.State.PENDING
        ).select_related("community"),
        "proposals": Community.objects.filter(proposed_by=user, parent__isnull=True)
        .exclude(status=Community.Status.APPROVED)
        .order_by("-created")[:5],
        "invitations": Invitation.objects.filter(
            Q(user=user) | Q(user__isnull=True, email__iexact=user.email),
            state=Invitation.State.PENDING,
            expires_at__gt=timezone.now(),
        ).select_related("community", "invited_by"),
        # A facilitator's day starts with the membership requests and their reasons.
        "requests_to_decide": (
            MembershipRequest.objects.filter(
                state=MembershipRequest.State.PENDING,
                community__memberships__user=user,
                community__memberships__role=Membership.Role.FACILITATOR,
            )
            .values("community__name", "community__slug")
            .annotate(waiting=Count("pk"))
            .order_by("community__name")
        ),
        "awaiting_review": (
            Community.objects.pending().filter(parent__isnull=True).count()
            if is_site_admin(user)
            else None
        ),
    }
