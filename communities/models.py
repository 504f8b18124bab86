"""Communities, who belongs to them, and how they change over time.

The visibility rule itself lives in `CommunityQuerySet.visible_to` (which communities' *content*
a user may see) and `CommunityQuerySet.listed_to` (which communities a user may see *listed* in
the directory); everything else — `Community.can_view`, the predicates in rules.py, the scoped
querysets the feature apps use, and the plain-language sentence — is built on those two.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core import features as feature_registry
from core.models import TimeStampedModel
from core.roles import is_signed_in, is_site_admin

from . import sight

# How deep sub-communities may nest: 0 is a top-level community, so four levels in all.
# Feature inheritance and the plain-language sentence walk the ancestor chain to this depth.
MAX_DEPTH = 3


def all_features():
    """A new community starts with every registered feature switched on."""
    return feature_registry.keys()


def archived_condition(prefix="", now=None):
    """Q for communities that are read-only archives at `now`: in closedown, and past the date
    the facilitators chose (no date: read-only from the move to closedown). `prefix` reaches
    the community from another model ("community__")."""
    now = now or timezone.now()
    return Q(**{f"{prefix}stage__in": Community.ARCHIVED_STAGES}) & (
        Q(**{f"{prefix}read_only_from__isnull": True}) | Q(**{f"{prefix}read_only_from__lte": now})
    )


# The fields the visibility rule reads (communities.sight): changing them in bulk renews its
# caches; counters and last-activity times, updated in bulk all the time, do not.
RULE_FIELDS = frozenset({"status", "visibility", "features", "parent", "parent_id"})


class CommunityQuerySet(models.QuerySet):
    def update(self, **kwargs):
        count = super().update(**kwargs)
        if RULE_FIELDS & kwargs.keys():
            sight.communities_changed()
        return count

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        sight.communities_changed()
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        count = super().bulk_update(objs, fields, *args, **kwargs)
        if RULE_FIELDS & set(fields):
            sight.communities_changed()
        return count

    def live(self):
        """Approved by a site admin (includes archived communities, which stay readable)."""
        return self.filter(status=Community.Status.APPROVED)

    def archived(self, now=None):
        """Read-only archives now: in closedown and past their read-only date."""
        return self.filter(archived_condition(now=now))

    def not_archived(self, now=None):
        """Open for new content: not in closedown, or in closedown before its read-only date."""
        return self.exclude(archived_condition(now=now))

    def pending(self):
        return self.filter(status=Community.Status.PENDING)

    def visible_to(self, user, feature=None):
        """Communities whose CONTENT `user` may see. The one source of the visibility rule.

        With `feature` ("wiki", "documents"…): only those that also have that feature switched
        on, with every ancestor (a switched-off feature's content is hidden exactly like a
        community the user cannot see, from everyone, site admins included).

        - nobody signed out (or suspended) sees anything;
        - site admins see everything, for moderation;
        - anyone else sees an approved community when it is public or they are a member of it,
          AND (for a sub-community) they can also see its parent by this same rule. So a
          sub-community is never looser than its parent: a public sub-community of a private
          community is seen by the parent's members only, and a private one only by members of
          both.

        The rule is worked out in communities.sight (once per request, cached between
        requests); this filters by the ids it gives.
        """
        from .querysets import community_in

        if not is_signed_in(user):
            return self.none()
        return self.filter(community_in(sight.sight_of(user).ids(feature), column="pk"))

    def listed_to(self, user):
        """Communities `user` may see LISTED (name, short description, stage, member count).

        Every approved top-level community is listed to every signed-in member, private ones
        included, so people can find them and ask to join. A sub-community is listed to those
        who can see its parent's content. Pending and rejected proposals are never listed:
        the proposer follows them on "My proposals", site admins on the review queue.
        """
        if not is_signed_in(user):
            return self.none()
        approved = self.filter(status=Community.Status.APPROVED)
        if is_site_admin(user):
            return approved
        parents_visible = Community.objects.visible_to(user).values("pk")
        return approved.filter(Q(parent__isnull=True) | Q(parent__in=parents_visible))

    def enabled_features(self):
        """{pk: set of enabled feature keys} for these communities, in one query: what
        Community.enabled_features says for each (a sub-community only has the features it
        chose AND every parent still has)."""
        chain = ["features"] + [
            "__".join(["parent"] * level + ["features"]) for level in range(1, MAX_DEPTH + 1)
        ]
        result = {}
        for pk, own, *parents in self.order_by().values_list("pk", *chain):
            enabled = set(own or [])
            for features in parents:
                if features is None:  # no parent at this level
                    break
                enabled &= set(features)
            result[pk] = enabled
        return result

    def with_ancestors(self):
        """Load the parent chain the plain-language sentence and feature inheritance read."""
        return self.select_related(*["__".join(["parent"] * n) for n in range(1, MAX_DEPTH + 1)])


class Community(TimeStampedModel):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        PRIVATE = "private", _("Private")

    class Stage(models.TextChoices):
        PLANNING = "planning", _("Planning")
        STARTUP = "startup", _("Start-up")
        NURTURE = "nurture", _("Nurture")
        SUSTAIN = "sustain", _("Sustain")
        CLOSEDOWN = "closedown", _("Closedown")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not approved")

    # Closedown is the one archived stage, from `read_only_from` on (members may still post
    # until then). Every feature reads `is_archived` (or the `archived()` queryset, or
    # `archived_condition`) rather than comparing stages itself; see docs/communities.md.
    ARCHIVED_STAGES = (Stage.CLOSEDOWN,)
    STAGE_ORDER = [stage for stage, _ in Stage.choices]

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    short_description = models.CharField(
        max_length=280, help_text=_("One or two sentences shown in the directory.")
    )
    domain = models.TextField(
        _("domain"), help_text=_("The practice this community is about: the shared problem area.")
    )
    purpose = models.TextField(blank=True)
    intended_members = models.TextField(blank=True)
    photo = models.ImageField(upload_to="communities/photos/", blank=True)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC, db_index=True
    )
    stage = models.CharField(
        max_length=10, choices=Stage.choices, default=Stage.PLANNING, db_index=True
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    features = models.JSONField(default=all_features, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    depth = models.PositiveSmallIntegerField(default=0)
    welcome_message = models.TextField(blank=True)
    ground_rules = models.TextField(blank=True)
    # In closedown, the moment the community becomes a read-only archive; empty means at once.
    read_only_from = models.DateTimeField(null=True, blank=True, db_index=True)

    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_communities",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_communities",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)

    # Denormalised so the directory never counts per card; kept current by services.py.
    member_count = models.PositiveIntegerField(default=0, db_index=True)
    last_activity_at = models.DateTimeField(default=timezone.now, db_index=True)

    # Moves by one with every save of the edit form, which saves only on top of the version
    # it was opened on (core.concurrency.claim_edit): no edit silently overwrites another.
    edit_version = models.PositiveIntegerField(default=1, editable=False)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("communities")
        indexes = [
            models.Index(fields=["name"]),
            models.Index(Lower("name"), name="community_lname"),
            # The directory counts what it lists without reading the wide rows.
            models.Index(fields=["status", "parent"], name="community_listing"),
        ]
        constraints = [
            # A rejected proposal does not hold on to its name.
            models.UniqueConstraint(
                Lower("name"),
                condition=~Q(status="rejected"),
                name="community_unique_live_name",
                violation_error_message=_("A community with this name already exists."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("communities:home", kwargs={"slug": self.slug})

    # --- state -----------------------------------------------------------------------------
    @property
    def is_live(self):
        return self.status == self.Status.APPROVED

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING

    @property
    def is_archived(self):
        """Closedown, from its read-only date on: content stays visible to those who could see
        it; nothing new is added, nobody new joins, the directory labels it "Archived", alerts
        stop and search marks it. Before that date a community in closedown is still open."""
        return self.stage in self.ARCHIVED_STAGES and (
            self.read_only_from is None or self.read_only_from <= timezone.now()
        )

    @property
    def is_closing(self):
        """In closedown but not yet read-only: members can still post until `read_only_from`."""
        return self.stage in self.ARCHIVED_STAGES and not self.is_archived

    @property
    def is_public(self):
        return self.visibility == self.Visibility.PUBLIC

    @property
    def is_private(self):
        return self.visibility == self.Visibility.PRIVATE

    def ancestors(self):
        """Parent first, then grandparent…; uses the select_related chain when loaded."""
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    @property
    def enabled_features(self):
        """A sub-community only has the features it chose AND its parent still has."""
        chosen = set(self.features or [])
        if self.parent is not None:
            chosen &= set(self.parent.enabled_features)
        return [key for key in feature_registry.keys() if key in chosen]

    def has_feature(self, key):
        return key in self.enabled_features

    @property
    def feature_labels(self):
        return [feature_registry.label(key) for key in self.enabled_features]

    # --- visibility --------------------------------------------------------------------------
    def can_view(self, user):
        """The single rule of CommunityQuerySet.visible_to, asked of the ids it filters by
        (worked out once per request), so asking costs no query."""
        return is_signed_in(user) and self.pk in sight.sight_of(user)

    def is_listed_to(self, user):
        """CommunityQuerySet.listed_to for this one community, without a query."""
        if not is_signed_in(user) or self.status != Community.Status.APPROVED:
            return False
        return (
            is_site_admin(user) or self.parent_id is None or self.parent_id in sight.sight_of(user)
        )

    @property
    def audience_community(self):
        """Whose members can see this community's content (None: everyone signed in).

        Mirrors visible_to: the content is open to the members of the innermost private
        community on the chain from here to the top (membership of that one requires
        membership of every private community above it).
        """
        for node in [self, *self.ancestors()]:
            if node.is_private:
                return node
        return None

    @property
    def visibility_sentence(self):
        """Who can see this community's content, in words, from the same rule as visible_to."""
        if self.is_pending:
            return _(
                "Awaiting approval: only the person who proposed it and site administrators "
                "can see this proposal."
            )
        if self.status == self.Status.REJECTED:
            return _(
                "Not approved: only the person who proposed it and site administrators can see it."
            )
        audience = self.audience_community
        if audience is None:
            return _("Visible to everyone signed in to %(site)s.") % {"site": settings.SITE_NAME}
        count = audience.member_count
        return ngettext(
            "Visible to the %(count)s member of %(community)s and to site administrators.",
            "Visible to the %(count)s members of %(community)s and to site administrators.",
            count,
        ) % {"count": count, "community": audience.name}


