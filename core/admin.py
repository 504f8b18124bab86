from django.contrib import admin

from .models import Feedback, OutboxTask


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["created", "author", "page"]
    readonly_fields = ["created", "author", "page", "message"]


@admin.register(OutboxTask)
class OutboxTaskAdmin(admin.ModelAdmin):
    """Background work recorded with its change (core/handoff.py); unsent rows carry the reason."""

    list_display = ["id", "task_name", "created", "attempts", "sent_at", "last_error"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter), "task_name"]
    readonly_fields = [
        "task_name",
        "args",
        "kwargs",
        "created",
        "attempts",
        "last_error",
        "sent_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
