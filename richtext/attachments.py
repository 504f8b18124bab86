"""Attachments on any item: store uploads, remove them, and load them for a page of items."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType

from core.files import guess_type, unguessable_name

from .models import Attachment


def attachments_add(*, owner, files, user):
    """Store already-validated uploads (AttachmentsField checked them) against `owner`."""
    owner_type = ContentType.objects.get_for_model(owner)
    created = []
    for upload in files:
        attachment = Attachment(
            owner_type=owner_type,
            owner_id=owner.pk,
            name=upload.name[:255],
            content_type=guess_type(upload.name),
            size=upload.size,
            uploaded_by=user,
        )
        attachment.file.save(unguessable_name(upload.name, "attachments"), upload, save=False)
        attachment.save()
        created.append(attachment)
    return created


def attachments_remove(*, owner, keys):
    """Delete the named attachments of `owner` (and their stored files)."""
    owner_type = ContentType.objects.get_for_model(owner)
    doomed = list(Attachment.objects.filter(owner_type=owner_type, owner_id=owner.pk, key__in=keys))
    for attachment in doomed:
        attachment.file.delete(save=False)
        attachment.delete()
    return doomed


def attachments_delete_all(*, owner):
    owner_type = ContentType.objects.get_for_model(owner)
    keys = Attachment.objects.filter(owner_type=owner_type, owner_id=owner.pk).values_list(
        "key", flat=True
    )
    return attachments_remove(owner=owner, keys=list(keys))


def attachments_for(items):
    """{item.pk: [Attachment, ...]} for a page of items of one model, in one query."""
    items = list(items)
    if not items:
        return {}
    owner_type = ContentType.objects.get_for_model(items[0])
    grouped = defaultdict(list)
    for attachment in Attachment.objects.filter(
        owner_type=owner_type, owner_id__in=[item.pk for item in items]
    ):
        grouped[attachment.owner_id].append(attachment)
    return grouped


def attach_to(items):
    """Set `item.attachment_list` on each item (one query for the lot)."""
    grouped = attachments_for(items)
    for item in items:
        item.attachment_list = grouped.get(item.pk, [])
    return items
