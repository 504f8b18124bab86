"""Where a reply by email goes, through the same services as the web forms.

A reply about a forum topic becomes a reply in that topic (forums.services.reply_create, with
its attachments); a reply about anything commentable (a blog entry, a document, an event)
becomes a comment on it (comments.services.comment_create). The item is looked up through its
own `visible_to(user)`, so someone who may no longer see it finds nothing.
"""

from django.contrib.contenttypes.models import ContentType

from comments.services import comment_create
from forums.models import Topic
from forums.services import reply_create


def can_receive(model):
    """Items of `model` take replies by email."""
    return model is Topic or bool(getattr(model, "comment_kind", None))


def takes_files(item):
    return isinstance(item, Topic)


def find_item(user, content_type_id, object_id):
    """The item a reply address names, if `user` may still see it; else None."""
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        return None
    if model is None or not can_receive(model):
        return None
    return model._default_manager.visible_to(user).filter(pk=object_id).first()


def may_reply(user, content_type_id, object_id):
    """`user` may post a reply to the item now: the question the alert asks before offering a
    reply address, answered by the item's own rules (those its service checks again)."""
    item = find_item(user, content_type_id, object_id)
    if item is None or not getattr(user, "is_active", False):
        return False
    if isinstance(item, Topic):
        return not item.is_removed and item.opening_post.can_respond(user)
    return item.can_comment(user)


def is_closed_down(item):
    """Every community the item lives in has closed down (a read-only archive)."""
    community = getattr(item, "community", None)
    if community is not None:
        return community.is_archived
    published = getattr(item, "published_communities", None)
    if published is None:
        return False
    communities = list(published())
    return bool(communities) and all(c.is_archived for c in communities)


def post(*, item, author, body, files=()):
    """Post `body` (HTML, sanitised again by the service) as `author`'s reply to `item`.
    Returns the new post or comment. Raises what the service raises (Invalid, NotAllowed,
    PermissionDenied)."""
    if isinstance(item, Topic):
        return reply_create(topic=item, author=author, body=body, files=files)
    return comment_create(target=item, author=author, body=body)
