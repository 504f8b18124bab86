"""Demo data: toolkit ticks in two communities and the Daventry group's lessons learned, made
through the services (idempotent: ticking twice keeps one tick; lessons are written once)."""

from . import services
from .models import ToolkitTask

TICKS = {
    "facilitators": ("facilitator", ["Refresh the wiki", "Review membership"]),
    "daventry": ("tom", ["Collect lessons learned", "Choose what to keep"]),
}


def seed(ctx):
    users, communities = ctx["users"], ctx.get("communities", {})
    for key, (who, titles) in TICKS.items():
        community = communities.get(key)
        if community is None or who not in users:
            continue
        community.refresh_from_db()
        for task in ToolkitTask.objects.for_stage(community.stage).filter(title__in=titles):
            services.task_tick(community=community, by=users[who], task=task)
    daventry = communities.get("daventry")
    if daventry is None or "tom" not in users:
        return
    daventry.refresh_from_db()
    if services.closedown_of(daventry).has_lessons:
        return
    services.lessons_update(
        community=daventry,
        by=users["tom"],
        what_worked=(
            "<p>Comparing the same six services every quarter, with one named contact per "
            "council, kept the figures comparable and the discussion practical.</p>"
        ),
        what_did_not=(
            "<p>The wiki of definitions went stale once the first year's enthusiasm passed; "
            "next time, give one member the job of keeping it current.</p>"
        ),
        outputs=(
            "<p>The final benchmarking report (in the document library) and the cost "
            "definitions, now kept by the regional improvement team.</p>"
        ),
        base_version=None,
    )
