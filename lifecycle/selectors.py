"""Reads for toolkits and closedown, each a fixed number of queries whatever the size."""

from dataclasses import dataclass

from django.db.models import Count, F, Prefetch

from communities.models import Community

from .models import ArchiveBuild, Closedown, TaskTick, ToolkitTask


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    def __str__(self):
        return f"{self.done} of {self.total}"

    @property
    def complete(self):
        return self.total > 0 and self.done >= self.total


def checklist(community):
    """The current tasks of the community's stage, each with `tick` (the TaskTick or None).
    Two queries."""
    ticks = TaskTick.objects.filter(community=community).select_related("ticked_by")
    tasks = list(
        ToolkitTask.objects.for_stage(community.stage).prefetch_related(
            Prefetch("ticks", queryset=ticks, to_attr="community_ticks")
        )
    )
    for task in tasks:
        task.tick = task.community_ticks[0] if task.community_ticks else None
    return tasks


def progress_of(communities):
    """{community pk: Progress} for these communities at their present stages. Two queries."""
    communities = list(communities)
    totals = dict(
        ToolkitTask.objects.current()
        .order_by()
        .values("stage")
        .annotate(n=Count("pk"))
        .values_list("stage", "n")
    )
    done = dict(
        TaskTick.objects.filter(
            community__in=[c.pk for c in communities],
            task__retired_at__isnull=True,
            task__stage=F("community__stage"),
        )
        .order_by()
        .values("community")
        .annotate(n=Count("pk"))
        .values_list("community", "n")
    )
    return {c.pk: Progress(done.get(c.pk, 0), totals.get(c.stage, 0)) for c in communities}


def progress_for(community):
    return progress_of([community])[community.pk]


def closedown_for(community):
    """The closedown record with its successor, or None. One query."""
    return Closedown.objects.select_related("successor").filter(community=community).first()


def visible_successor(closedown, user):
    """The successor if `user` may see it, else None: a private successor is never named to
    someone outside it."""
    if closedown is None or closedown.successor_id is None:
        return None
    if Community.objects.visible_to(user).filter(pk=closedown.successor_id).exists():
        return closedown.successor
    return None


def latest_builds(community):
    """(running build or None, newest ready build or None, the newest build if it failed).
    One query."""
    running = ready = None
    builds = list(ArchiveBuild.objects.filter(community=community).order_by("-created", "-pk")[:10])
    for build in builds:
        if build.is_running and running is None:
            running = build
        if build.is_ready and ready is None:
            ready = build
    failed = builds[0] if builds and builds[0].status == ArchiveBuild.Status.FAILED else None
    return running, ready, failed


def tasks_by_stage():
    """Every task, retired ones too, grouped by stage in stage order: the admins' page."""
    grouped = {stage: [] for stage, _ in Community.Stage.choices}
    retired_last = F("retired_at").asc(nulls_first=True)
    for task in ToolkitTask.objects.order_by("stage", retired_last, "position", "pk"):
        grouped[task.stage].append(task)
    return [
        {"stage": stage, "label": label, "tasks": grouped[stage]}
        for stage, label in Community.Stage.choices
    ]
