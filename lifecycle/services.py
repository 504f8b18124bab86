"""Writes for toolkits and closedown: keyword-only, atomic, the permission checked inside.

Toolkit tasks are the site admins' to write; facilitators (and site admins) tick them for their
community. The closedown flow is the facilitators': lessons learned, a successor, the read-only
date and the notice to members (sent by a task, each member once).
"""

from datetime import datetime, time

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Community
from communities.rules import CommunityAccess, refuse
from core import handoff
from core.concurrency import claim_edit
from core.errors import Invalid, NotAllowed
from core.roles import is_site_admin

from .models import ArchiveBuild, Closedown, TaskTick, ToolkitTask


# --- toolkit tasks (site admins) --------------------------------------------------------------
def _require_site_admin(by):
    if not is_site_admin(by):
        raise NotAllowed(_("Only site administrators can change the toolkits."))


def _clean_task_text(title, how):
    title, how = " ".join((title or "").split()), " ".join((how or "").split())
    if not title:
        raise Invalid(_("Give the task a title."))
    if not how:
        raise Invalid(_("Say in one line how to do it."))
    return title, how


@transaction.atomic
def task_create(*, by, stage, title, how):
    _require_site_admin(by)
    stage = Community.Stage(stage)
    title, how = _clean_task_text(title, how)
    last = ToolkitTask.objects.filter(stage=stage).aggregate(last=Max("position"))["last"]
    return ToolkitTask.objects.create(stage=stage, title=title, how=how, position=(last or 0) + 1)


@transaction.atomic
def task_update(*, by, task, title, how):
    _require_site_admin(by)
    task.title, task.how = _clean_task_text(title, how)
    task.save(update_fields=["title", "how", "updated"])
    return task


@transaction.atomic
def task_move(*, by, task, direction):
    """Swap `task` with its neighbour above ("up") or below ("down") among its stage's current
    tasks; at either end nothing moves."""
    _require_site_admin(by)
    if direction not in ("up", "down"):
        raise Invalid(_("Move a task up or down."))
    tasks = list(ToolkitTask.objects.select_for_update().for_stage(task.stage))
    ids = [each.pk for each in tasks]
    if task.pk not in ids:
        raise Invalid(_("A retired task has no place in the list; restore it first."))
    here = ids.index(task.pk)
    there = here - 1 if direction == "up" else here + 1
    if not 0 <= there < len(tasks):
        return task
    tasks[here], tasks[there] = tasks[there], tasks[here]
    for position, each in enumerate(tasks, start=1):
        if each.position != position:
            each.position = position
            each.save(update_fields=["position", "updated"])
    return task


@transaction.atomic
def task_retire(*, by, task, retired=True):
    """Retire a task (it leaves every checklist and every count; its ticks are kept) or bring
    it back at the end of its stage's list."""
    _require_site_admin(by)
    if retired and task.retired_at is None:
        task.retired_at = timezone.now()
    elif not retired and task.retired_at is not None:
        task.retired_at = None
        last = ToolkitTask.objects.for_stage(task.stage).aggregate(last=Max("position"))["last"]
        task.position = (last or 0) + 1
    task.save(update_fields=["retired_at", "position", "updated"])
    return task


# --- ticks (facilitators) ---------------------------------------------------------------------
def _require_facilitator(by, community, doing):
    CommunityAccess(by, community).require("moderate", doing=doing)


@transaction.atomic
def task_tick(*, community, by, task, done=True):
    """Tick (or untick) a current task of the community's present stage."""
    _require_facilitator(by, community, _("tick the toolkit"))
    if task.is_retired or task.stage != community.stage:
        raise Invalid(
            _("That task is not on the %(stage)s checklist any more.")
            % {"stage": community.get_stage_display()}
        )
    if not done:
        TaskTick.objects.filter(community=community, task=task).delete()
        return None
    try:
        with transaction.atomic():
            return TaskTick.objects.create(
                community=community, task=task, ticked_by=by, ticked_at=timezone.now()
            )
    except IntegrityError:  # ticked already (a second window, a double click)
        return TaskTick.objects.get(community=community, task=task)


