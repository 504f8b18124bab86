"""Lifecycle toolkits (a checklist per stage, ticked per community) and closedown done well
(lessons learned, a successor, the notice to members, and the offline community archive)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alerts.models import DeliveryRecord
from communities.models import Community
from core.models import TimeStampedModel
from richtext.fields import RichTextField

Stage = Community.Stage


class ToolkitTaskQuerySet(models.QuerySet):
    def current(self):
        """Tasks in use: retired ones keep their ticks for the record but no longer count."""
        return self.filter(retired_at__isnull=True)

    def for_stage(self, stage):
        return self.current().filter(stage=stage).order_by("position", "pk")


class ToolkitTask(TimeStampedModel):
    """One task on a stage's checklist, written by site admins for every community."""

    stage = models.CharField(max_length=10, choices=Stage.choices, db_index=True)
    title = models.CharField(max_length=160)
    how = models.CharField(_("how"), max_length=300, help_text=_("One line: how to do it."))
    position = models.PositiveIntegerField(default=0)
    retired_at = models.DateTimeField(null=True, blank=True)

    objects = ToolkitTaskQuerySet.as_manager()

    class Meta:
        ordering = ["stage", "position", "pk"]
        indexes = [models.Index(fields=["stage", "retired_at", "position"])]

    def __str__(self):
        return f"{self.get_stage_display()}: {self.title}"

    @property
    def is_retired(self):
        return self.retired_at is not None


class TaskTick(models.Model):
    """A facilitator ticked `task` for `community`: who and when. Unticking deletes the row."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(ToolkitTask, on_delete=models.CASCADE, related_name="ticks")
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    ticked_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "task"], name="task_tick_once"),
        ]

    def __str__(self):
        return f"{self.task} ticked in {self.community}"


class Closedown(TimeStampedModel):
    """A community's closedown record: the lessons learned page, its successor, and whether the
    members have been told. One row per community, made when it first moves to closedown."""

    community = models.OneToOneField(Community, on_delete=models.CASCADE, related_name="+")
    what_worked = RichTextField(_("what worked"), blank=True)
    what_did_not = RichTextField(_("what did not work"), blank=True)
    outputs = RichTextField(
        _("outputs"), blank=True, help_text=_("What the community produced and where it now lives.")
    )
    lessons_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lessons_at = models.DateTimeField(null=True, blank=True)
    successor = models.ForeignKey(
        Community, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    notice_sent_at = models.DateTimeField(null=True, blank=True)
    edit_version = models.PositiveIntegerField(default=1, editable=False)

    def __str__(self):
        return f"Closedown of {self.community}"

    @property
    def has_lessons(self):
        return bool(self.what_worked or self.what_did_not or self.outputs)


class ClosedownNotice(DeliveryRecord):
    """One row per member told that their community is closing: claimed before the email goes
    and confirmed after (alerts.delivery), so each member is told exactly once."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], name="closedown_notice_once"),
        ]

    def __str__(self):
        return f"Closedown notice of {self.community} to {self.user}"


class ArchiveBuild(TimeStampedModel):
    """One build of a community's offline archive (a zip of static HTML), asked for by a member.

    The zip holds what every member of the community can see there (never a sub-community's
    content) and is served only to people who can see the community at download time."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        BUILDING = "building", _("Being built")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Could not be built")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    steps_done = models.PositiveIntegerField(default=0)
    steps_total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="archives/", blank=True)
    size = models.PositiveBigIntegerField(default=0)
    item_count = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["community", "status", "created"])]
        constraints = [
            # One build at a time per community: asking again while one runs shows that one.
            models.UniqueConstraint(
                fields=["community"],
                condition=Q(status__in=["queued", "building"]),
                name="archive_build_one_running",
            ),
        ]

    def __str__(self):
        return f"Archive of {self.community} ({self.status})"

    @property
    def is_running(self):
        return self.status in (self.Status.QUEUED, self.Status.BUILDING)

    @property
    def is_ready(self):
        return self.status == self.Status.READY

    @property
    def percent(self):
        if not self.steps_total:
            return 0
        return min(100, round(100 * self.steps_done / self.steps_total))
