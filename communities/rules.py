"""Who may do what in a community. One implementation of each rule, reused everywhere.

`CommunityAccess(user, community)` answers every question for one user and one community with
two queries (their membership, and the visibility rule); the predicates below wrap it for code
that asks one question at a time, and for composing rules in later apps:

    from communities.rules import can_post
    if not can_post(request.user, topic.community): raise PermissionDenied

Use the predicates directly (or `rules.test_rule("communities.can_post", user, community)`),
not `user.has_perm`: Django's ModelBackend answers True to every has_perm for a superuser,
which would let a superuser post into an archived community.
"""

from functools import cached_property

import rules

from .models import Community, Membership, is_signed_in, is_site_admin


class CommunityAccess:
    def __init__(self, user, community):
        self.user = user
        self.community = community
        self.signed_in = is_signed_in(user)
        self.is_site_admin = is_site_admin(user)

    @cached_property
    def membership(self):
        if not self.signed_in:
            return None
        return Membership.objects.filter(user=self.user, community=self.community).first()

    @cached_property
    def can_view(self):
        """Content visible: delegates to the one rule, Community.objects.visible_to."""
        return self.community.can_view(self.user)

    @cached_property
    def is_listed(self):
        return self.can_view or self.community.is_listed_to(self.user)

    @property
    def is_member(self):
        return self.membership is not None

    @property
    def is_facilitator(self):
        return self.membership is not None and self.membership.is_facilitator

    @property
    def can_post(self):
        """Add content: a member of a live community that is not archived."""
        return (
            self.can_view
            and self.is_member
            and self.community.is_live
            and not self.community.is_archived
        )

    @property
    def can_moderate(self):
        """Decide requests, remove members, moderate content: facilitators and site admins.
        Still allowed in an archived community (tidying up is part of closedown)."""
        return self.can_view and (self.is_facilitator or self.is_site_admin)

    @property
    def can_admin(self):
        """Change settings, stage and sub-communities. Today the same people as can_moderate;
        kept separate so a later "moderator" role can moderate without changing settings."""
        return (
            self.can_view and self.community.is_live and (self.is_facilitator or self.is_site_admin)
        )

    @cached_property
    def parent_allows_membership(self):
        """Membership of a sub-community needs membership of a private parent, or sight of a
        public one."""
        parent = self.community.parent
        if parent is None:
            return True
        if parent.is_private:
            return Membership.objects.filter(user=self.user, community=parent).exists()
        return CommunityAccess(self.user, parent).can_view

    @property
    def _open_for_joining(self):
        return (
            self.signed_in
            and not self.is_member
            and self.community.is_live
            and not self.community.is_archived
        )

    @property
    def can_join(self):
        """One-click join: public communities whose content the user can already see."""
        return (
            self._open_for_joining
            and self.community.is_public
            and self.can_view
            and self.parent_allows_membership
        )

    @property
    def can_request(self):
        """Ask to join: private communities listed to the user."""
        return (
            self._open_for_joining
            and self.community.is_private
            and self.is_listed
            and self.parent_allows_membership
        )

    @property
    def can_leave(self):
        return self.is_member

    @property
    def membership_blocked_reason(self):
        """Why the user cannot join, in words, or "" when they can (or already belong)."""
        community = self.community
        if self.is_member or self.can_join or self.can_request:
            return ""
        if community.is_archived:
            return (
                f"{community.name} has closed down: it is a read-only archive and not "
                "taking new members."
            )
        if not community.is_live:
            return f"{community.name} is not open yet."
        if not self.parent_allows_membership:
            return f"Only members of {community.parent.name} can join {community.name}."
        return ""


@rules.predicate
def can_view(user, community):
    return CommunityAccess(user, community).can_view


@rules.predicate
def can_post(user, community):
    return CommunityAccess(user, community).can_post


@rules.predicate
def can_moderate(user, community):
    return CommunityAccess(user, community).can_moderate


@rules.predicate
def can_admin(user, community):
    return CommunityAccess(user, community).can_admin


@rules.predicate
def can_join(user, community):
    return CommunityAccess(user, community).can_join


@rules.predicate
def can_request(user, community):
    return CommunityAccess(user, community).can_request


@rules.predicate
def site_admin(user):
    return is_site_admin(user)


rules.add_rule("communities.can_view", can_view)
rules.add_rule("communities.can_post", can_post)
rules.add_rule("communities.can_moderate", can_moderate)
rules.add_rule("communities.can_admin", can_admin)
rules.add_rule("communities.can_join", can_join)
rules.add_rule("communities.can_request", can_request)
rules.add_rule("communities.review_proposals", site_admin)

__all__ = ["Community", "CommunityAccess"]
