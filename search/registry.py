"""How a searchable (and taggable) model describes itself to the one search index.

A feature app declares an adapter for each searchable model in its own feature declaration
(`core.features.Feature.search`), for example in events/features.py:

    class EventAdapter(Adapter):
        kind, label, label_plural = "event", "Event", "Events"
        def body(self, event): return html_to_text(event.description)

    register(Feature(..., search=(EventAdapter(Event),)))

An adapter says what goes in the index row (title, plain-text body, url, author, community,
dates) and whether an item should be in the index at all (`is_indexable`: removed or hidden
items are not). Visibility is NOT described here item by item: the index row carries the item's
community, and `SearchDocument.objects.visible_to(user)` applies the communities rule to it,
feature switch included (`feature` is set from the declaring feature). A model whose
`visible_to` is anything other than the plain community rule (personal blog entries, published
into several communities or none) overrides `visible_q` to reuse its own queryset.

The tags app uses the same registry: `kind` is the word in tag URLs, and `tag_community` /
`can_remove_tags` say who may tag an item and who may take tags off it.
"""

from django.apps import apps
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from communities.querysets import CommunityScopedQuerySet
from communities.rules import CommunityAccess
from core import features as feature_registry
from richtext.sanitise import html_to_text

# Index rows keep this much body text: enough for matching and snippets, and it bounds the
# size of each row's tsvector (ranking reads every matching row's vector).
BODY_CHARS = 20_000


class Adapter:
    kind = None  # short word for URLs and the type filter: "wiki", "document", "topic"…
    label = None  # "Wiki page"
    label_plural = None  # "Wiki pages"
    # The community feature the items belong to ("wiki", "documents"…), set by
    # core.features.register: a community that has switched it off shows none of them.
    feature = None

    def __init__(self, model):
        if not self.kind or not self.label:
            raise ValueError(f"{type(self).__name__} needs a kind and a label")
        self.model = model
        self.label_plural = self.label_plural or format_lazy("{}s", self.label)

    # --- what goes in the index -----------------------------------------------------------
    def queryset(self):
        """Every item, for rebuild_search_index (select_related what the methods read)."""
        return self.model._default_manager.all()

    def is_indexable(self, item):
        """False for items nobody but moderators should find (removed, hidden, drafts)."""
        return not getattr(item, "is_removed", False)

    def title(self, item):
        return str(item)

    def body(self, item):
        return html_to_text(getattr(item, "body", "") or "")

    def url(self, item):
        return item.get_absolute_url()

    def author(self, item):
        return getattr(item, "author", None)

    def community(self, item):
        return getattr(item, "community", None)

    def created(self, item):
        return item.created

    def updated(self, item):
        return getattr(item, "updated", None) or item.created

    def prefetch(self, items):
        """Load, in a few queries, whatever `body` etc. need for a batch of items."""

    # --- who may find it --------------------------------------------------------------------
    @property
    def uses_community_rule(self):
        """True when the model's visible_to is exactly the communities rule on its `community`
        (CommunityScopedQuerySet's, not overridden): the index row's community then decides."""
        queryset_class = type(self.model._default_manager.get_queryset())
        return (
            issubclass(queryset_class, CommunityScopedQuerySet)
            and queryset_class.visible_to is CommunityScopedQuerySet.visible_to
        )

    def visible_q(self, user, visible_community_ids):
        """For models with their own rule: a Q over SearchDocument selecting this kind's rows
        whose item `user` may see, built on the model's own visible_to (one subquery).
        `visible_community_ids` are those of Community.objects.visible_to(user), already read;
        a model whose rule accepts them (blog entries) overrides this to pass them on."""
        return Q(object_id__in=self.model.objects.visible_to(user).values("pk"))

    def in_community_q(self, community):
        """Rows of this kind that belong to (or are published in) `community`."""
        return Q(community=community)

    # --- tagging ----------------------------------------------------------------------------
    def can_tag(self, item, user, access=None):
        """Any member who can see the item in one of their (open) communities."""
        return self.tag_community(item, user, access) is not None

    def _access(self, community, user, access):
        """Reuse the page's CommunityAccess when it is about the same community."""
        if access is not None and access.community.pk == community.pk and access.user == user:
            return access
        return CommunityAccess(user, community)

    def tag_community(self, item, user, access=None):
        """The community in which `user` may tag `item` (their tag counts in its cloud), or
        None when they may not: members of a live, open community the item is in."""
        community = self.community(item)
        if community is None or not self._access(community, user, access).can_post:
            return None
        return community

    def can_remove_tags(self, item, user, access=None):
        """The item's author (while the community is open) or its facilitators."""
        community = self.community(item)
        if community is None:
            return False
        access = self._access(community, user, access)
        if access.can_moderate:
            return True
        author = self.author(item)
        return access.can_post and author is not None and author.pk == getattr(user, "pk", None)

    def describe(self, item):
        return _("%(kind)s “%(title)s”") % {"kind": self.label, "title": self.title(item)}


def adapters():
    """Every declared adapter, in feature order; two adapters may not share a kind."""
    found = feature_registry.adapters()
    kinds_seen = {}
    for adapter in found:
        other = kinds_seen.setdefault(adapter.kind, adapter)
        if other is not adapter:
            raise ValueError(f"Search kind {adapter.kind!r} is declared twice")
    return found


def adapter_for_kind(kind):
    for adapter in adapters():
        if adapter.kind == kind:
            return adapter
    return None


def adapter_for(item_or_model):
    model = item_or_model if isinstance(item_or_model, type) else type(item_or_model)
    registered = adapters()
    for adapter in registered:
        if adapter.model is model:
            return adapter
    # Deferred-field and proxy instances have a subclass of the declared model.
    for adapter in registered:
        if issubclass(model, adapter.model):
            return adapter
    return None


def kinds():
    return [(adapter.kind, adapter.label_plural) for adapter in adapters()]


def tagged_items():
    """The tags app's TaggedItem model (who tagged what, with the item's content type and id),
    for index rows' tag names and the tag filter. Looked up by name: the tags app is built on
    search (a tag page is a search), so search does not import it."""
    return apps.get_model("tags", "TaggedItem")
