"""What a member can say "this helped me" about: forum posts, wiki pages, documents and events.

Each kind is named in addresses (/value/helped/post/12/) and loaded only through its model's
`visible_to(user)`, the community rule with the item's feature switch: an item someone cannot see
(or of a feature switched off) is a 404, exactly as on its own page.
"""

from django.http import Http404
from django.utils.translation import gettext as _

from communities.rules import CommunityAccess, refusal
from core import features as feature_registry
from documents.models import Document
from events.models import Event
from forums.models import Post
from wikis.models import WikiPage

KINDS = {"post": Post, "wikipage": WikiPage, "document": Document, "event": Event}
# Loading an item also reads what its description and address need.
RELATED = {"post": ("community", "topic", "author"), "wikipage": ("community",)}


def kind_of(model):
    """The word for `model` in addresses ("post"), or None when stories are not told about it."""
    return next((kind for kind, known in KINDS.items() if known is model), None)


def feature_of(item):
    return feature_registry.of_model(type(item)) or ""


def load_item(kind, pk, user):
    """The item, if `user` can see it and what it says; else 404."""
    model = KINDS.get(kind)
    if model is None:
        raise Http404("No such item.")
    related = RELATED.get(kind, ("community",))
    item = model.objects.visible_to(user).select_related(*related).filter(pk=pk).first()
    if item is None:
        raise Http404("No such item.")
    content_visible = getattr(item, "content_visible_to", None)
    if content_visible is not None and not content_visible(user):
        raise Http404("No such item.")
    return item


def telling_refusal(item, user, access=None):
    """Why `user` may not say this item helped them, in words, or "" when they may: members of
    the item's community while it is open, never about their own contribution."""
    access = access or CommunityAccess(user, item.community)
    reason = access.refusal("post", feature=feature_of(item), doing=_("say what helped them here"))
    if reason:
        return reason
    if author_id(item) == user.pk:
        return refusal("own_helpful")
    if getattr(item, "is_removed", False):
        return refusal("cannot_see")
    if kind_of(type(item)) == "post" and not item.can_respond(user):
        return refusal("locked")
    return ""


def author_id(item):
    """Whose contribution it is: a post's or document's author, whoever started a wiki page or
    added an event."""
    return getattr(item, "author_id", None) or getattr(item, "created_by_id", None)


def describe(item):
    """ "the wiki page “Matching”": the item as a story names it."""
    return item.describe()[:300]
