"""The "My communities" panel on My home (registered from CommunitiesConfig.ready)."""

from django.db.models import Count, Q, Window
from django.utils import timezone

from core.queries import count_together
from core.services import register_home_section

from .models import Community, Invitation, Membership, MembershipRequest, is_site_admin

MY_COMMUNITIES_SHOWN = 12


@register_home_section
def my_communities(user):
    """My communities, with what waits on the member (invitations, requests, proposals) and, for
    facilitators, on them. The waiting lists are counted together first, in one query, and read
    only when something waits, which is seldom."""
    memberships = (
        Membership.objects.filter(user=user, community__status=Community.Status.APPROVED)
        .select_related("community")
        .order_by("-community__last_activity_at")
    )
    # The total comes with the rows, from a window count over the same query.
    shown = list(memberships.annotate(total=Window(Count("pk")))[:MY_COMMUNITIES_SHOWN])
    pending_requests = MembershipRequest.objects.filter(
        user=user, state=MembershipRequest.State.PENDING
    ).select_related("community")
    proposals = (
        Community.objects.filter(proposed_by=user, parent__isnull=True)
        .exclude(status=Community.Status.APPROVED)
        .order_by("-created")
    )
    invitations = Invitation.objects.filter(
        Q(user=user) | Q(user__isnull=True, email__iexact=user.email),
        state=Invitation.State.PENDING,
        expires_at__gt=timezone.now(),
    ).select_related("community", "invited_by")
    # A facilitator's day starts with the membership requests and their reasons.
    to_decide = MembershipRequest.objects.filter(
        state=MembershipRequest.State.PENDING,
        community__memberships__user=user,
        community__memberships__role=Membership.Role.FACILITATOR,
    )
    waiting = count_together(pending_requests, proposals, invitations, to_decide)
    return {
        "template": "communities/includes/_home_section.html",
        "memberships": shown,
        "membership_total": shown[0].total if shown else 0,
        "pending_requests": list(pending_requests) if waiting[0] else [],
        "proposals": list(proposals[:5]) if waiting[1] else [],
        "invitations": list(invitations) if waiting[2] else [],
        "requests_to_decide": (
            list(
                to_decide.values("community__name", "community__slug")
                .annotate(waiting=Count("pk"))
                .order_by("community__name")
            )
            if waiting[3]
            else []
        ),
        "awaiting_review": (
            Community.objects.pending().filter(parent__isnull=True).count()
            if is_site_admin(user)
            else None
        ),
    }
