import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.files import INLINE_IMAGE_TYPES, display_filename
from core.models import TimeStampedModel


def new_key():
    return secrets.token_urlsafe(16)


class Attachment(TimeStampedModel):
    """A file attached to a forum post, blog entry (or anything else with `visible_to`).

    The file is stored under an unguessable name and only ever served by `richtext:attachment`,
    which checks that the viewer can see the item it belongs to (see views.py).
    """

    key = models.CharField(max_length=32, unique=True, default=new_key, editable=False)
    owner_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")
    file = models.FileField(max_length=255)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["owner_type", "owner_id"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(
            "richtext:attachment", kwargs={"key": self.key, "name": display_filename(self.name)}
        )

    @property
    def is_image(self):
        return self.content_type in INLINE_IMAGE_TYPES

    @property
    def size_label(self):
        return filesizeformat(self.size)
