"""Adding and removing tags. Keyword-only and atomic; the rules come from the item's search
adapter (search.registry): any member who can see an item in one of their communities may tag
it; its author, the person who added a tag, and the community's facilitators may remove one."""

import re

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from taggit.models import Tag
from taggit.utils import parse_tags

from communities.rules import refuse
from core.errors import Invalid
from search.registry import adapter_for
from search.services import index_later, retag

from . import clouds
from .models import TaggedItem

MAX_TAG_LENGTH = 50
MAX_TAGS_PER_ADD = 10
MAX_TAGS_PER_ITEM = 30


def clean_tag_names(texts):
    """'budget, Social media' -> ['budget', 'Social media'] (commas separate tags; without a
    comma, spaces do). `texts` is one string as typed, or several (each parsed on its own).
    Refuses tags that are too long or have no letters or digits."""
    if isinstance(texts, str):
        texts = [texts]
    raw_names = [raw for text in texts for raw in parse_tags(text or "")]
    names, seen = [], set()
    for raw in raw_names:
        name = " ".join(raw.lstrip("#").split())
        if not name:
            continue
        if len(name) > MAX_TAG_LENGTH:
            raise Invalid(
                _("“%(start)s…” is too long: a tag has at most %(count)s letters.")
                % {"start": name[:60], "count": MAX_TAG_LENGTH}
            )
        if not slugify(name, allow_unicode=True) or not re.search(r"\w", name):
            raise Invalid(_("“%(name)s” is not a tag: use letters or numbers.") % {"name": name})
        if name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
    if len(names) > MAX_TAGS_PER_ADD:
        raise Invalid(_("Add at most %(count)s tags at a time.") % {"count": MAX_TAGS_PER_ADD})
    return names


def _adapter(item):
    adapter = adapter_for(item)
    if adapter is None:
        raise Invalid(_("This kind of item cannot be tagged."))
    return adapter


def can_see(user, item):
    return type(item).objects.visible_to(user).filter(pk=item.pk).exists()


def tag_named(name):
    """The existing tag with this name in any letter case, or a new one."""
    tag = Tag.objects.filter(name__iexact=name).order_by("pk").first()
    if tag is not None:
        return tag
    try:
        with transaction.atomic():
            return Tag.objects.create(name=name)
    except IntegrityError:  # someone created it a moment ago
        return Tag.objects.filter(name__iexact=name).order_by("pk").first()


def rows_for(item):
    content_type = ContentType.objects.get_for_model(item)
    return TaggedItem.objects.filter(content_type=content_type, object_id=item.pk)


@transaction.atomic
def tag_add(*, user, item, names):
    """Add tags (a string as typed, or a list of names) to `item`. Returns the tags added."""
    adapter = _adapter(item)
    if not can_see(user, item) or not adapter.is_indexable(item):
        refuse("cannot_see")
    if not adapter.can_tag(item, user):
        refuse("tag_members")
    names = clean_tag_names(names)
    if not names:
        raise Invalid(_("Type a tag to add (separate several tags with commas)."))
    rows = rows_for(item)
    existing = {name.lower() for name in rows.values_list("tag__name", flat=True)}
    new = [name for name in names if name.lower() not in existing]
    if len(existing) + len(new) > MAX_TAGS_PER_ITEM:
        raise Invalid(_("An item can have at most %(count)s tags.") % {"count": MAX_TAGS_PER_ITEM})
    community = adapter.tag_community(item, user)
    content_type = ContentType.objects.get_for_model(item)
    added = []
    for name in new:
        tag = tag_named(name)
        _row, created = TaggedItem.objects.get_or_create(
            content_type=content_type,
            object_id=item.pk,
            tag=tag,
            defaults={"tagged_by": user, "community": community},
        )
        if created:
            added.append(tag)
    if added:
        retag(item)  # tag pages list it at once
        _renew_clouds(adapter, item)
        index_later(item)
    return added


def _renew_clouds(adapter, item):
    """The site-wide cloud counts tags where the item is indexed, which for an item moved since
    it was tagged is not the community its older tag rows name."""
    community = adapter.community(item)
    if community is not None:
        clouds.community_changed(community.pk)


def can_remove(user, item, row, adapter=None):
    adapter = adapter or _adapter(item)
    if adapter.can_remove_tags(item, user):
        return True
    return row.tagged_by_id == getattr(user, "pk", None) and adapter.can_tag(item, user)


def removable_rows(user, item, rows, *, adapter, can_tag, access=None):
    """Which of the item's tag rows `user` may remove (a constant number of queries)."""
    if adapter.can_remove_tags(item, user, access):
        return {row.pk for row in rows}
    if not can_tag:
        return set()
    return {row.pk for row in rows if row.tagged_by_id == getattr(user, "pk", None)}


@transaction.atomic
def tag_remove(*, user, item, tag):
    adapter = _adapter(item)
    if not can_see(user, item):
        refuse("cannot_see")
    row = rows_for(item).filter(tag=tag).first()
    if row is None:
        raise Invalid(_("“%(tag)s” is not a tag on this item.") % {"tag": tag.name})
    if not can_remove(user, item, row, adapter):
        raise PermissionDenied(
            _("Only the author, the person who added the tag, or a facilitator can remove it.")
        )
    row.delete()
    retag(item)
    _renew_clouds(adapter, item)
    index_later(item)
    return tag