class MembershipQuerySet(models.QuerySet):
    """Bulk changes to who belongs where renew every member's cached memberships (sight)."""

    def update(self, **kwargs):
        count = super().update(**kwargs)
        if {"user", "user_id", "community", "community_id"} & kwargs.keys():
            sight.memberships_changed()
        return count

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        sight.memberships_changed()
        return created


class Membership(TimeStampedModel):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        FACILITATOR = "facilitator", _("Facilitator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_memberships"
    )
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.MEMBER, db_index=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["community", "user__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "community"], name="membership_unique_user"),
        ]
        indexes = [
            models.Index(fields=["community", "role"]),
            models.Index(fields=["community", "created"]),
            # The community home's people panel reads a community's facilitators from this
            # alone (PostgreSQL otherwise walks every facilitator of the site by role).
            models.Index(
                fields=["community"],
                include=["id", "user", "created", "role"],
                condition=Q(role="facilitator"),
                name="membership_facilitators",
            ),
        ]

    def __str__(self):
        return f"{self.user} in {self.community} ({self.get_role_display()})"

    @property
    def is_facilitator(self):
        return self.role == self.Role.FACILITATOR


class MembershipRequest(TimeStampedModel):
    """A request to join a private community. Kept after the decision, so the history stays."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for a facilitator")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_requests"
    )
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="requests")
    reason = models.TextField(_("why do you want to join?"), max_length=2000)
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_message = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "community"],
                condition=Q(state="pending"),
                name="membership_request_one_pending",
            ),
        ]
        indexes = [models.Index(fields=["community", "state", "created"])]

    def __str__(self):
        return f"{self.user} → {self.community} ({self.state})"

    @property
    def is_pending(self):
        return self.state == self.State.PENDING


class Invitation(TimeStampedModel):
    """A facilitator's invitation, to a member (by username or email) or to an email address.

    An accepted invitation makes the invitee a member without a request, also in a private
    community. Invitations to addresses with no account yet are honoured through the emailed
    link (after signing up) and appear on My home once someone signs up with that address.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for a reply")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        REVOKED = "revoked", _("Withdrawn")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="community_invitations",
    )
    email = models.EmailField(blank=True, db_index=True)
    message = models.TextField(blank=True, max_length=2000)
    token = models.CharField(max_length=64, unique=True)
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"Invitation to {self.community} for {self.user or self.email}"

    @property
    def is_open(self):
        return self.state == self.State.PENDING and self.expires_at > timezone.now()

    @property
    def invitee_label(self):
        return self.user.display_name if self.user_id else self.email


class StageChange(models.Model):
    """The lifecycle history: who moved the community to which stage, when, and why."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=10, choices=Community.Stage.choices, blank=True)
    to_stage = models.CharField(max_length=10, choices=Community.Stage.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(blank=True, max_length=2000)
    created = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"{self.community}: {self.from_stage} → {self.to_stage}"