# --- closedown (facilitators) -----------------------------------------------------------------
def closedown_of(community):
    """The community's closedown record, made on first use."""
    record, _created = Closedown.objects.get_or_create(community=community)
    return record


def _require_closedown(by, community, doing):
    _require_facilitator(by, community, doing)
    if community.stage != Community.Stage.CLOSEDOWN:
        refuse("not_in_closedown", community=community.name)


@transaction.atomic
def lessons_update(*, community, by, what_worked, what_did_not, outputs, base_version):
    """Save the lessons learned on top of the version the form was opened on (EditConflict
    otherwise: two facilitators writing at once never overwrite each other)."""
    _require_closedown(by, community, _("write the lessons learned"))
    record = closedown_of(community)
    claim_edit(record, base_version=base_version)
    record.what_worked, record.what_did_not, record.outputs = what_worked, what_did_not, outputs
    record.lessons_by, record.lessons_at = by, timezone.now()
    record.save()
    return record


@transaction.atomic
def successor_set(*, community, by, successor):
    """Point members to the community that carries the work on (or to none). It must be one
    the facilitator can see, live, and not this one or one of its own sub-communities."""
    _require_closedown(by, community, _("choose a successor"))
    record = closedown_of(community)
    if successor is not None:
        if successor.pk == community.pk:
            raise Invalid(_("A community cannot succeed itself."))
        if not Community.objects.visible_to(by).live().filter(pk=successor.pk).exists():
            raise Invalid(_("Choose a community you can see."))
        if successor.is_archived:
            raise Invalid(
                _("%(successor)s has closed down too; choose an open community.")
                % {"successor": successor.name}
            )
    record.successor = successor
    record.save(update_fields=["successor", "updated"])
    return record


def start_of_day(day):
    return timezone.make_aware(datetime.combine(day, time.min))


@transaction.atomic
def read_only_set(*, community, by, day):
    """The community becomes read-only at the start of `day` (site time); today (or no day)
    means now. A day in the past is refused: it would hide that posts were still allowed."""
    _require_closedown(by, community, _("set the read-only date"))
    today = timezone.localdate()
    if day is not None and day < today:
        raise Invalid(_("Choose today or a later date."))
    moment = None if day is None or day == today else start_of_day(day)
    Community.objects.filter(pk=community.pk).update(read_only_from=moment)
    community.read_only_from = moment
    return community


@transaction.atomic
def notice_send(*, community, by):
    """Tell the members by email that the community is closing (once: the notice task claims a
    row per member, and the button is gone once pressed)."""
    from .tasks import send_closedown_notices

    _require_closedown(by, community, _("send the closedown notice"))
    record = Closedown.objects.select_for_update().get(pk=closedown_of(community).pk)
    if record.notice_sent_at is not None:
        raise Invalid(_("The members have already been told."))
    record.notice_sent_at = timezone.now()
    record.save(update_fields=["notice_sent_at", "updated"])
    handoff.enqueue(send_closedown_notices, community.pk)
    return record


# --- the archive (members) --------------------------------------------------------------------
@transaction.atomic
def archive_request(*, community, by):
    """Ask for a fresh build of the community's archive; while one is being built, that one is
    the answer. Anyone who can see the community may ask."""
    from .tasks import build_archive

    if not CommunityAccess(by, community).can_view:
        raise NotAllowed(_("You cannot see this community."))
    running = ArchiveBuild.objects.filter(
        community=community, status__in=[ArchiveBuild.Status.QUEUED, ArchiveBuild.Status.BUILDING]
    ).first()
    if running is not None:
        return running
    try:
        with transaction.atomic():
            build = ArchiveBuild.objects.create(community=community, requested_by=by)
    except IntegrityError:  # another request won the race
        return ArchiveBuild.objects.get(
            community=community,
            status__in=[ArchiveBuild.Status.QUEUED, ArchiveBuild.Status.BUILDING],
        )
    handoff.enqueue(build_archive, build.pk)
    return build
