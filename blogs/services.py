"""Every write to blogs: keyword-only, atomic, rules re-checked; mentions emailed after commit."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from activity.models import Verb
from activity.services import hide_for as activity_hide_for
from activity.services import record_placements as activity_record_placements
from activity.services import show_for as activity_show_for
from comments.models import Comment
from communities.models import is_site_admin
from communities.rules import CommunityAccess, refuse
from communities.services import community_touch
from conversations.models import Reaction, Removal, Report
from core.concurrency import claim_edit
from core.errors import Invalid
from richtext.attachments import attachments_add, attachments_delete_all, attachments_remove
from richtext.mentions import link_mentions, mentioned_users, notify_mentions_later
from richtext.sanitise import clean_rich_text, is_blank
from search.services import index_later as search_index_later
from search.services import remove_item as search_remove

from .models import Blog, BlogEntry, BlogPublication


def blog_for(user):
    blog, _created = Blog.objects.get_or_create(user=user)
    return blog


def can_publish_in(user, community):
    """Members may publish into a live, open community that has the blog feature."""
    return not CommunityAccess(user, community).refusal("post", feature="blogs")


def _prepare(title, body):
    title = " ".join((title or "").split())
    if not title:
        raise Invalid(_("Give your entry a title."))
    body = clean_rich_text(body)
    if is_blank(body):
        raise Invalid(_("Write your entry."))
    body, mentioned = link_mentions(body)
    return title, body, mentioned


def _check_communities(author, communities):
    for community in communities:
        CommunityAccess(author, community).require(
            "post", feature="blogs", doing=_("publish blog entries in it")
        )


def _notify(entry, users, already=()):
    if users:
        notify_mentions_later(
            item=entry,
            users=users,
            author=entry.author,
            url=entry.get_absolute_url(),
            title=entry.title,
            already=already,
        )


@transaction.atomic
def entry_create(*, author, title, body, communities=(), files=()):
    communities = list(communities)
    _check_communities(author, communities)
    title, body, mentioned = _prepare(title, body)
    blog_for(author)
    entry = BlogEntry.objects.create(author=author, title=title, body=body)
    BlogPublication.objects.bulk_create(
        [BlogPublication(entry=entry, community=community) for community in communities]
    )
    attachments_add(owner=entry, files=files, user=author)
    for community in communities:
        community_touch(community=community)
    _notify(entry, mentioned)
    activity_record_placements(
        actor=author,
        verb=Verb.BLOG_PUBLISHED,
        subject=entry,
        placements=list(entry.publications.all()) or None,
        excerpt=body,
    )
    search_index_later(entry)
    return entry


@transaction.atomic
def entry_edit(
    *,
    entry,
    by,
    title,
    body,
    communities=None,
    offered=None,
    files=(),
    remove_attachments=(),
    base_version=None,
):
    """Edit an entry. `communities` is the new choice among `offered` (the communities the
    form offered); publications in communities that were not offered (closed down, or left)
    are kept as they are. Raises EditConflict if the entry was saved after `base_version`."""
    if by.pk != entry.author_id:
        refuse("blog_author", doing=_("edit a blog entry"))
    if entry.is_removed:
        refuse("hidden_entry")
    claim_edit(entry, base_version=base_version)
    before = mentioned_users(entry.body)
    entry.title, entry.body, mentioned = _prepare(title, body)
    entry.edited_at = timezone.now()
    entry.save(update_fields=["title", "body", "edited_at", "updated"])
    if communities is not None:
        offered_ids = {c.pk for c in (offered if offered is not None else communities)}
        chosen = {c.pk: c for c in communities}
        current = set(entry.publications.values_list("community_id", flat=True))
        added = [c for pk, c in chosen.items() if pk not in current]
        _check_communities(by, added)
        gone = (current & offered_ids) - set(chosen)
        entry.publications.filter(community_id__in=gone).delete()
        BlogPublication.objects.bulk_create(
            [BlogPublication(entry=entry, community=community) for community in added]
        )
        activity_record_placements(
            actor=by,
            verb=Verb.BLOG_PUBLISHED,
            subject=entry,
            placements=list(entry.publications.filter(community__in=added)),
            excerpt=entry.body,
        )
    if remove_attachments:
        attachments_remove(owner=entry, keys=remove_attachments)
    attachments_add(owner=entry, files=files, user=by)
    _notify(entry, mentioned, already=before)
    search_index_later(entry)
    return entry


@transaction.atomic
def entry_delete(*, entry, by):
    """The author deletes their entry for good, with its comments and attachments."""
    if by.pk != entry.author_id and not is_site_admin(by):
        refuse("blog_author", doing=_("delete a blog entry"))
    entry_type = ContentType.objects.get_for_model(BlogEntry)
    comment_type = ContentType.objects.get_for_model(Comment)
    comment_ids = list(Comment.objects.on(entry).values_list("pk", flat=True))
    for model in (Reaction, Report):
        model.objects.filter(target_type=entry_type, target_id=entry.pk).delete()
        model.objects.filter(target_type=comment_type, target_id__in=comment_ids).delete()
    Comment.objects.on(entry).delete()
    attachments_delete_all(owner=entry)
    activity_hide_for(entry)
    search_remove(entry)
    entry.delete()


@transaction.atomic
def entry_remove(*, entry, by):
    """A moderator hides an entry (after a report); only moderators then see it."""
    if not entry.can_moderate(by):
        refuse("a_facilitator", doing=_("hide this entry"))
    entry.removed_at, entry.removed_by, entry.removal = timezone.now(), by, Removal.REPORT
    entry.save(update_fields=["removed_at", "removed_by", "removal", "updated"])
    activity_hide_for(entry)
    search_remove(entry)
    return entry


@transaction.atomic
def entry_restore(*, entry, by):
    if not entry.can_moderate(by):
        refuse("a_facilitator", doing=_("restore this entry"))
    entry.removed_at, entry.removed_by, entry.removal = None, None, ""
    entry.save(update_fields=["removed_at", "removed_by", "removal", "updated"])
    activity_show_for(entry)
    search_index_later(entry)
    return entry


@transaction.atomic
def blog_set_active(*, user, active):
    blog = blog_for(user)
    blog.is_active = bool(active)
    blog.save(update_fields=["is_active"])
    return blog
