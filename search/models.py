"""The one search index: a row per searchable item, whatever app it comes from.

Rows are written only by search.services (from each app's services, after commit) and by
`manage.py rebuild_search_index`. On PostgreSQL `search_vector` holds the weighted tsvector
(title A, tags B, body C) behind a GIN index created by migration 0002 (PostgreSQL only); on
SQLite it stays empty and search falls back to substring matching (search/query.py).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communities.models import is_signed_in
from communities.querysets import community_in
from communities.sight import sight_of

from .registry import adapters


class SearchDocumentQuerySet(models.QuerySet):
    def visible_to(self, user, *, use_community_index=True, kinds=None):
        """Rows whose item `user` may see: the communities rule on the row's community, or the
        model's own rule for kinds that have one (blog entries). Kinds nobody registered are
        never shown (fail closed).

        `use_community_index=False` checks the community row by row instead of through its
        index: a text search finds its candidates in the GIN index, and AND-ing those with a
        bitmap of every visible community's rows (most of the table) costs more than it saves.

        The communities `user` can see are read first (one small query through
        Community.objects.visible_to, the one rule, with their enabled features) and passed as a
        list: PostgreSQL plans a search over a million rows far better with a plain list than
        with the rule's nested subqueries, and the rule itself is unchanged. A kind that belongs
        to a community feature (wiki pages to "wiki"…) is limited to the communities that have
        it switched on.
        """
        if not is_signed_in(user):
            return self.none()
        registered = [a for a in adapters() if kinds is None or a.kind in kinds]
        # Every community whose content `user` may see (all of them for site admins:
        # moderation), narrowed for a kind that belongs to a feature to those with it switched
        # on: a switched-off feature hides its items from everyone, as its pages do. The sets
        # are worked out once per feature and request (Sight.ids).
        sight = sight_of(user)
        by_ids = {}  # one condition per distinct set of communities (usually a single one)
        for adapter in registered:
            if adapter.uses_community_rule:
                by_ids.setdefault(sight.ids(adapter.feature), []).append(adapter.kind)
        condition = Q(pk__in=[])
        for ids, community_kinds in by_ids.items():
            condition |= Q(kind__in=community_kinds) & community_in(
                ids, use_index=use_community_index
            )
        for adapter in registered:
            if not adapter.uses_community_rule:
                ids = sight.ids(adapter.feature) if adapter.feature is not None else ()
                condition |= Q(kind=adapter.kind) & adapter.visible_q(user, ids)
        return self.filter(condition)

    def in_community(self, community, *, kinds=None):
        condition = Q(pk__in=[])
        for adapter in adapters():
            if kinds is not None and adapter.kind not in kinds:
                continue
            condition |= Q(kind=adapter.kind) & adapter.in_community_q(community)
        return self.filter(condition)

    def of_kinds(self, kinds):
        return self.filter(kind__in=kinds)


class SearchDocument(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=20)
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    tags = models.TextField(blank=True, help_text=_("The item's tag names, comma separated."))
    url = models.CharField(max_length=500)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField()
    updated = models.DateTimeField()
    indexed_at = models.DateTimeField(auto_now=True)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = SearchDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-updated", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="searchdocument_one_per_item"
            )
        ]
        indexes = [
            models.Index(fields=["community", "-updated"], name="searchdoc_community_updated"),
            models.Index(fields=["kind", "-updated"], name="searchdoc_kind_updated"),
            # Lists order by (-updated, -pk): with both in the index a page of the newest stops
            # after its rows, where equal times would otherwise make PostgreSQL sort them all.
            models.Index(fields=["-updated", "-id"], name="searchdoc_updated"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.url

    @property
    def tag_list(self):
        return [name for name in (t.strip() for t in self.tags.split(",")) if name]

    @property
    def type_label(self):
        from .registry import adapter_for_kind

        adapter = adapter_for_kind(self.kind)
        return adapter.label if adapter else self.kind


class DocumentTag(models.Model):
    """One row per (index row, tag on its item), with the index row's `updated`: the tag pages'
    index. A popular tag's newest visible items are read by walking (tag, updated, id) newest
    first and stopping at a page, where walking the whole index newest first and asking each
    row whether it carries the tag reads hundreds of thousands of rows when the tag's items are
    not the newest. Derived, never read on its own: every read joins the index row and goes
    through SearchDocument.objects.visible_to. Written with the index row (search.services) and
    when a tag is added or removed (tags.services); its rows go with the index row."""

    # Both looked up through the indexes below (no index of their own).
    document = models.ForeignKey(
        SearchDocument, on_delete=models.CASCADE, related_name="tag_rows", db_index=False
    )
    tag = models.ForeignKey(
        "taggit.Tag", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    updated = models.DateTimeField()
    kind = models.CharField(max_length=20)  # the index row's (it never changes)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "tag"], name="documenttag_once")]
        indexes = [
            models.Index(fields=["tag", "-updated", "-document"], name="documenttag_newest"),
            # A tag page narrowed to one type walks only that type's rows.
            models.Index(
                fields=["tag", "kind", "-updated", "-document"], name="documenttag_kind_newest"
            ),
        ]

    def __str__(self):
        return f"{self.tag_id} on {self.document_id}"
