"""Every email received for a reply address, kept before anything is done with it.

A row is written as soon as a message arrives (status "received"), with the raw message, and
only then processed: if processing fails, the message is still here to run again. One row per
message and reply address: a message delivered twice (same Message-ID, same address) finds its
row and is not posted twice.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class InboundMessage(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("Received, not yet processed")
        POSTED = "posted", _("Posted")
        REFUSED = "refused", _("Refused (the sender was told)")
        IGNORED = "ignored", _("Ignored (automatic mail, no answer)")
        FAILED = "failed", _("Failed (see the error)")

    key = models.CharField(max_length=255, help_text=_("The Message-ID, or a hash of the message."))
    recipient = models.CharField(max_length=320, blank=True)
    sender = models.CharField(max_length=320, blank=True)
    # MAIL FROM as the receiver heard it ("" for the null sender of a bounce); None when unknown.
    envelope_sender = models.CharField(max_length=320, null=True, blank=True)
    via = models.CharField(max_length=16, default="smtp")
    size = models.PositiveIntegerField(default=0)
    too_large = models.BooleanField(default=False)
    raw = models.BinaryField(
        help_text=_("The message as received (its headers only when too large).")
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RECEIVED)
    reason = models.CharField(max_length=32, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    posted_url = models.CharField(max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["key", "recipient"], name="inbound_once_per_address")
        ]
        indexes = [models.Index(fields=["status", "received_at"], name="inbound_status")]

    def __str__(self):
        return f"{self.key} → {self.recipient} ({self.status})"
