from django.http import Http404
from django.shortcuts import get_object_or_404

from core.files import serve_file

from .models import Attachment


def attachment(request, key, name):
    """Serve an attachment to someone who can see the item it is attached to (else 404).

    The owner model's `visible_to` is the community visibility rule; an item that was removed
    (deleted or hidden by a facilitator) keeps its files from everyone but its moderators.
    """
    item = get_object_or_404(Attachment.objects.select_related("owner_type"), key=key)
    model = item.owner_type.model_class()
    if model is None or not hasattr(model.objects, "visible_to"):
        raise Http404("No such file.")
    owner = model.objects.visible_to(request.user).filter(pk=item.owner_id).first()
    if owner is None:
        raise Http404("No such file.")
    content_visible = getattr(owner, "content_visible_to", None)
    if content_visible is not None and not content_visible(request.user):
        raise Http404("No such file.")
    return serve_file(item.file, filename=item.name, content_type=item.content_type)
