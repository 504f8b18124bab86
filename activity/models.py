"""The one event log: every meaningful action writes one `Activity` row.

Streams ("What's happening", each community's recent activity, the public conversations page),
alert digests and usage metrics all read this table; none of them re-derive "what's new" from the
feature apps. Rows are written by `activity.services.record` from the feature apps' services.

Each row names two things:

* the **target** — what the action created or changed (a reply, a wiki revision, a rating, a
  membership);
* the **subject** — what people follow and what the row is *about* (the topic a reply belongs to,
  the wiki page that was edited, the document that was rated). Subscriptions to "a single topic or
  document" match on the subject; streams and digests group by it.

`title`, `excerpt` and `url` are denormalised at write time so that nothing that reads the log has
to fetch targets row by row.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import MAX_DEPTH, Community, Membership, archived_condition, is_signed_in
from communities.querysets import visible_ids
from communities.sight import sight_of

from . import verbs

# Verbs are declared by the log itself and by each feature (activity/verbs.py); `Verb.NAME`
# looks one up by name.
Verb = verbs.Verbs


def personal_subject_models():
    """The models rows may be about without a community (personal blog entries), from the
    feature declarations."""
    found = []
    for label in verbs.personal_subject_labels():
        try:
            found.append(apps.get_model(label))
        except LookupError:
            continue
    return found


def communities_open_to_everyone(ids):
    """Of the community `ids`, those every signed-in member may see, by the one rule: asked for
    an active member who belongs to nothing (visibility only grows with memberships, so what
    they see, everyone signed in sees). Senders compute this once per batch."""
    from django.contrib.auth import get_user_model

    belongs_to_nothing = get_user_model()(pk=0, is_active=True)
    visible = Community.objects.visible_to(belongs_to_nothing).filter(pk__in=list(ids))
    return set(visible.values_list("pk", flat=True))


def _open_to_everyone(prefix="community__"):
    """Approved, public, and every ancestor public: the content every signed-in member sees.

    Only ever used to NARROW a queryset already filtered by `visible_to` (the public
    conversations page shows the shared space, not a site admin's view of private ones).
    """

    def level(n):
        p = prefix + "parent__" * n
        here = Q(**{f"{p}status": Community.Status.APPROVED, f"{p}visibility": "public"})
        if n == MAX_DEPTH:
            return here
        return here & (Q(**{f"{p}parent__isnull": True}) | level(n + 1))

    return level(0)


class ActivityQuerySet(models.QuerySet):
    def shown(self):
        """Rows whose target still exists and is not hidden (see services.hide_for)."""
        return self.filter(target_hidden=False, subject_hidden=False)

    def visible_to(self, user):
        """What `user` may see, by the one visibility rule, plus the explicit personal rule.

        Community activity is visible exactly when the community's content is
        (`Community.objects.visible_to`) and the row's feature (if any) is switched on there.
        Rows about a personal subject (a blog entry, declared by its feature) must ALSO
        pass the entry's own rule (`BlogEntry.objects.visible_to`: an inactive blog is for its
        author only; an entry published only into private communities is for their members).
        Activity without a community can only be a personal blog entry or a comment on one
        (services.record refuses anything else) and is visible exactly when that entry is.
        Hidden rows never show.
        """
        if not is_signed_in(user):
            return self.none()
        from django.contrib.contenttypes.models import ContentType

        sight = sight_of(user)
        personal_types, personal_seen = [], Q(pk__in=[])
        for model in personal_subject_models():
            content_type = ContentType.objects.get_for_model(model)
            personal_types.append(content_type.pk)
            personal_seen |= Q(subject_type=content_type) & visible_ids(model, user, "subject_id")
        community_rows = sight.rows_q() & (~Q(subject_type__in=personal_types) | personal_seen)
        personal_rows = Q(community__isnull=True, verb__in=verbs.personal()) & personal_seen
        return self.shown().filter(community_rows | personal_rows)

    def visible_among(self, user, rows, *, community_sight=None):
        """Ids of `rows` (Activity objects already fetched) that `user` may see.

        The same rule as `visible_to`, applied to rows in hand: one
        `Community.objects.visible_to(user)` query for their communities, plus one
        `<subject model>.visible_to(user)` query per kind of personal subject among them. The
        digest and alert senders call this once per recipient, at send time; a test checks it
        agrees with `visible_to` row for row. `community_sight` (an activity.visibility
        .CommunitySight) answers the communities part for a whole batch of recipients with
        fewer queries; by default it is one query for this person.
        """
        if not is_signed_in(user):
            return set()
        from django.contrib.contenttypes.models import ContentType

        rows = [row for row in rows if not row.is_hidden]
        personal = {
            ContentType.objects.get_for_model(model).pk: model
            for model in personal_subject_models()
        }
        community_ids = {row.community_id for row in rows if row.community_id is not None}
        if not community_ids:
            seen_communities, switched_on = set(), {}
        elif community_sight is not None:
            seen_communities = community_sight(user, community_ids)
            switched_on = community_sight.features
        else:
            sight = sight_of(user)
            switched_on = {pk: sight.features[pk] for pk in community_ids if pk in sight}
            seen_communities = set(switched_on)
        # Only rows without a community need the personal verbs (a registry walk per call).
        personal_verbs = (
            verbs.personal() if any(row.community_id is None for row in rows) else frozenset()
        )
        wanted = {}
        for row in rows:
            if row.subject_type_id in personal:
                wanted.setdefault(row.subject_type_id, set()).add(row.subject_id)
        seen_subjects = set()
        for type_id, ids in wanted.items():
            visible = personal[type_id]._default_manager.visible_to(user).filter(pk__in=ids)
            seen_subjects |= {(type_id, pk) for pk in visible.values_list("pk", flat=True)}

        def allowed(row):
            subject_ok = (row.subject_type_id, row.subject_id) in seen_subjects
            if row.community_id is not None:
                return (
                    row.community_id in seen_communities
                    and (not row.feature or row.feature in switched_on.get(row.community_id, ()))
                    and (row.subject_type_id not in personal or subject_ok)
                )
            return row.verb in personal_verbs and row.subject_type_id in personal and subject_ok

        return {row.pk for row in rows if allowed(row)}

    def in_communities_of(self, user):
        """The "my communities only" filter: communities `user` belongs to."""
        return self.filter(
            community__in=Membership.objects.filter(user=user).values("community_id")
        )

    def in_community(self, community):
        return self.filter(community=community)

    def open_to_everyone(self):
        """Narrowing only: rows from communities open to every signed-in member, and personal
        blog rows (which visible_to already limits to the personal verbs)."""
        return self.filter(Q(community__isnull=True) | _open_to_everyone())

    def conversations(self):
        return self.filter(verb__in=verbs.conversation())

    def content(self):
        return self.filter(verb__in=verbs.content())

    def between(self, start, end):
        return self.filter(created__gte=start, created__lt=end)

    def for_digest(self, start, end):
        """Candidates for digests in [start, end): the per-recipient visibility rule is applied
        afterwards, at send time, by alerts.digests (never skipped)."""
        return (
            self.shown()
            .between(start, end)
            .filter(verb__in=verbs.digest())
            .exclude(archived_condition("community__") & ~Q(verb=verbs.STAGE_CHANGED))
        )

    def newest_first(self):
        return self.select_related("actor", "community").order_by("-created", "-pk")


class Activity(models.Model):
    Verb = Verb

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verb = models.CharField(max_length=32)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, null=True, blank=True, related_name="activities"
    )
    feature = models.CharField(max_length=16, blank=True)
    title = models.CharField(max_length=200)
    excerpt = models.CharField(max_length=300, blank=True)
    url = models.CharField(max_length=500)
    # Hidden because the target was deleted/hidden, or because the subject was (a removed topic
    # hides its replies' rows). Two flags, so restoring a topic does not bring back a reply that
    # was removed on its own.
    target_hidden = models.BooleanField(default=False)
    subject_hidden = models.BooleanField(default=False)
    created = models.DateTimeField(default=timezone.now)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name_plural = _("activities")
        ordering = ["-created", "-pk"]
        indexes = [
            # The streams newest first, in the order they are paged (created, then id): with
            # only `created` indexed, PostgreSQL may sort every visible row to take a page.
            models.Index(fields=["created", "id"], name="activity_newest"),
            models.Index(fields=["community", "created", "id"], name="activity_community_newest"),
            models.Index(fields=["actor", "created"], name="activity_actor_created"),
            models.Index(fields=["verb", "created"], name="activity_verb_created"),
            models.Index(fields=["target_type", "target_id"], name="activity_target"),
            models.Index(fields=["subject_type", "subject_id"], name="activity_subject"),
        ]

    def __str__(self):
        return f"{self.actor_name} {self.phrase} {self.title}"

    @property
    def is_hidden(self):
        return self.target_hidden or self.subject_hidden

    @property
    def actor_name(self):
        return self.actor.display_name if self.actor_id and self.actor else _("A former member")

    @property
    def phrase(self):
        try:
            return str(verbs.verb(self.verb).phrase)
        except ValueError:
            return self.verb.replace("_", " ")

    @property
    def is_conversation(self):
        return self.verb in verbs.conversation()

    @property
    def subject_key(self):
        return (self.subject_type_id, self.subject_id)

    @property
    def action_key(self):
        """The same action logged in several places (a blog entry published into two
        communities) shares this key; alerts and digests send it once."""
        return action_key_of(self, verbs.personal())


def action_key_of(row, personal):
    """`row.action_key`, with `personal` (verbs.personal()) looked up once by the caller: a
    digest batch asks for thousands of rows, and the lookup walks the feature registry."""
    if row.verb in personal and row.verb != verbs.COMMENT_POSTED:
        return f"{row.verb}:{row.subject_type_id}:{row.subject_id}"
    return f"{row.verb}:{row.target_type_id}:{row.target_id}"
