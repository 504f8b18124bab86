from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from communities.admin import CommunityAdmin
from communities.models import Community

from .models import ArchiveBuild, Closedown, ClosedownNotice, TaskTick, ToolkitTask


class CommunityWithToolkitAdmin(CommunityAdmin):
    """The site admins' list of communities, with how much of each one's present-stage toolkit
    is done ("4 of 6"), read in the list's own query."""

    list_display = [*CommunityAdmin.list_display, "toolkit"]

    def get_queryset(self, request):
        ticks = TaskTick.objects.filter(
            community=OuterRef("pk"), task__stage=OuterRef("stage"), task__retired_at__isnull=True
        )
        tasks = ToolkitTask.objects.filter(stage=OuterRef("stage"), retired_at__isnull=True)
        return (
            super()
            .get_queryset(request)
            .annotate(
                toolkit_done=Subquery(
                    ticks.order_by().values("community").annotate(n=Count("pk")).values("n")[:1],
                    output_field=IntegerField(),
                ),
                toolkit_total=Subquery(
                    tasks.order_by().values("stage").annotate(n=Count("pk")).values("n")[:1],
                    output_field=IntegerField(),
                ),
            )
        )

    @admin.display(description=_("Toolkit"))
    def toolkit(self, obj):
        return f"{obj.toolkit_done or 0} of {obj.toolkit_total or 0}"


admin.site.unregister(Community)
admin.site.register(Community, CommunityWithToolkitAdmin)


@admin.register(ToolkitTask)
class ToolkitTaskAdmin(admin.ModelAdmin):
    list_display = ["title", "stage", "position", "retired_at"]
    list_filter = ["stage"]


@admin.register(TaskTick)
class TaskTickAdmin(admin.ModelAdmin):
    list_display = ["task", "community", "ticked_by", "ticked_at"]
    raw_id_fields = ["community", "task", "ticked_by"]


@admin.register(Closedown)
class ClosedownAdmin(admin.ModelAdmin):
    list_display = ["community", "successor", "lessons_at", "notice_sent_at"]
    raw_id_fields = ["community", "successor", "lessons_by"]


@admin.register(ClosedownNotice)
class ClosedownNoticeAdmin(admin.ModelAdmin):
    list_display = ["community", "user", "status", "sent_at", "attempts"]
    list_filter = ["status"]
    raw_id_fields = ["community", "user"]


@admin.register(ArchiveBuild)
class ArchiveBuildAdmin(admin.ModelAdmin):
    list_display = ["community", "status", "requested_by", "created", "finished_at", "size"]
    list_filter = ["status"]
    raw_id_fields = ["community", "requested_by"]
