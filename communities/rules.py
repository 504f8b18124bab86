"""Who may do what in a community, and if not, why. One implementation, reused everywhere.

`CommunityAccess(user, community)` answers every question for one user and one community with
two queries (their membership, and the visibility rule). `refusal(action, feature=...)` says
in words why someone may not do something here (or "" when they may), from the one table of
wordings below, and `require(...)` raises it as `core.errors.NotAllowed` (the friendly 403
page). Services and views ask it instead of re-deriving reasons:

    CommunityAccess(user, community).require("post", feature="forum", doing="post in its forum")

Ask CommunityAccess, never `user.has_perm`: Django's ModelBackend answers True to every
has_perm for a superuser, which would let a superuser post into an archived community.
"""

from functools import cached_property

from django.utils.translation import gettext_lazy as _

from core import features as feature_registry
from core.errors import NotAllowed

from .models import Community, Membership, is_signed_in, is_site_admin

# The one table of refusal wordings. `{community}` is a community's name; `{doing}` what was
# attempted ("post in its forum"); `{noun}` a feature's noun. Services and views refuse with
# `refuse(key, ...)` (or CommunityAccess.require), never with a sentence of their own.
WORDINGS = {
    # About a community.
    "no_feature": _("{community} has no {noun}."),
    "archived": _("{community} has closed down: it is a read-only archive."),
    "not_in_closedown": _("{community} is not in closedown."),
    "not_open": _("{community} is not open yet."),
    "members_only": _("Only members of {community} can {doing}."),
    "facilitators_only": _("Only the facilitators of {community} can {doing}."),
    # About an item.
    "cannot_see": _("You cannot see this item."),
    "author_or_facilitator": _("Only its author or a facilitator can {doing}."),
    "a_facilitator": _("Only a facilitator can {doing}."),
    "locked": _("This topic is locked: a facilitator has closed it to new replies."),
    "post_author": _("Only the person who wrote a post can edit it, while the community is open."),
    "topic_starter": _("Only the person who started a topic or a facilitator can delete it."),
    "asker": _("Only the person who asked or a facilitator can choose the answer."),
    "comment_author": _("Only the person who wrote a comment can edit it."),
    "uploader": _("Only the person who uploaded it or a facilitator can delete it."),
    "document_details": _(
        "Only the person who uploaded a document or a facilitator can change its details."
    ),
    "hidden_entry": _("A facilitator has hidden this entry; it cannot be edited."),
    "blog_author": _("Only the author can {doing}."),
    "comment_members": _("Only members can comment here, and not in a closed community."),
    "comment_closed": _("Comments here can no longer be changed."),
    "helpful_members": _("Only members of this community can mark things as helpful."),
    "own_helpful": _("You cannot mark your own contribution as helpful."),
    "cannot_report": _("You cannot report this."),
    "tag_members": _(
        "Only members of the community this is in can tag it, while the community is open."
    ),
}


def refusal(key, **words):
    """The sentence for a refusal, from the one table."""
    return WORDINGS[key].format(**words)


def refuse(key, **words):
    """Raise NotAllowed (the friendly 403 page) with the sentence for `key`."""
    raise NotAllowed(refusal(key, **words))


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
    def can_manage(self):
        """Run something for the community (a poll): facilitators and site admins, while it
        is live and open."""
        return self.can_moderate and self.community.is_live and not self.community.is_archived

    @property
    def can_admin(self):
        """Change settings, stage and sub-communities. Today the same people as can_moderate;
        kept separate from can_moderate, which archived communities keep."""
        return (
            self.can_view and self.community.is_live and (self.is_facilitator or self.is_site_admin)
        )

    # --- refusals --------------------------------------------------------------------------
    def refusal(self, action, *, feature=None, doing=None):
        """Why `user` may not do `action` here, in words, or "" when they may.

        `action` is "post" (add or change content: members of a live, open community),
        "manage" (run something for the community, such as a poll: facilitators and site
        admins of a live, open community), "moderate" (facilitators and site admins, archived
        communities included) or "admin" (change settings: facilitators and site admins of a
        live community). With `feature`, the community must also have that feature switched on.
        """
        community = self.community
        words = {"community": community.name, "doing": doing or _("do that")}
        if feature is not None and not community.has_feature(feature):
            declared = feature_registry.feature(feature)
            return WORDINGS["no_feature"].format(
                noun=declared.noun if declared else feature, **words
            )
        if action in ("post", "manage"):
            allowed = self.can_post if action == "post" else self.can_manage
            if allowed:
                return ""
            if community.is_archived:
                return WORDINGS["archived"].format(**words)
            if not community.is_live:
                return WORDINGS["not_open"].format(**words)
            who = "members_only" if action == "post" else "facilitators_only"
            return WORDINGS[who].format(**words)
        allowed = {"moderate": self.can_moderate, "admin": self.can_admin}[action]
        return "" if allowed else WORDINGS["facilitators_only"].format(**words)

    def require(self, action, *, feature=None, doing=None):
        """Raise NotAllowed with the refusal's words unless `user` may do `action` here."""
        reason = self.refusal(action, feature=feature, doing=doing)
        if reason:
            raise NotAllowed(reason)

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
            return _(
                "%(community)s has closed down: it is a read-only archive and not "
                "taking new members."
            ) % {"community": community.name}
        if not community.is_live:
            return _("%(community)s is not open yet.") % {"community": community.name}
        if not self.parent_allows_membership:
            return _("Only members of %(parent)s can join %(community)s.") % {
                "parent": community.parent.name,
                "community": community.name,
            }
        return ""


__all__ = ["Community", "CommunityAccess", "WORDINGS"]
