"""Every write to the document library: keyword-only, atomic, each re-checking its rule.

Files are checked again here (documents/uploads.py), whatever the form did, and stored through
Django's default storage under random names. Files of a deleted version (whatever deleted it:
document_delete, or a cascade from a community or the admin) are removed from the storage only
after the deletion commits, by documents.signals, so a rolled-back delete never loses a file.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activity.models import Verb
from activity.services import hide_for
from activity.services import record as activity_record
from comments.models import Comment
from communities.rules import CommunityAccess, refuse
from communities.services import community_touch
from conversations.models import Reaction, Report
from core.concurrency import claim_edit
from core.errors import Invalid
from core.files import unguessable_name
from richtext.sanitise import clean_rich_text, html_to_text
from search.services import index_later, remove_item
from tags.models import TaggedItem

from .models import Document, DocumentVersion, Rating
from .uploads import check_upload

ADDING = gettext_lazy("add documents")


def _require_post(user, community):
    access = CommunityAccess(user, community)
    access.require("post", feature="documents", doing=ADDING)
    return access


def _checked(upload):
    try:
        return check_upload(upload)
    except ValidationError as error:
        raise Invalid(error.messages[0]) from None


def _clean_title(title):
    title = " ".join((title or "").split())
    if not title:
        raise Invalid(_("Give the document a title."))
    return title[:200]


def _store_version(*, document, upload, checked, by, note, number, when):
    version = DocumentVersion(
        document=document,
        number=number,
        original_name=checked.name,
        size=checked.size,
        content_type=checked.content_type,
        kind_label=checked.kind_label,
        note=" ".join((note or "").split())[:300],
        uploaded_by=by,
        created=when,
    )
    version.file.save(unguessable_name(checked.name, "documents"), upload, save=False)
    try:
        version.save()
    except Exception:
        version.file.delete(save=False)
        raise
    return version


@transaction.atomic
def document_upload(*, community, author, title, description, upload):
    _require_post(author, community)
    title = _clean_title(title)
    checked = _checked(upload)
    now = timezone.now()
    document = Document.objects.create(
        community=community,
        title=title,
        description=clean_rich_text(description),
        author=author,
        version_count=1,
    )
    version = _store_version(
        document=document,
        upload=upload,
        checked=checked,
        by=author,
        note=_("First version."),
        number=1,
        when=now,
    )
    document.current_version = version
    document.save(update_fields=["current_version"])
    activity_record(
        actor=author,
        verb=Verb.DOCUMENT_UPLOADED,
        target=document,
        community=community,
        title=title,
        excerpt=html_to_text(document.description),
    )
    community_touch(community=community, when=now)
    index_later(document)
    return document


def can_add_version(document, user):
    """Any member may share an updated version (the old ones stay in the history)."""
    return not CommunityAccess(user, document.community).refusal("post", feature="documents")


@transaction.atomic
def version_add(*, document, by, upload, note):
    _require_post(by, document.community)
    note = " ".join((note or "").split())
    if not note:
        raise Invalid(_("Say briefly what changed in this version."))
    checked = _checked(upload)
    locked = Document.objects.select_for_update().get(pk=document.pk)
    number = locked.version_count + 1
    now = timezone.now()
    version = _store_version(
        document=document, upload=upload, checked=checked, by=by, note=note, number=number, when=now
    )
    Document.objects.filter(pk=document.pk).update(
        current_version=version, version_count=number, updated=now
    )
    document.current_version, document.version_count, document.updated = version, number, now
    activity_record(
        actor=by,
        verb=Verb.DOCUMENT_UPLOADED,
        target=document,
        community=document.community,
        title=document.title,
        excerpt=_("New version %(number)s: %(note)s") % {"number": number, "note": note},
    )
    community_touch(community=document.community, when=now)
    index_later(document)
    return version


def can_edit(document, user, access=None):
    """Its uploader (while the community is open) or a facilitator."""
    access = access or CommunityAccess(user, document.community)
    if access.can_moderate and not document.community.is_archived:
        return True
    return access.can_post and document.author_id == getattr(user, "pk", None)


@transaction.atomic
def document_edit(*, document, by, title, description, base_version=None):
    """Raises EditConflict if the details were saved after `base_version`."""
    if not can_edit(document, by):
        refuse("document_details")
    title = _clean_title(title)
    claim_edit(document, base_version=base_version)
    document.title = title
    document.description = clean_rich_text(description)
    document.save(update_fields=["title", "description", "updated"])
    index_later(document)
    return document


@transaction.atomic
def document_rate(*, document, user, stars):
    """Give (or change) one member's 1–5 star rating; keeps the average and count."""
    CommunityAccess(user, document.community).require("post", doing=_("rate documents"))
    try:
        stars = int(stars)
    except (TypeError, ValueError):
        stars = 0
    if not 1 <= stars <= 5:
        raise Invalid(_("Choose from 1 to 5 stars."))
    rating, created = Rating.objects.update_or_create(
        user=user, document=document, defaults={"stars": stars}
    )
    ratings_recount([document.pk])
    document.refresh_from_db(fields=["rating_avg", "rating_count"])
    if created:
        activity_record(
            actor=user,
            verb=Verb.DOCUMENT_RATED,
            target=document,
            community=document.community,
            title=document.title,
            excerpt=_("%(stars)s out of 5 stars") % {"stars": stars},
        )
    return rating


def ratings_recount(document_ids):
    """Set each listed document's rating average and count from its Rating rows: two queries
    however many documents. document_rate calls it, and so does documents.signals when a
    user row is deleted (their ratings go by cascade). Ids of deleted documents are ignored.
    Does not touch `updated`: a rating is not an edit."""
    ids = set(document_ids)
    if not ids:
        return
    totals = {
        row["document"]: row
        for row in Rating.objects.filter(document__in=ids)
        .values("document")
        .annotate(avg=Avg("stars"), n=Count("pk"))
        .order_by()
    }
    Document.objects.bulk_update(
        [
            Document(
                pk=pk,
                rating_avg=round(totals[pk]["avg"], 2) if pk in totals else 0,
                rating_count=totals[pk]["n"] if pk in totals else 0,
            )
            for pk in sorted(ids)
        ],
        ["rating_avg", "rating_count"],
    )


def can_delete(document, user, access=None):
    access = access or CommunityAccess(user, document.community)
    return access.can_moderate or (
        access.can_post and document.author_id == getattr(user, "pk", None)
    )


@transaction.atomic
def document_delete(*, document, by):
    """Its uploader (while the community is open) or a facilitator deletes a document for
    good: every version's file, its ratings, comments and tags."""
    if not can_delete(document, by):
        refuse("uploader")
    remove_item(document)
    hide_for(document)
    document_type = ContentType.objects.get_for_model(Document)
    comment_type = ContentType.objects.get_for_model(Comment)
    comment_ids = list(Comment.objects.on(document).values_list("pk", flat=True))
    for model in (Reaction, Report):
        model.objects.filter(target_type=document_type, target_id=document.pk).delete()
        model.objects.filter(target_type=comment_type, target_id__in=comment_ids).delete()
    Comment.objects.on(document).delete()
    TaggedItem.objects.filter(  # visibility: write
        content_type=document_type, object_id=document.pk
    ).delete()
    Document.objects.filter(pk=document.pk).update(current_version=None)
    # The versions go by cascade; documents.signals removes each one's file after the commit.
    document.delete()
