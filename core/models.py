import json

from django.db import models
from kombu.utils import json as broker_json


class TaskArgumentsDecoder(json.JSONDecoder):
    """Reads task arguments back exactly as the broker would deliver them: kombu's JSON keeps
    dates, times, UUIDs and decimals typed, where plain JSON would fail or turn them into text."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("object_hook", broker_json.object_hook)
        super().__init__(*args, **kwargs)


class TimeStampedModel(models.Model):
    """Base for every content model: most lists sort or filter on these two columns."""

    created = models.DateTimeField(auto_now_add=True, db_index=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Feedback(TimeStampedModel):
    """Feedback sent from the footer link, kept so staff can read it even if email fails."""

    author = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True)
    page = models.CharField(max_length=500, blank=True)
    message = models.TextField(max_length=5000)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return self.message[:60]


class OutboxTask(models.Model):
    """A Celery task that must run because a change committed (core/handoff.py).

    Written in the same transaction as the change, so it exists exactly when the change does;
    handed to the broker after the commit, or later by the relay when the broker was down.
    """

    task_name = models.CharField(max_length=200)
    args = models.JSONField(
        default=list, encoder=broker_json.JSONEncoder, decoder=TaskArgumentsDecoder
    )
    kwargs = models.JSONField(
        default=dict, encoder=broker_json.JSONEncoder, decoder=TaskArgumentsDecoder
    )
    created = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # The relay reads only unsent rows, oldest first: a small partial index however many
            # sent rows are kept.
            models.Index(
                fields=["id"], condition=models.Q(sent_at__isnull=True), name="core_outbox_unsent"
            ),
            # Pruning sent rows by age.
            models.Index(fields=["created"], name="core_outbox_created"),
        ]

    def __str__(self):
        return f"{self.task_name} #{self.pk}"
